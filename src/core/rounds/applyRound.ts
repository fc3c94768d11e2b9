import type { DecodedEvent, EventId, MemberId } from "../events/types.ts";
import { equalShares } from "../money/splitLargestRemainder.ts";
import type { Fold } from "../pool/fold.ts";
import type { ProposalRecord } from "../proposals/proposalRecord.ts";
import type { ReasonCode } from "../reasons.ts";
import { heldElsewhere, placeAllocation, releaseMember } from "./fillBuckets.ts";
import type { RoundRecord } from "./roundRecord.ts";

/**
 * A passed, confirmed `round` proposal opens the round: its amount is reserved, and every member
 * of the proposal's electorate gets the same share in whole cents — one person, one vote, in money.
 */
export function openRound(fold: Fold, p: ProposalRecord, electorate: readonly MemberId[], confirmation: EventId): void {
  const d = p.event.body.data;
  if (d.kind !== "round") return;
  const round: RoundRecord = {
    id: p.event.id,
    openedBy: confirmation,
    amount: d.amount,
    closesAt: d.roundClosesAt,
    bucketDeadline: d.bucketDeadline,
    bucketCap: d.bucketCap,
    sealAfterHours: p.rules.sealAfterHours,
    electorate: new Set(electorate),
    share: equalShares(d.amount, electorate.length).share,
    buckets: new Map(),
    allocations: [],
    holdings: new Map(),
    seals: [],
  };
  fold.rounds.set(round.id, round);
  fold.ledger.spends.set(round.id, {
    id: round.id,
    kind: "round",
    decidedBy: confirmation,
    amount: d.amount,
    payee: "",
    paid: 0,
    cancelled: false,
  });
  fold.ledger.spendQueue.push(round.id);
}

function openRoundAt(fold: Fold, roundId: EventId, eventId: EventId): RoundRecord | undefined {
  const round = fold.rounds.get(roundId);
  return round && fold.inPast(fold.pastOf(eventId), round.openedBy) ? round : undefined;
}

/** `bucket.proposed`: any member, before the bucket deadline, within the round's cap. */
export function checkBucket(fold: Fold, e: DecodedEvent<"bucket.proposed">): ReasonCode | undefined {
  const d = e.body.data;
  const round = openRoundAt(fold, d.round, e.id);
  if (!round || round.decided) return "round-missing";
  if (e.body.at > round.bucketDeadline) return "bucket-deadline-passed";
  const ceiling = Math.min(round.bucketCap ?? round.amount, round.amount);
  if (d.minimum > ceiling) return "bucket-over-cap";
  return undefined;
}

export function applyBucket(fold: Fold, e: DecodedEvent<"bucket.proposed">): void {
  const d = e.body.data;
  const round = fold.rounds.get(d.round) as RoundRecord;
  const ceiling = Math.min(round.bucketCap ?? round.amount, round.amount);
  round.buckets.set(e.id, {
    id: e.id,
    round: round.id,
    by: e.body.by,
    at: e.body.at,
    title: d.title,
    description: d.description,
    payee: d.payee,
    minimum: d.minimum,
    maximum: Math.min(d.maximum ?? ceiling, ceiling),
    cancellations: [],
  });
  fold.bucketRound.set(e.id, round.id);
}

/** `bucket.cancelled`: by its author, before the round closes; its allocations return. */
export function checkBucketCancel(fold: Fold, e: DecodedEvent<"bucket.cancelled">): ReasonCode | undefined {
  const round = fold.rounds.get(fold.bucketRound.get(e.body.data.bucket) ?? "");
  const bucket = round?.buckets.get(e.body.data.bucket);
  if (!round || !bucket || !fold.inPast(fold.pastOf(e.id), bucket.id)) return "bucket-missing";
  if (bucket.by !== e.body.by) return "not-the-author";
  if (e.body.at >= round.closesAt || round.decided) return "round-closed";
  return undefined;
}

export function applyBucketCancel(fold: Fold, e: DecodedEvent<"bucket.cancelled">): void {
  const round = fold.rounds.get(fold.bucketRound.get(e.body.data.bucket) ?? "");
  const bucket = round?.buckets.get(e.body.data.bucket);
  if (!round || !bucket) return;
  bucket.cancellations.push({ id: e.id, at: e.body.at });
  round.holdings.delete(bucket.id);
}

/**
 * `bucket.allocated`: a member of the round's electorate moves part of their share to a bucket.
 * Their last allocation to each bucket counts, and one beyond what is left of their share is
 * invalid as a whole.
 */
export function checkAllocation(fold: Fold, e: DecodedEvent<"bucket.allocated">): ReasonCode | undefined {
  const d = e.body.data;
  const round = fold.rounds.get(fold.bucketRound.get(d.bucket) ?? "");
  const bucket = round?.buckets.get(d.bucket);
  if (!round || !bucket || !fold.inPast(fold.pastOf(e.id), bucket.id)) return "bucket-missing";
  if (bucket.cancellations.length > 0) return "bucket-cancelled";
  if (!round.electorate.has(e.body.by)) return "not-in-round";
  if (e.body.at > round.closesAt || round.decided) return "round-closed";
  if (d.amount > round.share - heldElsewhere(round.holdings, e.body.by, bucket.id)) return "over-share";
  return undefined;
}

export function applyAllocation(fold: Fold, e: DecodedEvent<"bucket.allocated">, position: number): void {
  const d = e.body.data;
  const round = fold.rounds.get(fold.bucketRound.get(d.bucket) ?? "") as RoundRecord;
  const bucket = round.buckets.get(d.bucket);
  if (!bucket) return;
  const allocation = { id: e.id, by: e.body.by, bucket: d.bucket, amount: d.amount, at: e.body.at, position };
  round.allocations.push(allocation);
  placeAllocation(round.holdings, bucket, allocation);
}

/** A member who leaves before a round closes takes nothing along: their allocations return to it. */
export function releaseDeparted(fold: Fold, member: MemberId, at: number): void {
  for (const round of fold.rounds.values())
    if (!round.decided && at < round.closesAt) releaseMember(round.holdings, member);
}
