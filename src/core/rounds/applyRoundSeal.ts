import { HOUR_MS } from "../events/limits.ts";
import type { DecodedEvent, EventId } from "../events/types.ts";
import type { Bitset } from "../graph/bitset.ts";
import { eventsInPast } from "../graph/eventsInPast.ts";
import type { Fold } from "../pool/fold.ts";
import type { ReasonCode } from "../reasons.ts";
import { bucketTotals, fillBuckets } from "./fillBuckets.ts";
import type { AllocationRecord, BucketRecord, RoundOutcome, RoundRecord, RoundSealRecord } from "./roundRecord.ts";

const slot = (a: AllocationRecord) => `${a.by} ${a.bucket}`;

/** Departures and cancellations count for a seal only if in its past and dated before the close. */
function countable(fold: Fold, round: RoundRecord, past: Bitset, a: AllocationRecord): boolean {
  if (a.at > round.closesAt) return false;
  const bucket = round.buckets.get(a.bucket) as BucketRecord;
  if (bucket.cancellations.some((c) => c.at < round.closesAt && fold.inPast(past, c.id))) return false;
  return !fold.departures.some((d) => d.member === a.by && d.at < round.closesAt && fold.inPast(past, d.event));
}

export function outcomeOf(round: RoundRecord, allocations: readonly AllocationRecord[]): RoundOutcome {
  const totals = bucketTotals(fillBuckets(round.buckets, allocations));
  const funded = [...totals]
    .filter(([id, total]) => total > 0 && total >= (round.buckets.get(id) as BucketRecord).minimum)
    .map(([id]) => id)
    .sort();
  let allocated = 0;
  for (const id of funded) allocated += totals.get(id) as number;
  return { totals, funded, allocated };
}

/**
 * `round.sealed`: after the round closes, any member lists the allocations it counts, judged in
 * the seal's own causal past, like a proposal's seal (tally/applySeal.ts).
 */
export function judgeRoundSeal(fold: Fold, e: DecodedEvent<"round.sealed">): ReasonCode | RoundSealRecord {
  const past = fold.pastOf(e.id);
  const round = fold.rounds.get(e.body.data.round);
  if (!round || !fold.inPast(past, round.openedBy)) return "round-missing";
  if (round.decided) return "already-decided";
  if (e.body.at < round.closesAt) return "round-seal-too-early";
  const byId = new Map(round.allocations.map((a) => [a.id, a]));
  const listed: AllocationRecord[] = [];
  const slots = new Map<string, AllocationRecord>();
  for (const id of e.body.data.allocations) {
    const a = byId.get(id);
    if (!a || !countable(fold, round, past, a) || slots.has(slot(a))) return "round-seal-counts-invalid";
    listed.push(a);
    slots.set(slot(a), a);
  }
  for (const held of eventsInPast(fold, e.id, round.openedBy, byId)) {
    const mine = slots.get(slot(held));
    if (mine && held.position > mine.position && countable(fold, round, past, held)) return "round-seal-misses-later";
  }
  return { id: e.id, by: e.body.by, at: e.body.at, allocations: listed, outcome: outcomeOf(round, listed) };
}

/** `round.seal-confirmed`: another member, after the late window, missing no allocation it holds. */
export function checkRoundConfirmation(
  fold: Fold,
  e: DecodedEvent<"round.seal-confirmed">,
): ReasonCode | { round: RoundRecord; seal: RoundSealRecord } {
  const past = fold.pastOf(e.id);
  const round = fold.rounds.get(fold.roundSeals.get(e.body.data.seal) ?? "");
  const seal = round?.seals.find((s) => s.id === e.body.data.seal);
  if (!round || !seal || !fold.inPast(past, seal.id)) return "seal-missing";
  if (seal.by === e.body.by) return "own-seal";
  if (round.decided) return "already-decided";
  if (e.body.at < round.closesAt + round.sealAfterHours * HOUR_MS) return "confirm-too-early";
  const listed = new Map(seal.allocations.map((a) => [slot(a), a]));
  const byId = new Map(round.allocations.map((a) => [a.id, a]));
  // Only a member's latest allocation to a bucket matters. When that is a take-back (amount 0)
  // and the seal lists nothing for the slot, the seal misses nothing: both leave the bucket
  // without that member's money (the live view, and so a seal of it, holds no zero allocations).
  const latest = new Map<string, AllocationRecord>();
  for (const held of eventsInPast(fold, e.id, round.openedBy, byId)) {
    if (!countable(fold, round, past, held)) continue;
    const before = latest.get(slot(held));
    if (!before || held.position > before.position) latest.set(slot(held), held);
  }
  for (const [key, held] of latest) {
    const mine = listed.get(key);
    if (mine ? held.position > mine.position : held.amount > 0) return "round-seal-lacks-allocation";
  }
  return { round, seal };
}

/**
 * The round's result: funded buckets become approved spends of their totals to their payees,
 * taking the round's place in the queue for money; everything else returns to the pool.
 */
export function decideRound(fold: Fold, round: RoundRecord, seal: RoundSealRecord, confirmation: EventId): void {
  round.decided = { seal, confirmation };
  const ledger = fold.ledger;
  const reservation = ledger.spends.get(round.id);
  if (reservation) reservation.cancelled = true;
  const place = ledger.spendQueue.indexOf(round.id);
  const funded: EventId[] = [];
  for (const bucketId of seal.outcome.funded) {
    const bucket = round.buckets.get(bucketId) as BucketRecord;
    const amount = seal.outcome.totals.get(bucketId) as number;
    ledger.spends.set(bucketId, {
      id: bucketId,
      kind: "bucket",
      decidedBy: confirmation,
      amount,
      payee: bucket.payee,
      paid: 0,
      cancelled: false,
    });
    funded.push(bucketId);
  }
  ledger.spendQueue.splice(place < 0 ? ledger.spendQueue.length : place + 1, 0, ...funded);
}
