/**
 * "Given the same set of events, every device derives exactly the same state" (docs/rules.md §2),
 * whatever order they arrived in and however they were batched. Each generated history is
 * signed once, then delivered in several shuffles and splits.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivePool } from "../../../src/core/index.ts";
import {
  buildHistory,
  cutsArb,
  decodeAll,
  permutationKeysArb,
  permute,
  propertyTimeout,
  runs,
  scriptArb,
  splitAt,
  VerifyingStore,
} from "../../helpers/generators.ts";
import { checkAll } from "./invariants.ts";

/** Runs are fixed (not tied to a seed or a clock) so the suite takes the same time everywhere. */
const RUNS = runs(30);

describe("the same events give the same pool, whatever their order (property)", () => {
  it(
    "a shuffled delivery derives exactly what the original order derives",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scriptArb(10, 40),
          fc.array(permutationKeysArb, { minLength: 2, maxLength: 4 }),
          async (script, shuffles) => {
            const device = await buildHistory(script);
            const events = decodeAll(device.held.values());
            const input = { genesisId: device.genesisId, verified: device.honest, now: device.clock };
            const reference = derivePool({ ...input, events });
            checkAll(reference, device.held);
            for (const keys of shuffles)
              expect(derivePool({ ...input, events: permute(events, keys) })).toStrictEqual(reference);
            expect(derivePool({ ...input, events: [...events].reverse() })).toStrictEqual(reference);
          },
        ),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );

  it(
    "receiving batches one by one (verifying each once) ends where deriving from scratch does",
    async () => {
      await fc.assert(
        fc.asyncProperty(scriptArb(10, 40), permutationKeysArb, cutsArb, async (script, keys, cuts) => {
          const device = await buildHistory(script);
          const events = decodeAll(device.held.values());
          const fromScratch = derivePool({
            genesisId: device.genesisId,
            events,
            verified: device.honest,
            now: device.clock,
          });
          const store = new VerifyingStore(device.genesisId);
          for (const batch of splitAt(permute(events, keys), cuts)) {
            await store.receive(batch);
            // Whatever subset a device holds (pending parents, joins before invites), the rules hold.
            const partial = store.derive(device.clock);
            if (partial) checkAll(partial, store.held);
          }
          expect(store.derive(device.clock)).toStrictEqual(fromScratch);
        }),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );
});
