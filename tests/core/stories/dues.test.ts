import { describe, expect, it } from "vitest";
import type { Rules } from "../../../src/core/index.ts";
import { DAY, T0, World } from "../../helpers/world.ts";

/** docs/rules.md §11 "Dues": who owes what, paid through, and the electorate under duesToVote. */

const MONTHLY: Rules["dues"] = { amount: 1000, every: "month" };

async function paidDues(w: World, who: string, amount: number, confirmer: string) {
  const entry = await w.contribute(who, who, amount, "dues");
  await w.confirm(confirmer, entry.id);
  return entry;
}

describe("rules §11 dues across period boundaries", () => {
  it("dues: each month begun since admission is owed; a member owing only the running month is current", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: MONTHLY });
    let s = await w.derive(T0 + 10 * DAY);
    expect(s.members[w.id("bob")]?.dues).toMatchObject({ charged: 1000, owed: 1000, current: true });
    expect(s.members[w.id("bob")]?.dues?.paidThrough).toBeUndefined();
    // On 2 February a second month has begun: two owed, one of them overdue.
    s = await w.derive(Date.UTC(2026, 1, 2));
    expect(s.members[w.id("bob")]?.dues).toMatchObject({ charged: 2000, owed: 2000, current: false });
  });

  it("dues: confirmed payments pay the oldest months first and move 'paid through' to the end of the last month paid", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: MONTHLY });
    w.now = Date.UTC(2026, 1, 2);
    await paidDues(w, "bob", 2000, "alice");
    const s = await w.derive();
    const bob = s.members[w.id("bob")]?.dues;
    expect(bob).toMatchObject({ charged: 2000, paid: 2000, owed: 0, current: true });
    // bob was admitted a few milliseconds after midnight on 1 January: two months run to 1 March.
    expect(new Date(bob?.paidThrough ?? 0).toISOString().slice(0, 10)).toBe("2026-03-01");
  });

  it("dues: an unconfirmed payment pays nothing", async () => {
    const w = await World.withMembers(["alice", "bob"], { dues: MONTHLY });
    w.now = Date.UTC(2026, 1, 2);
    await w.contribute("bob", "bob", 2000, "dues");
    const s = await w.derive();
    expect(s.members[w.id("bob")]?.dues).toMatchObject({ paid: 0, owed: 2000, current: false });
  });

  it("dues: a pool without dues shows none", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const s = await w.derive(T0 + 400 * DAY);
    expect(s.members[w.id("bob")]?.dues).toBeUndefined();
    expect(s.rules.dues).toBeNull();
  });
});

describe("rules §11 dues changed by a rules proposal", () => {
  it("dues: set by a confirmed rules proposal, they are owed from its confirmation, not from admission", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    w.now = Date.UTC(2026, 2, 1);
    const p = await w.propose("alice", { kind: "rules", changes: { dues: MONTHLY } });
    for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
    const { confirmation } = await w.decide(p.id, "alice", "bob");
    const s = await w.derive(confirmation.body.at + 45 * DAY);
    expect(s.rules.dues).toEqual(MONTHLY);
    expect(s.members[w.id("carol")]?.dues).toMatchObject({ charged: 2000, owed: 2000, current: false });
  });

  it("dues: a change applies from its confirmation and does not forgive what was owed before", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: MONTHLY });
    // Three months at 10.00 (January, February, March begun), then 60.00 a year from 15 March.
    w.now = Date.UTC(2026, 2, 10);
    const p = await w.propose("alice", { kind: "rules", changes: { dues: { amount: 6000, every: "year" } } });
    for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
    const { confirmation } = await w.decide(p.id, "alice", "bob");
    const s = await w.derive(confirmation.body.at + 30 * DAY);
    expect(s.members[w.id("carol")]?.dues).toMatchObject({ charged: 3000 + 6000, runningPeriodAmount: 6000 });
    // Owing the three old months as well as the running year: not current.
    expect(s.members[w.id("carol")]?.dues?.current).toBe(false);
  });

  it("dues: set back to null, no new period is charged", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: MONTHLY });
    w.now = Date.UTC(2026, 0, 20);
    const p = await w.propose("alice", { kind: "rules", changes: { dues: null } });
    for (const name of ["alice", "bob", "carol"]) await w.vote(name, p.id, "yes");
    await w.decide(p.id, "alice", "bob");
    const s = await w.derive(Date.UTC(2026, 5, 1));
    expect(s.members[w.id("carol")]?.dues).toMatchObject({ charged: 1000, owed: 1000 });
  });

  it("rules: a dues value out of bounds (zero, an unknown period) is no rule change", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const zero = await w.propose("alice", { kind: "rules", changes: { dues: { amount: 0, every: "month" } } });
    const weekly = await w.propose("alice", {
      kind: "rules",
      changes: { dues: { amount: 100, every: "week" } as unknown as Rules["dues"] },
    });
    const s = await w.derive();
    expect(s.proposals[zero.id]).toBeUndefined();
    expect(s.proposals[weekly.id]).toBeUndefined();
  });
});

describe("rules §11 duesToVote: the electorate holds only members current in the proposal's causal past", () => {
  it("duesToVote: carol, two months behind, is not in the electorate and her vote is refused; alice and bob, paid up, are", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: MONTHLY, duesToVote: true });
    w.now = Date.UTC(2026, 1, 2);
    await paidDues(w, "alice", 2000, "bob");
    await paidDues(w, "bob", 1000, "alice"); // bob owes only February, the month now running
    const p = await w.propose("alice", { kind: "decision" });
    const vote = await w.vote("carol", p.id, "yes");
    const s = await w.derive();
    expect(s.proposals[p.id]?.electorate.sort()).toEqual([w.id("alice"), w.id("bob")].sort());
    expect(World.refusal(s, vote.id)).toBe("not-in-electorate");
  });

  it("duesToVote: carol pays after the proposal: she votes on the next one, not on that one", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: MONTHLY, duesToVote: true });
    w.now = Date.UTC(2026, 1, 2);
    const before = await w.propose("alice", { kind: "decision" });
    await paidDues(w, "carol", 2000, "alice");
    const after = await w.propose("alice", { kind: "decision" });
    const s = await w.derive();
    expect(s.proposals[before.id]?.electorate).not.toContain(w.id("carol"));
    expect(s.proposals[after.id]?.electorate).toContain(w.id("carol"));
  });

  it("duesToVote: a payment confirmed concurrently (not in the proposal's causal past) does not count for it", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: MONTHLY, duesToVote: true });
    w.now = Date.UTC(2026, 1, 2);
    const heads = w.currentHeads();
    await paidDues(w, "carol", 2000, "alice");
    const p = await w.propose("bob", { kind: "decision" }, { parents: heads });
    const s = await w.derive();
    expect(s.proposals[p.id]?.electorate).not.toContain(w.id("carol"));
  });

  it("without duesToVote a member behind on dues still votes", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"], { dues: MONTHLY });
    w.now = Date.UTC(2026, 3, 2);
    const p = await w.propose("alice", { kind: "decision" });
    const s = await w.derive();
    expect(s.members[w.id("carol")]?.dues?.current).toBe(false);
    expect(s.proposals[p.id]?.electorate).toContain(w.id("carol"));
  });
});
