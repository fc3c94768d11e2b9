/**
 * "Every phone shows the same balance, to the cent" only helps if that balance is right:
 * balance = confirmed in − confirmed out (reversals undo), reserved never exceeds the money in
 * hand, available is never negative, and a cent paid out counts against at most one spend.
 * Histories mix contributions, payouts (authorised and not), refunds, reversals and spends
 * competing for the same money; the rules are checked at every step.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildHistory, LEDGER_WEIGHTS, propertyTimeout, runs, scriptArb } from "../../helpers/generators.ts";
import { HOUR, World } from "../../helpers/world.ts";
import { checkLedger, checkStructure } from "./invariants.ts";

const RUNS = runs(60);

describe("the ledger (property)", () => {
  it(
    "balances to the cent and keeps reserved and available in bounds, at every step",
    async () => {
      await fc.assert(
        fc.asyncProperty(scriptArb(15, 50, LEDGER_WEIGHTS), async (script) => {
          await buildHistory(script, (state, held) => {
            checkStructure(state, held);
            checkLedger(state, held);
          });
        }),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );
});

/**
 * The two histories the property first found, kept as plain examples: a cent paid out counts
 * against one spend at most, and reversing a payout gives back only what it took from a spend.
 */
describe("the ledger (examples the property found)", () => {
  const gear = "Mountain Gear Co";

  async function poolWithMoney() {
    const w = await World.withMembers(["alice", "bob", "carol"], { minVotingHours: 0, sealAfterHours: 0 });
    const dues = await w.contribute("alice", "alice", 10_000);
    await w.confirm("bob", dues.id);
    return w;
  }

  async function passSpend(w: World, amount: number, covers?: string[]) {
    const spec = covers
      ? { kind: "spend" as const, amount, payee: gear, purpose: "tents", covers }
      : { kind: "spend" as const, amount, payee: gear, purpose: "tents" };
    const p = await w.propose("alice", spec, { closesIn: HOUR });
    for (const n of ["alice", "bob", "carol"]) await w.vote(n, p.id, "yes");
    await w.decide(p.id, "alice", "bob");
    return p.id;
  }

  it("reversing a payout made before its spend passed does not reopen the spend beyond its amount", async () => {
    const w = await poolWithMoney();
    const spend = await w.propose(
      "alice",
      { kind: "spend", amount: 5_000, payee: gear, purpose: "tents" },
      { closesIn: HOUR },
    );
    const early = await w.add("bob", "ledger.payout", {
      spend: spend.id,
      amount: 3_000,
      payee: gear,
      memo: "paid early",
    });
    await w.confirm("carol", early.id);
    for (const n of ["alice", "bob", "carol"]) await w.vote(n, spend.id, "yes");
    await w.decide(spend.id, "alice", "bob");
    const reversal = await w.add("alice", "ledger.reversal", { entry: early.id, memo: "mistake" });
    await w.confirm("carol", reversal.id);
    const s = await w.derive();
    expect(s.audit).toEqual([]);
    expect(s.proposals[spend.id]?.spend).toMatchObject({ amount: 5_000, paid: 0, remaining: 5_000 });
    checkLedger(s, w.events);
  });

  it("a payout beyond its spend, then covered by another spend, counts against the covering spend only", async () => {
    const w = await poolWithMoney();
    const small = await passSpend(w, 1_000);
    const over = await w.add("bob", "ledger.payout", {
      spend: small,
      amount: 3_000,
      payee: gear,
      memo: "the big tent",
    });
    await w.confirm("carol", over.id);
    expect((await w.derive()).ledger.entries.find((e) => e.id === over.id)?.notAuthorised).toBe("beyond-approved");
    const cover = await passSpend(w, 3_000, [over.id]);
    const s = await w.derive();
    expect(s.audit).toEqual([]);
    expect(s.ledger.entries.find((e) => e.id === over.id)?.notAuthorised).toBeUndefined();
    expect(s.proposals[cover]?.spend).toMatchObject({ paid: 3_000, remaining: 0 });
    expect(s.proposals[small]?.spend).toMatchObject({ paid: 0, remaining: 1_000 });
    checkLedger(s, w.events);
  });
});
