import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { canonicalBytes, decodeBallot, encodeBallot, judgeBallot, verifyEvents } from "../../../src/core/index.ts";
import { chooseVerifier, sha256 } from "../../../src/crypto/index.ts";
import { qrPixels } from "../../helpers/qrImage.ts";
import { World } from "../../helpers/world.ts";

describe("meetup: ballots as QR codes (docs/rules.md §6)", () => {
  it("a ballot survives the trip through a QR image and back, byte for byte", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "spend", amount: 34_000, payee: "Tent shop", purpose: "Two tents" });
    const vote = await w.vote("bob", p.id, "yes", { reason: "We need them for the May trip, and the old ones leak." });
    const text = encodeBallot(vote);
    const image = qrPixels(text);
    const scanned = jsQR(image.data, image.width, image.height);
    expect(scanned?.data).toBe(text);
    const decoded = decodeBallot(scanned?.data ?? "", sha256);
    expect(decoded.ok && decoded.value.id).toBe(vote.id);
  });

  it("a ballot with a reason of 200 characters still fits one QR code", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const vote = await w.vote("bob", p.id, "no", { reason: "x".repeat(200) });
    expect(() => qrPixels(encodeBallot(vote))).not.toThrow();
  });

  it("a tampered ballot is refused: its bytes no longer match its signature", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" });
    const vote = await w.vote("bob", p.id, "no");
    const before = await w.derive();
    // someone turns bob's "no" into a "yes" and keeps his signature
    const forgedBody = { ...vote.body, data: { ...vote.body.data, choice: "yes" } };
    const forged = encodeBallot({ bytes: canonicalBytes(forgedBody), sig: vote.sig });
    const decoded = decodeBallot(forged, sha256);
    if (!decoded.ok) throw new Error(decoded.reason);
    const outcome = await verifyEvents([decoded.value], await chooseVerifier(), () => undefined);
    expect(outcome.refused).toEqual([{ id: decoded.value.id, reason: "bad-signature" }]);
    w.put({ id: decoded.value.id, body: decoded.value.body, bytes: decoded.value.bytes, sig: decoded.value.sig });
    const after = await w.derive();
    expect(World.refusal(after, decoded.value.id)).toBe("bad-signature");
    expect(after.proposals[p.id]?.votes).toEqual(before.proposals[p.id]?.votes);
  });

  it("text that is not a ballot is refused with a plain reason", () => {
    const r = decodeBallot("https://example.com/hello", sha256);
    expect(r).toEqual({ ok: false, reason: "not-a-ballot" });
  });

  it("the chair's phone refuses a stranger's ballot and one for another pool, and knows a second scan changes nothing", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" });
    const bob = await w.vote("bob", p.id, "yes");
    const stranger = await w.vote("mallory", p.id, "yes");
    const other = await World.found("alice", {}, "Another Pool");
    await other.addMember("bob", "alice");
    const elsewhere = await other.propose("alice", { kind: "decision" });
    const foreign = await other.vote("bob", elsewhere.id, "yes");
    const state = await w.derive();
    const read = (v: { bytes: Uint8Array; sig: Uint8Array }) => {
      const d = decodeBallot(encodeBallot(v), sha256);
      if (!d.ok) throw new Error(d.reason);
      return judgeBallot(state, d.value);
    };
    expect(read(bob)).toEqual({ ok: true, value: { duplicate: true, replaces: false } });
    expect(read(stranger)).toEqual({ ok: false, reason: "not-a-member" });
    expect(read(foreign)).toEqual({ ok: false, reason: "wrong-pool" });
  });
});

describe("meetup story: twelve members vote in a basement with no signal", () => {
  it("the chair's count from scanned ballots matches every phone's count after they sync", async () => {
    const names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "ken", "lena"];
    const w = await World.withMembers(names, { minVotingHours: 0 });
    const p = await w.propose("alice", { kind: "spend", amount: 34_000, payee: "Tent shop", purpose: "Buy two tents" });
    const synced = [...w.events.keys()]; // every phone synced this much before the meetup
    const ballots = [];
    for (const [i, name] of names.entries()) ballots.push(await w.vote(name, p.id, i % 4 === 3 ? "no" : "yes"));
    // the chair (alice) scans every ballot: her phone holds what was synced plus the scanned votes
    const chair = await w.derive(w.now, [...synced, ...ballots.map((b) => b.id)]);
    // later every phone syncs everything through the relay
    const everyone = await w.derive(w.now);
    expect(chair.proposals[p.id]?.tally).toEqual(everyone.proposals[p.id]?.tally);
    expect(everyone.proposals[p.id]?.tally).toMatchObject({ electorate: 12, yes: 9, no: 3, passed: true });
    expect(chair.proposals[p.id]?.status).toBe("closed");
  });
});
