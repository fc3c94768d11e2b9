import type { EventId, MemberId } from "../events/types.ts";
import type { AllocationRecord, BucketRecord, Holding } from "./roundRecord.ts";

const totalOf = (h: ReadonlyMap<MemberId, Holding> | undefined) => {
  let t = 0;
  for (const x of h?.values() ?? []) t += x.effective;
  return t;
};

/** What a member has in buckets other than `except` (what counts against their share). */
export function heldElsewhere(
  holdings: ReadonlyMap<EventId, ReadonlyMap<MemberId, Holding>>,
  member: MemberId,
  except?: EventId,
): number {
  let held = 0;
  for (const [bucket, byMember] of holdings) if (bucket !== except) held += byMember.get(member)?.effective ?? 0;
  return held;
}

/**
 * Puts one allocation into its bucket: it replaces the member's previous allocation to that
 * bucket, and the bucket takes nothing beyond its maximum — the part over it, in event order,
 * stays with the allocator (docs/rules.md §4.22).
 */
export function placeAllocation(
  holdings: Map<EventId, Map<MemberId, Holding>>,
  bucket: BucketRecord,
  allocation: AllocationRecord,
): void {
  let byMember = holdings.get(bucket.id);
  if (!byMember) {
    byMember = new Map();
    holdings.set(bucket.id, byMember);
  }
  byMember.delete(allocation.by);
  const room = Math.max(0, bucket.maximum - totalOf(byMember));
  const effective = Math.min(allocation.amount, room);
  // A zero stays as the member's last word on this bucket, so a seal lists it like any other.
  byMember.set(allocation.by, { allocation, effective });
}

/** A departed member's allocations, or a cancelled bucket's, return to the round. */
export function releaseMember(holdings: Map<EventId, Map<MemberId, Holding>>, member: MemberId): void {
  for (const byMember of holdings.values()) byMember.delete(member);
}

/** Fills buckets from scratch with these allocations in event order (a seal's own count). */
export function fillBuckets(
  buckets: ReadonlyMap<EventId, BucketRecord>,
  allocations: readonly AllocationRecord[],
): Map<EventId, Map<MemberId, Holding>> {
  const holdings = new Map<EventId, Map<MemberId, Holding>>();
  for (const a of [...allocations].sort((x, y) => x.position - y.position)) {
    const bucket = buckets.get(a.bucket);
    if (bucket) placeAllocation(holdings, bucket, a);
  }
  return holdings;
}

export function bucketTotals(holdings: ReadonlyMap<EventId, ReadonlyMap<MemberId, Holding>>): Map<EventId, number> {
  const totals = new Map<EventId, number>();
  for (const [bucket, byMember] of holdings) totals.set(bucket, totalOf(byMember));
  return totals;
}
