/**
 * Moment 3 of docs/rules.md §1: phones that were apart reconnect and all show the same result,
 * ledger and balance. Two devices each hold part of a shared history, write their own events on
 * top of what they hold (their own heads, their own clocks), then exchange everything.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivePool, type EventId } from "../../../src/core/index.ts";
import {
  actionsWith,
  buildHistory,
  type Device,
  decodeAll,
  propertyTimeout,
  runs,
  scriptArb,
} from "../../helpers/generators.ts";
import { checkAll } from "./invariants.ts";

const RUNS = runs(30);

/** What a device received of the shared history: everything up to a cut, less a few dropped events. */
const deliveryArb = fc.record({
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  dropped: fc.array(fc.nat({ max: 200 }), { maxLength: 3 }),
  // A clock up to 10 minutes behind the events it holds still counts them; one further behind makes
  // them wait (docs/rules.md §3 "Time from the future waits", its own stories).
  clockOffset: fc.integer({ min: -10, max: 30 * 60 }).map((m) => m * 60_000),
});

function delivered(origin: Device, d: { cut: number; dropped: number[] }): EventId[] {
  const ids = [...origin.held.keys()];
  const upTo = Math.max(1, Math.ceil(d.cut * ids.length));
  // The genesis is always held: a device that joined remembers it.
  return ids.slice(0, upTo).filter((_, i) => i === 0 || !d.dropped.includes(i));
}

describe("two devices apart, then merged (property)", () => {
  it(
    "end identical after exchanging their events, and each view keeps the rules throughout",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scriptArb(5, 25),
          deliveryArb,
          deliveryArb,
          fc.array(actionsWith(), { maxLength: 20 }),
          fc.array(actionsWith(), { maxLength: 20 }),
          async (shared, toA, toB, actsA, actsB) => {
            const origin = await buildHistory(shared);
            const a = origin.fork(delivered(origin, toA), toA.clockOffset, "phone-a");
            const b = origin.fork(delivered(origin, toB), toB.clockOffset, "phone-b");
            a.onState = checkAll;
            b.onState = checkAll;
            for (const act of actsA) await a.run(act);
            for (const act of actsB) await b.run(act);
            // Back online: each receives the other's events (in its own arrival order).
            a.onState = undefined;
            b.onState = undefined;
            a.receive(b.held.values());
            b.receive(a.held.values());
            a.clock = b.clock = Math.max(a.clock, b.clock);
            const merged = a.state();
            checkAll(merged, a.held);
            expect(b.state()).toStrictEqual(merged);
            // And through the app's pipeline: decode the bytes, verify once, derive.
            const decoded = decodeAll(b.held.values());
            expect(
              derivePool({ genesisId: a.genesisId, events: decoded, verified: a.honest, now: a.clock }),
            ).toStrictEqual(merged);
          },
        ),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );
});
