/**
 * One person, one vote (docs/rules.md §4.10–§4.15): whatever
 * happens (changes of mind, duplicate and backdated ballots, forged signatures, outsiders,
 * ballots with extra parents, leaves, removals, padded or short seals), every counted ballot is
 * an elector's own, counted once, and the counts never exceed the electorate.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import { buildHistory, propertyTimeout, runs, scriptArb, VOTING_WEIGHTS } from "../../helpers/generators.ts";
import { checkStructure, checkVotes } from "./invariants.ts";

const RUNS = runs(60);

describe("counted votes (property)", () => {
  it(
    "come from the electorate, once per member, at every step of any history",
    async () => {
      await fc.assert(
        fc.asyncProperty(scriptArb(15, 50, VOTING_WEIGHTS), async (script) => {
          await buildHistory(script, (state, held) => {
            checkStructure(state, held);
            checkVotes(state, held);
          });
        }),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );
});
