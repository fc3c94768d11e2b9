import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveFlood, derivePool, type EventId, type PoolState } from "../../../src/core/index.ts";
import { poolPaysFlood, syncClocks, twoPoolsInAFlood } from "../../helpers/floods.ts";
import { DAY, type World } from "../../helpers/world.ts";

/** Two pools sharing carol, in a flood, with transfers and a flood vote chosen by fast-check. */
async function history(transfers: number[], choices: ("yes" | "no")[]) {
  const { a, b, flood, joinA, joinB } = await twoPoolsInAFlood(1_000_000, 500_000, 500_000, "F");
  for (const [i, amount] of transfers.entries()) {
    if (i % 2 === 0) await poolPaysFlood(a, ["alice", "bob"], flood, joinA, amount, "dave");
    else await poolPaysFlood(b, ["dave", "erin"], flood, joinB, amount, "alice");
    syncClocks(a, b, flood);
  }
  const p = await flood.propose("alice", { kind: "decision" }, { closesIn: DAY });
  const voters = ["alice", "bob", "carol", "dave", "erin", "carol"];
  for (const [i, choice] of choices.entries()) await flood.vote(voters[i % voters.length] as string, p.id, choice);
  return { a, b, flood, proposal: p.id };
}

const shuffle = <T>(items: T[], seed: number): T[] => {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

describe("flood properties", () => {
  it("any delivery order across the pool and flood documents gives the same state; nobody counts twice; the ledgers reconcile to the cent", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 4 }),
        fc.array(fc.constantFrom("yes" as const, "no" as const), { maxLength: 8 }),
        fc.integer(),
        async (transfers, choices, seed) => {
          const { a, b, flood, proposal } = await history(transfers, choices);
          const reference = await flood.deriveFlood([a, b]);
          const poolState = (w: World, s: number): PoolState =>
            derivePool({
              genesisId: w.genesisId,
              events: shuffle(w.decoded(), s),
              verified: new Set(w.events.keys()),
              now: flood.now,
            });
          const pools = new Map<EventId, PoolState>([
            [a.genesisId, poolState(a, seed)],
            [b.genesisId, poolState(b, seed + 1)],
          ]);
          const again = deriveFlood({
            genesisId: flood.genesisId,
            events: shuffle(flood.decoded(), seed + 2),
            verified: new Set(flood.events.keys()),
            now: flood.now,
            pools,
          });
          expect(again).toEqual(reference);
          // one person, one vote: carol is in both pools and counted at most once
          const view = reference.proposals[proposal]!;
          expect(new Set(view.electorate).size).toBe(view.electorate.length);
          expect(view.tally.yes + view.tally.no).toBeLessThanOrEqual(view.electorate.length);
          // every cent a pool paid to the flood is a cent the flood received
          const paid = [a, b]
            .map((w) => pools.get(w.genesisId)!)
            .flatMap((s) => s.ledger.entries)
            .filter((e) => e.payout?.payee === `flood:${flood.genesisId}` && e.status === "confirmed")
            .reduce((sum, e) => sum - e.amount, 0);
          expect(reference.ledger.balance).toBe(paid);
          expect(paid).toBe(transfers.reduce((x, y) => x + y, 0));
        },
      ),
      { numRuns: 6 },
    );
  });
});
