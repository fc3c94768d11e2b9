import { describe, expect, it } from "vitest";
import { DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §4.7 and §4.8: removal through a confirmed, passed remove-member proposal. */

/** alice proposes removing `target`; everyone else votes yes. */
async function removalEveryoneBacks(w: World, target: string, voters: string[]) {
  const p = await w.propose("alice", { kind: "remove-member", member: w.id(target) });
  for (const name of voters) await w.vote(name, p.id, "yes");
  return p;
}

describe("removal stories", () => {
  it("remove-member: the member it would remove is not in its electorate, and their vote is refused (not-in-electorate)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "remove-member", member: w.id("carol") });
    const carolVote = await w.vote("carol", p.id, "no");
    const s = await w.derive();
    expect(s.proposals[p.id]?.electorate).toEqual([w.id("alice"), w.id("bob")].sort());
    expect(World.refusal(s, carolVote.id)).toBe("not-in-electorate");
  });

  it("remove-member: naming someone who is not an active member is refused (target-not-member)", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "remove-member", member: w.id("dave") });
    const s = await w.derive();
    expect(World.refusal(s, p.id)).toBe("target-not-member");
  });

  it("remove-member: a passed removal changes nothing before its seal is confirmed", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await removalEveryoneBacks(w, "carol", ["alice", "bob"]);
    const s = await w.derive(w.now + 2 * DAY);
    expect(s.proposals[p.id]?.tally.passed).toBe(true);
    expect(s.members[w.id("carol")]?.status).toBe("active");
  });

  it("remove-member: the removal applies at the confirmation; carol shows as removed", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await removalEveryoneBacks(w, "carol", ["alice", "bob"]);
    await w.decide(p.id, "alice", "bob");
    const s = await w.derive();
    expect(s.members[w.id("carol")]?.status).toBe("removed");
    expect(s.activeMembers).toEqual([w.id("alice"), w.id("bob")].sort());
  });

  it("remove-member: carol's events written after the confirmation are refused, even with old parents (after-leaving)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await removalEveryoneBacks(w, "carol", ["alice", "bob"]);
    const before = (await w.derive()).heads;
    await w.decide(p.id, "alice", "bob");
    const dodge = await w.propose("carol", { kind: "decision" }, { parents: before });
    const s = await w.derive();
    expect(World.refusal(s, dodge.id)).toBe("after-leaving");
  });

  it("remove-member: carol's events that the confirmation holds still count", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const carolsIdea = await w.propose("carol", { kind: "decision" });
    const p = await removalEveryoneBacks(w, "carol", ["alice", "bob"]);
    await w.decide(p.id, "alice", "bob");
    const s = await w.derive();
    expect(s.audit).toEqual([]);
    expect(s.proposals[carolsIdea.id]).toBeDefined();
  });

  it("remove-member: a failed removal, once confirmed, removes no one", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "remove-member", member: w.id("carol") });
    await w.vote("alice", p.id, "yes");
    await w.vote("bob", p.id, "no");
    await w.decide(p.id, "alice", "bob");
    const s = await w.derive();
    expect(s.members[w.id("carol")]?.status).toBe("active");
  });

  it("remove-member: a removal confirmed while another proposal is open takes carol's vote on it away", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const open = await w.propose("bob", { kind: "decision" }, { closesIn: 10 * DAY });
    await w.vote("carol", open.id, "no");
    const p = await removalEveryoneBacks(w, "carol", ["alice", "bob"]);
    await w.decide(p.id, "alice", "bob");
    const s = await w.derive();
    expect(s.proposals[open.id]?.electorate).toEqual([w.id("alice"), w.id("bob")].sort());
    expect(s.proposals[open.id]?.votes[w.id("carol")]).toBeUndefined();
  });

  it("remove-member: removing a member who already left does nothing more; she stays 'left'", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await removalEveryoneBacks(w, "carol", ["alice", "bob"]);
    await w.add("carol", "member.left", {});
    await w.decide(p.id, "alice", "bob");
    const s = await w.derive();
    expect(s.members[w.id("carol")]?.status).toBe("left");
  });

  it("remove-member: in a pool of two, neither member may confirm the other's removal of themselves (confirm-not-elector)", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const base = (await w.derive()).heads;
    const removeBob = await w.propose("alice", { kind: "remove-member", member: w.id("bob") }, { parents: base });
    const aliceYes = await w.vote("alice", removeBob.id, "yes");
    const removeAlice = await w.propose("bob", { kind: "remove-member", member: w.id("alice") }, { parents: base });
    const bobYes = await w.vote("bob", removeAlice.id, "yes");
    // each proposal's only elector voted, so each closes at at + minVotingHours
    w.now = Math.max(removeBob.body.at, removeAlice.body.at) + 24 * HOUR;
    const sealBob = await w.add(
      "alice",
      "proposal.sealed",
      { proposal: removeBob.id, votes: [aliceYes.id] },
      { parents: [aliceYes.id] },
    );
    const sealAlice = await w.add(
      "bob",
      "proposal.sealed",
      { proposal: removeAlice.id, votes: [bobYes.id] },
      { parents: [bobYes.id] },
    );
    // each tries to confirm the other's seal, i.e. their own removal: they are not in its electorate
    const both = [sealBob.id, sealAlice.id].sort();
    const first = await w.add("bob", "proposal.seal-confirmed", { seal: sealBob.id }, { parents: both });
    const second = await w.add(
      "alice",
      "proposal.seal-confirmed",
      { seal: sealAlice.id },
      { parents: both, at: first.body.at + 1 },
    );
    const s = await w.derive();
    expect(World.refusal(s, first.id)).toBe("confirm-not-elector");
    expect(World.refusal(s, second.id)).toBe("confirm-not-elector");
    expect(s.activeMembers).toEqual([w.id("alice"), w.id("bob")].sort());
  });

  it("leaving ends authorship: bob's proposal that the confirmation removing him does not hold is refused, though dated before it (after-leaving)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const base = (await w.derive()).heads;
    const p = await w.propose("alice", { kind: "remove-member", member: w.id("bob") }, { parents: base });
    const a = await w.vote("alice", p.id, "yes");
    const c = await w.vote("carol", p.id, "yes");
    // bob's own proposal, written on his phone meanwhile, never reaches alice or carol
    const bobs = await w.propose("bob", { kind: "decision" }, { parents: base });
    w.now = p.body.at + 24 * HOUR;
    const seal = await w.add(
      "alice",
      "proposal.sealed",
      { proposal: p.id, votes: [a.id, c.id].sort() },
      { parents: [a.id, c.id].sort() },
    );
    const confirmation = await w.add("carol", "proposal.seal-confirmed", { seal: seal.id }, { parents: [seal.id] });
    const s = await w.derive();
    expect(bobs.body.at).toBeLessThan(confirmation.body.at);
    expect(World.refusal(s, bobs.id)).toBe("after-leaving");
    expect(s.proposals[bobs.id]).toBeUndefined();
  });

  it("remove-member: a removed member with a confirmed buy-in is owed it back (refundOnLeave)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const buyIn = await w.contribute("alice", "carol", 500, "buy-in");
    await w.confirm("bob", buyIn.id);
    const p = await removalEveryoneBacks(w, "carol", ["alice", "bob"]);
    await w.decide(p.id, "alice", "bob");
    const s = await w.derive();
    expect(s.members[w.id("carol")]?.refundOwed).toBe(500);
    expect(s.ledger.refundsOwed).toBe(500);
  });

  it("remove-member: carol, removed, may rejoin with a new invite", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await removalEveryoneBacks(w, "carol", ["alice", "bob"]);
    await w.decide(p.id, "alice", "bob");
    w.tick(DAY);
    await w.addMember("carol", "bob");
    const s = await w.derive();
    expect(s.audit).toEqual([]);
    expect(s.members[w.id("carol")]?.status).toBe("active");
  });
});
