import type { EventId, MemberId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { BucketView, RoundView } from "../pool/poolState.ts";
import { bucketTotals, fillBuckets } from "./fillBuckets.ts";
import type { Holding, RoundRecord } from "./roundRecord.ts";

/** A round as the app shows it: live totals before the close, the sealed outcome once confirmed. */
export function buildRoundView(_fold: Fold, round: RoundRecord, now: number): RoundView {
  const holdings: ReadonlyMap<EventId, ReadonlyMap<MemberId, Holding>> = round.decided
    ? fillBuckets(round.buckets, round.decided.seal.allocations)
    : round.holdings;
  const totals = bucketTotals(holdings);
  const allocatedBy: Record<MemberId, number> = {};
  const counting: EventId[] = [];
  for (const byMember of holdings.values())
    for (const [member, h] of byMember) {
      counting.push(h.allocation.id);
      if (h.effective > 0) allocatedBy[member] = (allocatedBy[member] ?? 0) + h.effective;
    }
  const buckets: BucketView[] = [...round.buckets.values()].map((b) => {
    const total = totals.get(b.id) ?? 0;
    const allocations: Record<MemberId, number> = {};
    for (const [member, h] of holdings.get(b.id) ?? []) if (h.effective > 0) allocations[member] = h.effective;
    const cancelled = b.cancellations.length > 0;
    return {
      id: b.id,
      by: b.by,
      at: b.at,
      title: b.title,
      description: b.description,
      payee: b.payee,
      minimum: b.minimum,
      maximum: b.maximum,
      total,
      funded: round.decided ? round.decided.seal.outcome.funded.includes(b.id) : !cancelled && total >= b.minimum,
      cancelled,
      allocations,
    };
  });
  let placed = 0;
  for (const t of totals.values()) placed += t;
  const view: RoundView = {
    id: round.id,
    amount: round.amount,
    share: round.share,
    remainder: round.amount - round.share * round.electorate.size,
    electorate: [...round.electorate].sort(),
    closesAt: round.closesAt,
    bucketDeadline: round.bucketDeadline,
    status: round.decided ? "decided" : now >= round.closesAt ? "closed" : "open",
    buckets,
    allocatedBy,
    unallocated: round.amount - placed,
    countingAllocations: counting.sort(),
    seals: round.seals.map((s) => ({
      id: s.id,
      by: s.by,
      at: s.at,
      allocations: s.allocations.map((a) => a.id),
      funded: s.outcome.funded,
      confirmed: round.decided?.seal.id === s.id,
    })),
  };
  if (round.bucketCap !== undefined) view.bucketCap = round.bucketCap;
  if (round.decided) {
    const { seal, confirmation } = round.decided;
    view.decided = {
      seal: seal.id,
      confirmation,
      funded: seal.outcome.funded.map((bucket) => ({ bucket, amount: seal.outcome.totals.get(bucket) as number })),
    };
  }
  return view;
}
