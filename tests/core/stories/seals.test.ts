import { describe, expect, it } from "vitest";
import { closesAtOf, DAY, dataOf, HOUR, World } from "../../helpers/world.ts";

/**
 * docs/rules.md §4.13: a result becomes final only when another member confirms a seal that
 * misses no vote the confirmer holds, after the late-vote window (unless everyone voted).
 */
async function threeVoted(closesIn = 2 * DAY) {
  const w = await World.withMembers(["alice", "bob", "carol"]);
  const p = await w.propose("alice", { kind: "decision" }, { closesIn });
  const a = await w.vote("alice", p.id, "yes");
  const b = await w.vote("bob", p.id, "no");
  const c = await w.vote("carol", p.id, "no");
  return { w, p, a, b, c };
}

describe("seal stories", () => {
  it("seal: a seal with every vote, confirmed by another member, decides the proposal", async () => {
    const { w, p, a, b, c } = await threeVoted();
    const { seal, confirmation } = await w.decide(p.id, "alice", "bob");
    const s = await w.derive();
    expect(dataOf(seal, "proposal.sealed").votes).toEqual([a.id, b.id, c.id].sort());
    expect(s.proposals[p.id]).toMatchObject({
      status: "decided",
      decided: { seal: seal.id, confirmation: confirmation.id, tally: { yes: 1, no: 2, passed: false } },
    });
  });

  it("seal: an unconfirmed seal decides nothing; the result stays provisional", async () => {
    const { w, p, a, b, c } = await threeVoted();
    w.now = closesAtOf(p);
    await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id, c.id].sort() });
    const s = await w.derive();
    expect(s.proposals[p.id]?.status).toBe("closed");
    expect(s.proposals[p.id]?.decided).toBeUndefined();
    expect(s.proposals[p.id]?.seals).toMatchObject([{ by: w.id("alice"), confirmed: false }]);
    expect([...(s.proposals[p.id]?.seals[0]?.votes ?? [])].sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it("seal: a seal written before the close is refused (seal-too-early)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const seal = await w.add("bob", "proposal.sealed", { proposal: p.id, votes: [a.id] });
    const s = await w.derive();
    expect(World.refusal(s, seal.id)).toBe("seal-too-early");
  });

  it("seal: a seal from an incomplete view is valid, but never confirmed by one who holds the vote it lacks (seal-lacks-vote)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    // carol voted no offline; alice's phone has not seen it when she seals
    const c = await w.vote("carol", p.id, "no", { parents: [p.id] });
    w.now = closesAtOf(p);
    const partial = await w.add(
      "alice",
      "proposal.sealed",
      { proposal: p.id, votes: [a.id, b.id].sort() },
      { parents: [a.id, b.id].sort() },
    );
    w.tick(DAY + HOUR);
    // bob's phone holds carol's vote and the partial seal
    const confirmation = await w.add(
      "bob",
      "proposal.seal-confirmed",
      { seal: partial.id },
      { parents: [c.id, partial.id].sort() },
    );
    const s = await w.derive();
    expect(World.refusal(s, partial.id)).toBeUndefined();
    expect(World.refusal(s, confirmation.id)).toBe("seal-lacks-vote");
    expect(s.proposals[p.id]?.decided).toBeUndefined();
  });

  it("seal: after the incomplete seal is refused confirmation, a complete seal is confirmed instead", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    const c = await w.vote("carol", p.id, "no", { parents: [p.id] });
    w.now = closesAtOf(p);
    await w.add(
      "alice",
      "proposal.sealed",
      { proposal: p.id, votes: [a.id, b.id].sort() },
      { parents: [a.id, b.id].sort() },
    );
    const full = await w.add("carol", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id, c.id].sort() });
    w.tick(DAY + HOUR);
    await w.add("bob", "proposal.seal-confirmed", { seal: full.id });
    const s = await w.derive();
    expect(s.proposals[p.id]?.decided).toMatchObject({ seal: full.id, tally: { yes: 2, no: 1, passed: true } });
  });

  it("seal: an incomplete seal confirmed by one who never held the missing vote decides; that vote then changes nothing", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    const c = await w.vote("carol", p.id, "no", { parents: [p.id] });
    w.now = closesAtOf(p);
    const partial = await w.add(
      "alice",
      "proposal.sealed",
      { proposal: p.id, votes: [a.id, b.id].sort() },
      { parents: [a.id, b.id].sort() },
    );
    w.tick(DAY + HOUR);
    await w.add("bob", "proposal.seal-confirmed", { seal: partial.id }, { parents: [partial.id] });
    const s = await w.derive();
    expect(World.refusal(s, c.id)).toBeUndefined();
    expect(s.proposals[p.id]?.decided?.tally).toMatchObject({ electorate: 3, yes: 2, no: 0, passed: true });
    expect(s.proposals[p.id]?.votes[w.id("carol")]).toBeUndefined();
    expect(s.proposals[p.id]?.notVoted).toEqual([w.id("carol")]);
  });

  it("seal: a confirmation inside sealAfterHours of the close is refused when not everyone voted (confirm-too-early)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    w.now = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id].sort() });
    const confirmation = await w.add(
      "bob",
      "proposal.seal-confirmed",
      { seal: seal.id },
      { at: closesAtOf(p) + 24 * HOUR - 1 },
    );
    const s = await w.derive();
    expect(World.refusal(s, confirmation.id)).toBe("confirm-too-early");
  });

  it("seal: a confirmation exactly sealAfterHours after the close counts", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    w.now = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id].sort() });
    const confirmation = await w.add(
      "bob",
      "proposal.seal-confirmed",
      { seal: seal.id },
      { at: closesAtOf(p) + 24 * HOUR },
    );
    const s = await w.derive();
    expect(World.refusal(s, confirmation.id)).toBeUndefined();
    expect(s.proposals[p.id]?.status).toBe("decided");
  });

  it("seal: when everyone voted, the seal may be confirmed right after the close", async () => {
    const { w, p, a, b, c } = await threeVoted();
    const closedAt = p.body.at + 24 * HOUR;
    const seal = await w.add(
      "alice",
      "proposal.sealed",
      { proposal: p.id, votes: [a.id, b.id, c.id].sort() },
      { at: closedAt },
    );
    const confirmation = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id }, { at: closedAt + 1 });
    const s = await w.derive();
    expect(World.refusal(s, confirmation.id)).toBeUndefined();
    expect(s.proposals[p.id]?.status).toBe("decided");
  });

  it("seal: sealAfterHours 0 lets a meetup confirm at the close", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { sealAfterHours: 0 });
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    const close = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id].sort() }, { at: close });
    const confirmation = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id }, { at: close });
    const s = await w.derive();
    expect(World.refusal(s, confirmation.id)).toBeUndefined();
  });

  it("seal: its author may not confirm her own seal (own-seal)", async () => {
    const { w, p, a, b, c } = await threeVoted();
    w.now = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id, c.id].sort() });
    w.tick(DAY + HOUR);
    const confirmation = await w.add("alice", "proposal.seal-confirmed", { seal: seal.id });
    const s = await w.derive();
    expect(World.refusal(s, confirmation.id)).toBe("own-seal");
    expect(s.proposals[p.id]?.decided).toBeUndefined();
  });

  it("seal: the first confirmation in event order is the result; a later one is refused (already-decided)", async () => {
    const { w, p, a, b, c } = await threeVoted();
    w.now = closesAtOf(p);
    const votes = [a.id, b.id, c.id].sort();
    const s1 = await w.add("alice", "proposal.sealed", { proposal: p.id, votes });
    const s2 = await w.add("bob", "proposal.sealed", { proposal: p.id, votes }, { parents: s1.body.parents });
    w.tick(DAY + HOUR);
    const c1 = await w.add("carol", "proposal.seal-confirmed", { seal: s1.id }, { parents: [s1.id] });
    const c2 = await w.add("alice", "proposal.seal-confirmed", { seal: s2.id }, { parents: [s2.id] });
    const s = await w.derive();
    expect(s.proposals[p.id]?.decided).toMatchObject({ seal: s1.id, confirmation: c1.id });
    expect(World.refusal(s, c2.id)).toBe("already-decided");
  });

  it("seal: once decided, a further seal is refused (already-decided)", async () => {
    const { w, p, a, b, c } = await threeVoted();
    await w.decide(p.id, "alice", "bob");
    const late = await w.add("carol", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id, c.id].sort() });
    const s = await w.derive();
    expect(World.refusal(s, late.id)).toBe("already-decided");
  });

  it("seal: a seal's tally is judged in its own causal past — bob's leave it does not hold changes nothing", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "no");
    const c = await w.vote("carol", p.id, "no");
    const before = [a.id, b.id, c.id].sort();
    await w.add("bob", "member.left", {}, { parents: [b.id] });
    w.now = closesAtOf(p);
    // alice's phone has the three votes but not bob's leave
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: before }, { parents: before });
    const s = await w.derive();
    expect(World.refusal(s, seal.id)).toBeUndefined();
    expect(s.proposals[p.id]?.seals[0]?.tally).toMatchObject({ electorate: 3, no: 2 });
  });

  it("seal: a seal that holds bob's leave before the close may not count his vote (seal-counts-invalid-vote)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "no");
    await w.add("bob", "member.left", {});
    w.now = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id].sort() });
    const s = await w.derive();
    expect(World.refusal(s, seal.id)).toBe("seal-counts-invalid-vote");
  });

  it("seal: a member whose vote a seal leaves out can see it (the seal lists fewer votes)", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    await w.vote("carol", p.id, "no", { parents: [p.id] });
    w.now = closesAtOf(p);
    await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id] }, { parents: [a.id] });
    const s = await w.derive();
    expect(s.proposals[p.id]?.seals[0]?.votes).toEqual([a.id]);
    expect(s.proposals[p.id]?.votes[w.id("carol")]?.choice).toBe("no");
  });
});
