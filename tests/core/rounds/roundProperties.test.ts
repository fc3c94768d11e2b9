import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivePool } from "../../../src/core/index.ts";
import { bucket, closeRound, openRound, poolWithMoney } from "../../helpers/rounds.ts";

const PEOPLE = ["alice", "bob", "carol", "dave", "erin"];

/** A round with three buckets and allocations chosen by fast-check, closed and confirmed. */
async function playRound(allocations: { who: number; bucket: number; amount: number }[]) {
  const w = await poolWithMoney(PEOPLE, 100_000);
  const round = await openRound(w, PEOPLE, 50_003);
  const buckets = [
    await bucket(w, "alice", round, 10_000, 15_000, "Capped"),
    await bucket(w, "bob", round, 20_000, undefined, "Big"),
    await bucket(w, "carol", round, 1, undefined, "Tiny"),
  ];
  for (const a of allocations) {
    await w.add(PEOPLE[a.who] as string, "bucket.allocated", {
      bucket: (buckets[a.bucket] as { id: string }).id,
      amount: a.amount,
    });
  }
  const before = await w.derive();
  await closeRound(w, round, "dave", "erin");
  return { w, round, before };
}

const allocationArb = fc.array(
  fc.record({
    who: fc.integer({ min: 0, max: 4 }),
    bucket: fc.integer({ min: 0, max: 2 }),
    amount: fc.integer({ min: 0, max: 10_000 }),
  }),
  { maxLength: 12 },
);

describe("budget round properties", () => {
  it("any delivery order gives the same funded set and amounts", async () => {
    await fc.assert(
      fc.asyncProperty(allocationArb, fc.integer(), async (allocations, seed) => {
        const { w, round } = await playRound(allocations);
        const reference = await w.derive();
        const shuffled = fc.sample(
          fc.shuffledSubarray(w.decoded(), { minLength: w.events.size, maxLength: w.events.size }),
          { numRuns: 1, seed },
        )[0]!;
        const again = derivePool({
          genesisId: w.genesisId,
          events: shuffled,
          verified: new Set(w.events.keys()),
          now: w.now,
        });
        expect(again.rounds[round]).toEqual(reference.rounds[round]);
        expect(again.ledger).toEqual(reference.ledger);
      }),
      { numRuns: 12 },
    );
  });

  it("allocations never exceed anyone's share nor the round, and pool money before = after + funded, to the cent", async () => {
    await fc.assert(
      fc.asyncProperty(allocationArb, async (allocations) => {
        const { w, round, before } = await playRound(allocations);
        const after = await w.derive();
        const view = after.rounds[round]!;
        for (const placed of Object.values(before.rounds[round]!.allocatedBy))
          expect(placed).toBeLessThanOrEqual(view.share);
        const totals = view.buckets.reduce((sum, b) => sum + b.total, 0);
        expect(totals).toBeLessThanOrEqual(view.amount);
        const funded = view.decided!.funded.reduce((sum, f) => sum + f.amount, 0);
        expect(after.ledger.balance).toBe(before.ledger.balance);
        expect(before.ledger.reserved).toBe(50_003);
        expect(after.ledger.reserved).toBe(funded);
        expect(after.ledger.available + funded).toBe(after.ledger.balance);
        for (const b of view.buckets) if (b.funded) expect(b.total).toBeGreaterThanOrEqual(b.minimum);
      }),
      { numRuns: 12 },
    );
  });
});
