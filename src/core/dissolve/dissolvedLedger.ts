import type { LedgerContext } from "../ledger/ledgerFold.ts";
import type { Fold } from "../pool/fold.ts";
import { type DissolutionRecord, refundEligible } from "./dissolution.ts";
import { dissolutionAmounts, stillOwed } from "./dissolutionAmounts.ts";

/**
 * The ledger's context at an event whose past holds the dissolution: no spend authorises more,
 * every buy-in not yet refunded is owed back (to active members too), and payouts naming the
 * dissolve proposal are authorised up to what is still owed to their payee.
 */
export function dissolvingContext(fold: Fold, d: DissolutionRecord, base: LedgerContext): LedgerContext {
  const owesRefund = refundEligible(d, base.isDeparted);
  return {
    ...base,
    // The refund rule reads these two: after a dissolution, "owed a refund" no longer needs a departure.
    refundOnLeave: true,
    isDeparted: owesRefund,
    passedSpend: () => undefined,
    dissolution: {
      judgePayout(record) {
        const p = record.view.payout;
        if (!p || p.spend !== d.proposal) return "no-passed-spend";
        const amounts = dissolutionAmounts(fold.ledger, d, owesRefund, record.view.id);
        if (!amounts.shares.has(p.payee)) return "other-payee";
        return record.size > stillOwed(amounts, p.payee) ? "beyond-approved" : undefined;
      },
    },
  };
}
