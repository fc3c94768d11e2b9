import type { EventId, MemberId } from "../events/types.ts";
import type { Bitset } from "../graph/bitset.ts";
import type { Fold } from "../pool/fold.ts";
import { resultIn } from "../tally/restoreVote.ts";
import type { LedgerContext } from "./ledgerFold.ts";
import type { SpendRecord } from "./reserve.ts";

/** Has the member left or been removed, in everything the fold has taken so far? */
export function isDeparted(fold: Fold, member: MemberId): boolean {
  const marks = fold.marks.get(member);
  return marks !== undefined && marks.length > 0 && marks[marks.length - 1]?.kind === "depart";
}

/** The ledger's view of the pool at the event that makes an entry count. */
export function ledgerContextAt(fold: Fold, countedBy: EventId): LedgerContext {
  return new ContextAt(fold, fold.inclusiveOf(countedBy));
}

/** Methods rather than closures: one is made per counted entry (10,000-event pools count thousands). */
class ContextAt implements LedgerContext {
  readonly refundOnLeave: boolean;
  constructor(
    private readonly fold: Fold,
    private readonly here: Bitset,
  ) {
    this.refundOnLeave = fold.rulesAt(here).refundOnLeave;
  }
  isDeparted(member: MemberId): boolean {
    return isDeparted(this.fold, member);
  }
  passedSpend(spendId: EventId): SpendRecord | undefined {
    // A round's own reservation is not payable: only its funded buckets are.
    const spend = this.fold.ledger.spends.get(spendId);
    if (!spend || spend.kind === "round" || !this.fold.inPast(this.here, spend.decidedBy)) return undefined;
    return spend;
  }
  overturnedHere(spend: SpendRecord): boolean {
    const p = spend.overturnedBy === undefined ? undefined : this.fold.proposals.get(spend.id);
    return p?.decided !== undefined && !resultIn(this.fold, p, this.here).passed;
  }
}
