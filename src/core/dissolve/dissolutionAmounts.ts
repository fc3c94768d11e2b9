import type { EventId, MemberId } from "../events/types.ts";
import type { EntryRecord, LedgerFold } from "../ledger/ledgerFold.ts";
import { splitLargestRemainder } from "../money/splitLargestRemainder.ts";
import { type DissolutionRecord, memberPayee } from "./dissolution.ts";

/** What a dissolution owes, worked out from the ledger as it stands. Integers in minor units. */
export interface DissolutionAmounts {
  /** Buy-ins not yet refunded, per member: paid first. */
  refunds: Map<MemberId, number>;
  /** Each recipient's whole share of the rest (by payee text: `member:<id>` or the named payee). */
  shares: Map<string, number>;
  /** What dissolution payouts already paid each payee (any payee, authorised or not). */
  paid: Map<string, number>;
  /** The money the dissolution shares out: the balance plus what its payouts already paid. */
  estate: number;
  /** The estate less the refunds owed: what is split. */
  rest: number;
}

/** A counted entry whose money moved and was not reversed. */
const moved = (e: EntryRecord) => e.counted && !e.cancelledByReversal && e.view.status !== "reversed";

/**
 * docs/rules.md §4.8, `dissolve`: refunds of buy-ins not yet refunded come first; the rest
 * is split among the members active at the confirmation (equally, or in proportion to their
 * confirmed contributions) by largest remainder with ties to the smaller member id, or goes to
 * one payee. The shares are of the whole estate (balance plus dissolution payouts already made),
 * so paying someone their share does not shrink anyone else's.
 *
 * `exclude` leaves one payout out (the one being judged, already marked counted).
 */
export function dissolutionAmounts(
  ledger: LedgerFold,
  d: DissolutionRecord,
  owesRefund: (m: MemberId) => boolean,
  exclude?: EventId,
): DissolutionAmounts {
  const refunds = new Map<MemberId, number>();
  for (const member of ledger.buyIn.keys()) {
    const owed = owesRefund(member) ? ledger.refundOwed(member) : 0;
    if (owed > 0) refunds.set(member, owed);
  }
  const paid = new Map<string, number>();
  const contributed = new Map<MemberId, number>(d.members.map((m) => [m, 0]));
  for (const entry of ledger.entries.values()) {
    if (entry.view.id === exclude || !moved(entry)) continue;
    const v = entry.view;
    if (v.payout?.spend === d.proposal) paid.set(v.payout.payee, (paid.get(v.payout.payee) ?? 0) + entry.size);
    const from = v.contribution?.from;
    if (from && "member" in from && contributed.has(from.member))
      contributed.set(from.member, (contributed.get(from.member) as number) + entry.size);
  }
  let paidTotal = 0;
  for (const v of paid.values()) paidTotal += v;
  let refundTotal = 0;
  for (const v of refunds.values()) refundTotal += v;
  const estate = ledger.balance + paidTotal;
  const rest = Math.max(0, estate - refundTotal);
  return { refunds, shares: sharesOf(d, rest, contributed), paid, estate, rest };
}

function sharesOf(d: DissolutionRecord, rest: number, contributed: ReadonlyMap<MemberId, number>) {
  const shares = new Map<string, number>();
  if (typeof d.split === "object") {
    shares.set(d.split.payee, rest);
    return shares;
  }
  // With nobody having contributed anything, "in proportion" has no proportions: split equally.
  const anyContribution = [...contributed.values()].some((v) => v > 0);
  const weights = new Map<MemberId, number>(
    d.members.map((m) => [m, d.split === "contributed" && anyContribution ? (contributed.get(m) ?? 0) : 1]),
  );
  // Keyed by member id, so a tie in the remainder goes to the smaller id.
  for (const [member, share] of splitLargestRemainder(rest, weights)) shares.set(memberPayee(member), share);
  return shares;
}

/** What is still owed to a payee: their share less what was paid them (never below zero). */
export const stillOwed = (a: DissolutionAmounts, payee: string): number =>
  Math.max(0, (a.shares.get(payee) ?? 0) - (a.paid.get(payee) ?? 0));
