import { isDeparted } from "../ledger/ledgerContext.ts";
import type { Fold } from "../pool/fold.ts";
import type { DissolutionView } from "../pool/poolState.ts";
import { memberOfPayee, refundEligible } from "./dissolution.ts";
import { dissolutionAmounts, stillOwed } from "./dissolutionAmounts.ts";

/** What the dissolution owes now, with everything the fold took. */
export function dissolutionView(fold: Fold): DissolutionView | undefined {
  const d = fold.dissolution;
  if (!d || d.overturnedBy !== undefined) return undefined;
  const owesRefund = refundEligible(d, (m) => isDeparted(fold, m));
  const a = dissolutionAmounts(fold.ledger, d, owesRefund);
  const refunds = [...a.refunds].map(([member, owed]) => ({ member, owed })).sort(byMember);
  const shares = [...a.shares].map(([payee, share]) => {
    const row: DissolutionView["shares"][number] = {
      payee,
      share,
      paid: a.paid.get(payee) ?? 0,
      owed: stillOwed(a, payee),
    };
    if (typeof d.split !== "object") row.member = memberOfPayee(payee);
    return row;
  });
  const owed = refunds.reduce((s, r) => s + r.owed, 0) + shares.reduce((s, r) => s + r.owed, 0);
  const balance = fold.ledger.balance;
  return {
    proposal: d.proposal,
    confirmation: d.confirmation,
    at: d.at,
    split: d.split,
    members: [...d.members],
    refunds,
    shares,
    estate: a.estate,
    rest: a.rest,
    shortfall: Math.max(0, owed - balance),
    closed: balance === 0,
  };
}

const byMember = (a: { member: string }, b: { member: string }) => (a.member < b.member ? -1 : 1);
