import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, decodeEvent, type EventType, limits, verifyEvents } from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { DAY, World } from "../../helpers/world.ts";
import { bodyOf, expectStoredEntryRefused, signBody, signBytes, text, utf8 } from "./harness.ts";

/**
 * docs/rules.md §3: what the bytes themselves must satisfy. Each attack
 * goes through the device pipeline (decode, verify, derive) and must be refused with its reason
 * while the derived state stays exactly what it was without it.
 */

/** A pool with some history: three members, an open proposal with a vote, and confirmed money. */
async function busyPool() {
  const w = await World.withMembers(["alice", "bob", "carol"]);
  const p = await w.propose("alice", { kind: "decision" });
  await w.vote("bob", p.id, "yes");
  const dues = await w.contribute("alice", "bob", 1000);
  await w.confirm("carol", dues.id);
  return w;
}

/** The group order ℓ of Ed25519. */
const ELL = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The same signature with S replaced by S + ℓ: it satisfies the same equation, but S is not canonical. */
function malleate(sig: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i] as number);
  let t = s + ELL;
  const out = sig.slice();
  for (let i = 32; i < 64; i++, t >>= 8n) out[i] = Number(t & 0xffn);
  return out;
}

const aContribution = (w: World) => ({
  amount: 100,
  from: { member: w.id("bob") },
  kind: "dues" as const,
  memo: "March dues",
});

describe("adversarial: signatures and tampered bytes", () => {
  it("bad-signature: alice's event signed with bob's key is refused", async () => {
    const w = await busyPool();
    const forged = await w.make("alice", "ledger.contribution", aContribution(w), { signAs: "bob" });
    await expectStoredEntryRefused(w, forged.id, forged, "bad-signature");
  });

  it("bad-signature: a valid event with one bit of its signature flipped is refused", async () => {
    const w = await busyPool();
    const e = await w.make("alice", "ledger.contribution", aContribution(w));
    const sig = e.sig.slice();
    sig[10] = (sig[10] as number) ^ 1;
    await expectStoredEntryRefused(w, e.id, { bytes: e.bytes, sig }, "bad-signature");
  });

  it("bad-signature: a signature that is not 64 bytes is refused at decoding", async () => {
    const w = await busyPool();
    const e = await w.make("alice", "ledger.contribution", aContribution(w));
    await expectStoredEntryRefused(w, e.id, { bytes: e.bytes, sig: e.sig.slice(0, 63) }, "bad-signature");
  });

  it("bad-signature: an event signed by no one (all-zero signature) is refused", async () => {
    const w = await busyPool();
    const e = await w.make("alice", "ledger.contribution", aContribution(w));
    await expectStoredEntryRefused(w, e.id, { bytes: e.bytes, sig: new Uint8Array(64) }, "bad-signature");
  });

  it("bad-signature: a malleated signature (S + ℓ, the same point equation) is refused, so an event has one valid signature", async () => {
    const w = await busyPool();
    const e = await w.make("alice", "ledger.contribution", aContribution(w));
    await expectStoredEntryRefused(w, e.id, { bytes: e.bytes, sig: malleate(e.sig) }, "bad-signature");
  });

  it("bad-signature: the core checks signature encodings itself, before any backend runs (even a backend that accepts all)", async () => {
    const w = await busyPool();
    const e = await w.make("alice", "ledger.contribution", aContribution(w));
    const decoded = decodeEvent(e.id, { bytes: e.bytes, sig: malleate(e.sig) }, sha256);
    if (!decoded.ok) throw new Error("the malleated event should decode");
    const acceptsAll = { name: "accepts-all", verify: async () => true };
    const outcome = await verifyEvents([decoded.value], acceptsAll, () => undefined);
    expect(outcome.refused).toEqual([{ id: e.id, reason: "bad-signature" }]);
  });

  it("bad-signature: the encoding check stays in front when the backend skips its own (verifyEquation)", async () => {
    const w = await busyPool();
    const e = await w.make("alice", "ledger.contribution", aContribution(w));
    const decoded = decodeEvent(e.id, { bytes: e.bytes, sig: malleate(e.sig) }, sha256);
    if (!decoded.ok) throw new Error("the malleated event should decode");
    const equationOnly = { name: "equation-accepts-all", verify: async () => true, verifyEquation: async () => true };
    const outcome = await verifyEvents([decoded.value], equationOnly, () => undefined);
    expect(outcome.refused).toEqual([{ id: e.id, reason: "bad-signature" }]);
  });

  it("id-mismatch: bytes edited in storage (100 → 900 cents) under the original key are refused", async () => {
    const w = await busyPool();
    const e = await w.make("alice", "ledger.contribution", aContribution(w));
    const edited = utf8(text(e.bytes).replace('"amount":100', '"amount":900'));
    expect(text(edited)).toContain('"amount":900');
    await expectStoredEntryRefused(w, e.id, { bytes: edited, sig: e.sig }, "id-mismatch");
  });

  it("bad-signature: the edited bytes stored under their own new hash keep the old signature and are refused", async () => {
    const w = await busyPool();
    const e = await w.make("alice", "ledger.contribution", aContribution(w));
    const edited = utf8(text(e.bytes).replace('"amount":100', '"amount":900'));
    const rehashed = await signBytes(edited, "alice");
    await expectStoredEntryRefused(w, rehashed.id, { bytes: edited, sig: e.sig }, "bad-signature");
  });

  it("bad-signature: a stored entry's valid signature moved onto another event's bytes is refused", async () => {
    const w = await busyPool();
    const a = await w.make("alice", "ledger.contribution", aContribution(w));
    const b = await w.make("alice", "ledger.contribution", { ...aContribution(w), memo: "April dues" });
    await expectStoredEntryRefused(w, b.id, { bytes: b.bytes, sig: a.sig }, "bad-signature");
  });

  it("bad-invite-proof: a join whose proof is not signed by the invite's key is refused", async () => {
    const w = await busyPool();
    const invite = await w.invite("alice");
    const proof = "A".repeat(86);
    const join = await w.make("dave", "member.joined", {
      invite: invite.id,
      name: "Dave",
      bylawsHash: invite.id,
      proof,
    });
    await expectStoredEntryRefused(w, join.id, join, "bad-invite-proof");
  });
});

describe("adversarial: size, canonical form, envelope and parents", () => {
  it("too-large: a proposal whose text of 2,000 characters is over 4 KiB in UTF-8 is refused", async () => {
    const w = await busyPool();
    const body = bodyOf(w, "alice", "proposal.created", {
      kind: "decision",
      title: "Big",
      text: "€".repeat(limits.MAX_TEXT),
      closesAt: w.now + 2 * DAY,
    });
    const { id, stored } = await signBody(body, "alice");
    expect(stored.bytes.length).toBeGreaterThan(limits.MAX_BODY_BYTES);
    await expectStoredEntryRefused(w, id, stored, "too-large");
  });

  it("too-large: a body of exactly 4 KiB is allowed; one byte more is refused", async () => {
    const w = await busyPool();
    const proposalOfSize = async (size: number) => {
      const data = { kind: "decision", title: "Sized", text: "", closesAt: w.now + 2 * DAY };
      const extra = size - (await signBody(bodyOf(w, "alice", "proposal.created", data), "alice")).stored.bytes.length;
      const euros = Math.floor(extra / 3); // "€" is one character and three bytes
      return signBody(
        bodyOf(w, "alice", "proposal.created", { ...data, text: "€".repeat(euros) + "a".repeat(extra - 3 * euros) }),
        "alice",
      );
    };
    const exact = await proposalOfSize(limits.MAX_BODY_BYTES);
    expect(exact.stored.bytes.length).toBe(limits.MAX_BODY_BYTES);
    expect(decodeEvent(exact.id, exact.stored, sha256).ok).toBe(true);
    const over = await proposalOfSize(limits.MAX_BODY_BYTES + 1);
    expect(over.stored.bytes.length).toBe(limits.MAX_BODY_BYTES + 1);
    await expectStoredEntryRefused(w, over.id, over.stored, "too-large");
  });

  it("too-large: a seal may exceed 4 KiB (it lists votes) but not 256 KiB", async () => {
    const w = await busyPool();
    const fakeVote = (i: number) => `${String(i).padStart(8, "0")}${"v".repeat(35)}`;
    const sealOf = (n: number) =>
      bodyOf(w, "alice", "proposal.sealed", {
        proposal: w.genesisId,
        votes: Array.from({ length: n }, (_, i) => fakeVote(i)),
      });
    const fits = await signBody(sealOf(100), "alice");
    expect(fits.stored.bytes.length).toBeGreaterThan(limits.MAX_BODY_BYTES);
    expect(decodeEvent(fits.id, fits.stored, sha256).ok).toBe(true);
    const huge = await signBody(sealOf(6000), "alice");
    expect(huge.stored.bytes.length).toBeGreaterThan(limits.MAX_SEAL_BYTES);
    await expectStoredEntryRefused(w, huge.id, huge.stored, "too-large");
  });

  it("not-canonical: the same body with its keys out of order is refused", async () => {
    const w = await busyPool();
    const body = bodyOf(w, "alice", "ledger.contribution", aContribution(w));
    const reordered = JSON.stringify({
      data: body.data,
      v: 1,
      pool: body.pool,
      type: body.type,
      by: body.by,
      at: body.at,
      parents: body.parents,
    });
    const { id, stored } = await signBytes(utf8(reordered), "alice");
    await expectStoredEntryRefused(w, id, stored, "not-canonical");
  });

  it("not-canonical: the same body with whitespace is refused", async () => {
    const w = await busyPool();
    const body = bodyOf(w, "alice", "ledger.contribution", aContribution(w));
    const spaced = JSON.stringify(body, null, 1);
    const { id, stored } = await signBytes(utf8(spaced), "alice");
    await expectStoredEntryRefused(w, id, stored, "not-canonical");
  });

  it("not-canonical: a memo spelled with a needless \\u escape is refused", async () => {
    const w = await busyPool();
    const canonical = text(
      (await signBody(bodyOf(w, "alice", "ledger.contribution", aContribution(w)), "alice")).stored.bytes,
    );
    const escaped = canonical.replace("March", "\\u004darch");
    expect(JSON.parse(escaped).data.memo).toBe("March dues");
    const { id, stored } = await signBytes(utf8(escaped), "alice");
    await expectStoredEntryRefused(w, id, stored, "not-canonical");
  });

  it("not-json: bytes that are not JSON text are refused", async () => {
    const w = await busyPool();
    const { id, stored } = await signBytes(utf8("{not json"), "alice");
    await expectStoredEntryRefused(w, id, stored, "not-json");
  });

  it("not-json: bytes that are not UTF-8 are refused", async () => {
    const w = await busyPool();
    const { id, stored } = await signBytes(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), "alice");
    await expectStoredEntryRefused(w, id, stored, "not-json");
  });

  it("bad-envelope: a body of another version (v: 2) is refused", async () => {
    const w = await busyPool();
    const { id, stored } = await signBody(
      { ...bodyOf(w, "alice", "ledger.contribution", aContribution(w)), v: 2 },
      "alice",
    );
    await expectStoredEntryRefused(w, id, stored, "bad-envelope");
  });

  it("bad-envelope: a body with an extra top-level field is refused", async () => {
    const w = await busyPool();
    const body = { ...bodyOf(w, "alice", "ledger.contribution", aContribution(w)), weight: 2 };
    const { id, stored } = await signBody(body, "alice");
    await expectStoredEntryRefused(w, id, stored, "bad-envelope");
  });

  it("bad-envelope: an `at` that is not a safe integer is refused", async () => {
    const w = await busyPool();
    const body = bodyOf(w, "alice", "ledger.contribution", aContribution(w), { at: 1.5 });
    const { id, stored } = await signBody(body, "alice");
    await expectStoredEntryRefused(w, id, stored, "bad-envelope");
  });

  it("unknown-type: an event type Pools does not know is refused", async () => {
    const w = await busyPool();
    const { id, stored } = await signBody(bodyOf(w, "alice", "vote.weighted", { weight: 10 }), "alice");
    await expectStoredEntryRefused(w, id, stored, "unknown-type");
  });

  it("bad-parents: parents not sorted as ASCII strings are refused", async () => {
    const w = await busyPool();
    const two = w.idsWithout().slice(-2).sort().reverse();
    const { id, stored } = await signBody(
      bodyOf(w, "alice", "ledger.contribution", aContribution(w), { parents: two }),
      "alice",
    );
    await expectStoredEntryRefused(w, id, stored, "bad-parents");
  });

  it("bad-parents: a repeated parent is refused", async () => {
    const w = await busyPool();
    const head = w.currentHeads()[0] as string;
    const { id, stored } = await signBody(
      bodyOf(w, "alice", "ledger.contribution", aContribution(w), { parents: [head, head] }),
      "alice",
    );
    await expectStoredEntryRefused(w, id, stored, "bad-parents");
  });

  it("bad-parents: more than 64 parents are refused", async () => {
    const w = await busyPool();
    const many = Array.from(
      { length: limits.MAX_PARENTS + 1 },
      (_, i) => `${String(i).padStart(3, "0")}${"p".repeat(40)}`,
    );
    const { id, stored } = await signBody(
      bodyOf(w, "alice", "ledger.contribution", aContribution(w), { parents: many }),
      "alice",
    );
    await expectStoredEntryRefused(w, id, stored, "bad-parents");
  });

  it("bad-parents: a parent that is not an event id is refused", async () => {
    const w = await busyPool();
    const { id, stored } = await signBody(
      bodyOf(w, "alice", "ledger.contribution", aContribution(w), { parents: ["genesis"] }),
      "alice",
    );
    await expectStoredEntryRefused(w, id, stored, "bad-parents");
  });
});

describe("adversarial: malformed data of every event type (bad-data)", () => {
  const key = "k".repeat(43);
  /** For every type, a payload that looks plausible but breaks its shape. The type makes the list complete. */
  const malformed: { [T in EventType]: unknown } = {
    "pool.created": { name: "Club", purpose: "", currency: "usd", rules: DEFAULT_RULES, bylawsVersion: 1 },
    "member.invited": { invitePublicKey: key, expiresAt: Date.UTC(2027, 0, 1), maxUses: 0 },
    "member.invite-revoked": { invite: "short" },
    "member.joined": { invite: key, name: "Dave", bylawsHash: key, proof: "tooShort" },
    "member.admitted": { join: 42 },
    "member.left": { reason: "bye" },
    "proposal.vote-restored": { proposal: key, vote: "short" },
    "proposal.created": { kind: "weighted", title: "Weights", text: "", closesAt: Date.UTC(2027, 0, 1) },
    "proposal.withdrawn": {},
    "proposal.comment": { proposal: key, text: "" },
    "vote.cast": { proposal: key, choice: "yes", reason: "x".repeat(limits.MAX_VOTE_REASON + 1) },
    "proposal.sealed": { proposal: key, votes: [key, key] },
    "proposal.seal-confirmed": { seal: key, extra: true },
    "ledger.contribution": { amount: 12.5, from: { member: key }, kind: "dues", memo: "" },
    "ledger.payout": { spend: key, amount: -500, payee: "Shop", memo: "" },
    "ledger.refund": { member: key, amount: 0, memo: "" },
    "ledger.reversal": { entry: key },
    "ledger.confirmed": { entry: null },
    "bucket.proposed": { round: key, title: "Tents", description: "", payee: "Shop", minimum: 500, maximum: 100 },
    "bucket.cancelled": { bucket: "" },
    "bucket.allocated": { bucket: key, amount: -1 },
    "round.sealed": { round: key, allocations: key },
    "round.seal-confirmed": {},
    "flood.created": { name: "", purpose: "", currency: "EUR", rules: DEFAULT_RULES, bylawsVersion: 1 },
    "flood.pool-joined": { pool: key, poolDoc: "not a document id", proposal: key },
    "flood.pool-left": { pool: key },
    "flood.pool-key": { pool: key, epoch: 1, keys: {} },
    "pool.key-rotated": { epoch: 0, departure: key, keys: { [key]: "short" } },
    "member.key-published": { deliveryKey: "not a key" },
    "pool.moved": { to: "automerge:not-a-document-id", keys: {} },
    "flood.key-rotated": { epoch: 1, keys: { [key]: "short" } },
  };
  const types = Object.keys(malformed) as EventType[];

  it.each(types)("bad-data: a %s with a malformed payload is refused", async (type) => {
    const w = await busyPool();
    const genesisLike = type === "pool.created" || type === "flood.created" ? { pool: "", parents: [] } : {};
    const { id, stored } = await signBody(bodyOf(w, "alice", type, malformed[type], genesisLike), "alice");
    await expectStoredEntryRefused(w, id, stored, "bad-data");
  });

  it.each(types)("bad-data: a %s whose data is not an object is refused", async (type) => {
    const w = await busyPool();
    const genesisLike = type === "pool.created" || type === "flood.created" ? { pool: "", parents: [] } : {};
    for (const data of [null, [], "yes", 1]) {
      const { id, stored } = await signBody(bodyOf(w, "alice", type, data, genesisLike), "alice");
      expect(decodeEvent(id, stored, sha256)).toMatchObject({ ok: false, reason: "bad-data" });
    }
  });

  it("bad-data: an outsider cannot buy in (a buy-in names a member)", async () => {
    const w = await busyPool();
    const data = { amount: 1000, from: { outsider: "Sock puppet" }, kind: "buy-in", memo: "" };
    const { id, stored } = await signBody(bodyOf(w, "alice", "ledger.contribution", data), "alice");
    await expectStoredEntryRefused(w, id, stored, "bad-data");
  });

  it("bad-data: a spend of 0 cents is refused — amounts are positive whole cents", async () => {
    const w = await busyPool();
    const data = {
      kind: "spend",
      title: "Free",
      text: "",
      closesAt: w.now + 2 * DAY,
      amount: 0,
      payee: "Shop",
      purpose: "",
    };
    const { id, stored } = await signBody(bodyOf(w, "alice", "proposal.created", data), "alice");
    await expectStoredEntryRefused(w, id, stored, "bad-data");
  });
  it("bad-data §3.13: an amount above 100,000,000,000 minor units is refused, so no sum of amounts stops being exact", async () => {
    const w = await busyPool();
    // Two contributions of 2^52 would sum past 2^53, where a balance stops being exact to the cent.
    const huge = { ...aContribution(w), amount: 2 ** 52 };
    const { id, stored } = await signBody(bodyOf(w, "alice", "ledger.contribution", huge), "alice");
    await expectStoredEntryRefused(w, id, stored, "bad-data");
    const atCap = { ...aContribution(w), amount: limits.MAX_AMOUNT };
    const ok = await w.make("alice", "ledger.contribution", atCap);
    expect(ok.id).toBeTruthy();
  });
});
