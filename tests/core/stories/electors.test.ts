import { describe, expect, it } from "vitest";
import type { EventId, ProposalSpec, SignedEvent } from "../../../src/core/index.ts";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §4 "Seal": only a member of the proposal's electorate seals, and only another one confirms. */

/**
 * alice, bob, carol and dave vote yes on `spec` (all but a member it would remove). After it opened,
 * `attacker` invites a puppet, "mallory", under the default `admission: auto`, on a chain dated before
 * the close that leaves out every vote; the attacker seals with no votes and the puppet confirms.
 */
async function puppetSeal(spec: (w: World) => ProposalSpec, attacker = "bob") {
  const w = await World.withMembers(["alice", "bob", "carol", "dave"]);
  const s0 = spec(w);
  const p = await w.propose("alice", s0, { closesIn: 2 * DAY });
  const voters = ["alice", "bob", "carol", "dave"].filter((n) => s0.kind !== "remove-member" || w.id(n) !== s0.member);
  const votes: EventId[] = [];
  for (const name of voters) votes.push((await w.vote(name, p.id, "yes")).id);
  const close = closesAtOf(p);
  const invite = await w.invite(attacker, { parents: [p.id], at: p.body.at + HOUR });
  const join = await w.join("mallory", invite.id, { parents: [invite.id], at: p.body.at + 2 * HOUR });
  const admit = await w.admit(attacker, join.id, { parents: [join.id], at: p.body.at + 3 * HOUR });
  const rigged = await w.add(
    attacker,
    "proposal.sealed",
    { proposal: p.id, votes: [] },
    {
      parents: [admit.id],
      at: close,
    },
  );
  const puppetConfirms = await w.add(
    "mallory",
    "proposal.seal-confirmed",
    { seal: rigged.id },
    { parents: [rigged.id], at: close + DAY + HOUR },
  );
  return { w, p, votes, close, rigged, puppetConfirms };
}

async function honestDecide(w: World, p: SignedEvent, votes: EventId[], sealer: string, confirmer: string) {
  const seal = await w.add(sealer, "proposal.sealed", { proposal: p.id, votes: [...votes].sort() });
  w.tick(DAY + HOUR);
  const confirmation = await w.add(confirmer, "proposal.seal-confirmed", { seal: seal.id });
  return { seal, confirmation };
}

describe("rules §4 seal: only electors seal and confirm", () => {
  it("rules §4 attack: a member's sock puppet, invited after the proposal opened, cannot confirm a seal that leaves out every vote", async () => {
    const { w, p, votes, puppetConfirms } = await puppetSeal(() => ({ kind: "decision" }));
    let s = await w.derive();
    expect(World.refusal(s, puppetConfirms.id)).toBe("confirm-not-elector");
    expect(s.proposals[p.id]?.decided).toBeUndefined();
    await honestDecide(w, p, votes, "alice", "carol");
    s = await w.derive();
    expect(s.proposals[p.id]?.decided?.tally).toMatchObject({ yes: 4, passed: true });
  });

  it("rules §4 attack: against a proposal to remove them, the member can neither seal nor have the puppet confirm", async () => {
    const { w, p, votes, rigged, puppetConfirms } = await puppetSeal((w) => ({
      kind: "remove-member",
      member: w.id("bob"),
    }));
    let s = await w.derive();
    expect(World.refusal(s, rigged.id)).toBe("seal-not-elector");
    expect(World.refusal(s, puppetConfirms.id)).toBeDefined();
    await honestDecide(w, p, votes, "alice", "carol");
    s = await w.derive();
    expect(s.proposals[p.id]?.decided?.tally).toMatchObject({ electorate: 3, yes: 3, passed: true });
    expect(s.members[w.id("bob")]?.status).toBe("removed");
  });

  it("rules §4 seal: a member who joined after the proposal may not seal it (seal-not-elector)", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    await w.addMember("carol", "alice", "bob");
    w.now = closesAtOf(p);
    const seal = await w.add("carol", "proposal.sealed", { proposal: p.id, votes: [a.id] });
    const s = await w.derive();
    expect(World.refusal(s, seal.id)).toBe("seal-not-elector");
  });

  it("rules §4 seal: a confirmation by a member outside the electorate is refused, by one inside it accepted", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "yes");
    await w.addMember("carol", "alice", "bob");
    w.now = closesAtOf(p);
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id].sort() });
    const byCarol = await w.add("carol", "proposal.seal-confirmed", { seal: seal.id });
    await w.derive(); // bob's phone leaves the refused confirmation out of his parents
    const byBob = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id });
    const s = await w.derive();
    expect(World.refusal(s, byCarol.id)).toBe("confirm-not-elector");
    expect(World.refusal(s, byBob.id)).toBeUndefined();
    expect(s.proposals[p.id]?.decided?.confirmation).toBe(byBob.id);
  });
});
