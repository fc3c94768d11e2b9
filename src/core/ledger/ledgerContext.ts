import { dissolutionIn } from "../dissolve/dissolution.ts";
import { dissolvingContext } from "../dissolve/dissolvedLedger.ts";
import type { EventId, MemberId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import { resultIn } from "../tally/restoreVote.ts";
import type { LedgerContext } from "./ledgerFold.ts";

/** Has the member left or been removed, in everything the fold has taken so far? */
export function isDeparted(fold: Fold, member: MemberId): boolean {
  const marks = fold.marks.get(member);
  return marks !== undefined && marks.length > 0 && marks[marks.length - 1]?.kind === "depart";
}

/** The ledger's view of the pool at the event that makes an entry count. */
export function ledgerContextAt(fold: Fold, countedBy: EventId): LedgerContext {
  const here = fold.inclusiveOf(countedBy);
  const base: LedgerContext = {
    refundOnLeave: fold.rulesAt(here).refundOnLeave,
    isDeparted: (member) => isDeparted(fold, member),
    passedSpend: (spendId) => {
      // A round's own reservation is not payable: only its funded buckets are.
      const spend = fold.ledger.spends.get(spendId);
      if (!spend || spend.kind === "round" || !fold.inPast(here, spend.decidedBy)) return undefined;
      return spend;
    },
    overturnedHere: (spend) => {
      const p = spend.overturnedBy === undefined ? undefined : fold.proposals.get(spend.id);
      return p?.decided !== undefined && !resultIn(fold, p, here).passed;
    },
  };
  const dissolution = dissolutionIn(fold, here);
  return dissolution ? dissolvingContext(fold, dissolution, base) : base;
}
