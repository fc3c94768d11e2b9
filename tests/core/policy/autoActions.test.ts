import { describe, expect, it } from "vitest";
import { joinsIMayAdmit, joinsToAdmit, needsSeal, sealsToConfirm } from "../../../src/core/index.ts";
import { DAY, HOUR, World } from "../../helpers/world.ts";

describe("app policy: automatic admission (admission: auto)", () => {
  it("an active member's app admits a join on an unexpired, unrevoked, unused invite", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const invite = await w.invite("alice");
    const join = await w.join("carol", invite.id);
    const s = await w.derive();
    expect(joinsToAdmit(s, w.id("bob"), w.now).map((j) => j.join)).toEqual([join.id]);
    expect(joinsToAdmit(s, w.id("carol"), w.now)).toEqual([]);
  });

  it("no app admits a second join on a one-use invite, nor a join whose invite has expired by its clock", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const invite = await w.invite("alice", { maxUses: 1, expiresIn: 2 * DAY });
    const first = await w.join("carol", invite.id);
    await w.join("dave", invite.id);
    const s = await w.derive();
    expect(joinsToAdmit(s, w.id("bob"), w.now).map((j) => j.join)).toEqual([first.id]);
    expect(joinsToAdmit(s, w.id("bob"), w.now + 3 * DAY)).toEqual([]);
  });

  it("under manual admission nothing is admitted automatically, and the inviter may not admit by hand", async () => {
    const w = await World.withMembers(["alice", "bob"], { admission: "manual" });
    const invite = await w.invite("alice");
    await w.join("carol", invite.id);
    const s = await w.derive();
    expect(joinsToAdmit(s, w.id("bob"), w.now)).toEqual([]);
    expect(joinsIMayAdmit(s, w.id("alice"))).toEqual([]);
    expect(joinsIMayAdmit(s, w.id("bob"))).toHaveLength(1);
  });
});

describe("app policy: sealing and confirming", () => {
  it("a closed proposal needs a seal; another member's app confirms a complete seal only after the late-vote window", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { closeWhenAllVoted: false });
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    await w.vote("alice", p.id, "yes");
    await w.vote("bob", p.id, "yes");
    w.tick(2 * DAY + HOUR);
    let s = await w.derive();
    expect(needsSeal(s.proposals[p.id]!, w.now)).toBe(true);
    const votes = Object.values(s.proposals[p.id]!.votes)
      .map((v) => v.vote)
      .sort();
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes });
    s = await w.derive();
    expect(needsSeal(s.proposals[p.id]!, w.now)).toBe(false);
    expect(sealsToConfirm(s, w.id("bob"), w.now)).toEqual([]);
    expect(sealsToConfirm(s, w.id("bob"), w.now + DAY)).toEqual([{ proposal: p.id, seal: seal.id }]);
    expect(sealsToConfirm(s, w.id("alice"), w.now + DAY)).toEqual([]);
  });
});

describe("stale proposals (docs/rules.md §4): shown, never confirmed", () => {
  it("a proposal that leaves out an admission this device held before its date is stale", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const before = [...w.events.keys()];
    const invite = await w.invite("bob");
    const join = await w.join("carol", invite.id);
    const admission = await w.admit("bob", join.id);
    w.tick(HOUR);
    // alice writes from an old view that lacks carol's admission
    const p = await w.propose("alice", { kind: "decision" }, { parents: [before[before.length - 1]!] });
    const arrivals = new Map([...w.events.keys()].map((id) => [id, 0]));
    arrivals.set(p.id, w.now);
    const { derivePool } = await import("../../../src/core/index.ts");
    const honest = await w.derive();
    expect(honest.proposals[p.id]?.stale).toBe(false);
    const s = derivePool({
      genesisId: w.genesisId,
      events: w.decoded(),
      verified: new Set(w.events.keys()),
      now: w.now,
      arrivals,
    });
    expect(s.proposals[p.id]?.stale).toBe(true);
    expect(s.proposals[p.id]?.electorate).not.toContain(w.id("carol"));
    expect(admission.id).toBeTruthy();
  });
});
