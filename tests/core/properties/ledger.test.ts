/**
 * "Every phone shows the same balance, to the cent" only helps if that balance is right:
 * balance = confirmed in − confirmed out (reversals undo), reserved never exceeds the money in
 * hand, available is never negative, and a cent paid out counts against at most one spend.
 * Histories mix contributions, payouts (authorised and not), refunds, reversals and spends
 * competing for the same money; the rules are checked at every step.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import { buildHistory, LEDGER_WEIGHTS, propertyTimeout, runs, scriptArb } from "../../helpers/generators.ts";
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
