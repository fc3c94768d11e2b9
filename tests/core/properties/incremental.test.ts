/**
 * docs/rules.md §3: the state is a fold over the one order, so a device that holds a derived pool
 * and receives more events (or whose clock releases events that waited) may fold them onto what
 * it has. Whatever arrives in whatever batches, at whatever clock, carrying on (`deriveNext`)
 * must end exactly where deriving everything from scratch does, and no state handed out changes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AnyDecodedEvent,
  type Derivation,
  deriveFrom,
  deriveNext,
  derivePool,
  type EventId,
  type PoolState,
} from "../../../src/core/index.ts";
import {
  buildHistory,
  decodeAll,
  permutationKeysArb,
  permute,
  propertyTimeout,
  runs,
  type Script,
  scriptArb,
  VOTING_WEIGHTS,
} from "../../helpers/generators.ts";

const RUNS = runs(30);
const MINUTE = 60_000;

/** Per batch: how far behind the history's last clock the device's clock is (minutes), and whether it carries on from a derivation already carried on (a trial that was thrown away). */
const stepArb = fc.record({
  behind: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 24 * 60 })),
  branch: fc.boolean(),
});

async function checkSteps(
  script: Script,
  keys: number[],
  sizes: number[],
  steps: { behind: number; branch: boolean }[],
  inOrder: boolean,
) {
  const device = await buildHistory(script);
  let events = decodeAll(device.held.values());
  if (!inOrder) events = permute(events, keys);
  // The genesis comes first: a device that joined a pool holds it before anything else.
  const genesis = events.find((e) => e.id === device.genesisId) as AnyDecodedEvent;
  events = [genesis, ...events.filter((e) => e !== genesis)];
  const held: AnyDecodedEvent[] = [];
  const arrivals = new Map<EventId, number>();
  const handedOut: { state: PoolState; copy: PoolState }[] = [];
  let derivation: Derivation | undefined;
  inBatches(events, sizes).forEach((batch, k) => {
    const step = steps[k % Math.max(1, steps.length)] ?? { behind: 0, branch: false };
    // Never before the genesis: a device that holds a pool holds it counted.
    const now = Math.max(genesis.body.at, device.clock - step.behind * MINUTE);
    for (const e of batch) {
      held.push(e);
      if (!arrivals.has(e.id)) arrivals.set(e.id, now);
    }
    const input = { verified: device.honest, now, arrivals: new Map(arrivals) };
    // A trial thrown away (an append refused) carries the derivation on first: carrying on from
    // it again must still be right.
    if (derivation && step.branch) deriveNext(derivation, { ...input, added: batch.slice(0, 1) });
    const next = derivation
      ? deriveNext(derivation, { ...input, added: batch })
      : deriveFrom({ ...input, genesisId: device.genesisId, events: batch });
    const fromScratch = derivePool({ ...input, genesisId: device.genesisId, events: held });
    expect(next.state).toStrictEqual(fromScratch);
    handedOut.push({ state: next.state, copy: structuredClone(next.state) });
    derivation = next;
  });
  // What the app held was never changed by the derivations after it.
  for (const { state, copy } of handedOut) expect(state).toStrictEqual(copy);
}

/** Consecutive batches of the given sizes (repeated until every event is in one). */
function inBatches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  for (let from = 0, k = 0; from < items.length; k++) {
    const size = sizes.length === 0 ? items.length : (sizes[k % sizes.length] as number);
    out.push(items.slice(from, from + size));
    from += size;
  }
  return out;
}

const sizesArb = fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 6 });

describe("carrying a derivation on equals deriving from scratch (property)", () => {
  it(
    "rules §3: events arriving in any batches, at any clock, fold onto the pool exactly as a full derivation",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scriptArb(10, 40),
          permutationKeysArb,
          sizesArb,
          fc.array(stepArb, { maxLength: 6 }),
          async (script, keys, sizes, steps) => {
            await checkSteps(script, keys, sizes, steps, false);
          },
        ),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );

  it(
    "rules §3: a voting history received in its own order, a few events at a time, folds on exactly",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scriptArb(10, 40, VOTING_WEIGHTS),
          sizesArb,
          fc.array(stepArb, { maxLength: 6 }),
          async (script, sizes, steps) => {
            await checkSteps(script, [], sizes, steps, true);
          },
        ),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );
});
