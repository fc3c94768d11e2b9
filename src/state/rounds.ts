/**
 * Named reads over a pool's budget rounds for the screens (docs/rules.md §4.22):
 * what is open, what I have left to give, how much a bucket can still take from me, and
 * whether the round needs a seal or my confirmation. The round's own status in the derived
 * state was fixed when it was derived; these take `now`, so "closed" shows the moment it is.
 */
import { type BucketView, type EventId, limits, type MemberId, type PoolState, type RoundView } from "../core/index.ts";

export type RoundPhase = "open" | "closed" | "decided";

export function roundPhase(round: RoundView, now: number): RoundPhase {
  if (round.status === "decided") return "decided";
  return now >= round.closesAt ? "closed" : "open";
}

/** The title a round goes by: its proposal's. */
export function roundTitle(state: PoolState, round: RoundView): string {
  return state.proposals[round.id]?.title ?? "Budget round";
}

/** Rounds still under way (open, or closed and waiting for their seal), soonest close first. */
export function roundsUnderWay(state: PoolState): RoundView[] {
  return Object.values(state.rounds)
    .filter((r) => r.status !== "decided")
    .sort((a, b) => a.closesAt - b.closesAt);
}

export function inRound(round: RoundView, me: MemberId): boolean {
  return round.electorate.includes(me);
}

/** My share less what I have placed in buckets (0 if I have no share in this round). */
export function myRemaining(round: RoundView, me: MemberId): number {
  return inRound(round, me) ? round.share - (round.allocatedBy[me] ?? 0) : 0;
}

/**
 * The most I may give one bucket, and what sets it: my share (less what sits in other buckets;
 * the core refuses more as a whole) or the bucket's room below its maximum (more would only
 * come back to me).
 */
export function givingLimit(
  round: RoundView,
  bucket: BucketView,
  me: MemberId,
): { limit: number; mine: number; shareLeft: number; room: number; by: "share" | "bucket" } {
  const mine = bucket.allocations[me] ?? 0;
  const shareLeft = inRound(round, me) ? round.share - ((round.allocatedBy[me] ?? 0) - mine) : 0;
  const room = Math.max(0, bucket.maximum - (bucket.total - mine));
  return room < shareLeft
    ? { limit: room, mine, shareLeft, room, by: "bucket" }
    : { limit: shareLeft, mine, shareLeft, room, by: "share" };
}

/** Whether new buckets may still be proposed. */
export function bucketsOpen(round: RoundView, now: number): boolean {
  return round.status !== "decided" && now <= round.bucketDeadline;
}

/** How long after the close late (offline) allocations may still arrive, from the round's proposal. */
export function roundConfirmOpensAt(state: PoolState, round: RoundView): number {
  const hours = state.proposals[round.id]?.rules.sealAfterHours ?? state.rules.sealAfterHours;
  return round.closesAt + hours * limits.HOUR_MS;
}

const sameSet = (a: readonly EventId[], b: readonly EventId[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Whether a seal lists exactly the allocations this phone counts (taken-back ones included). */
export function sealCountsAsThisPhone(round: RoundView, seal: RoundView["seals"][number]): boolean {
  return sameSet(seal.allocations, round.countingAllocations);
}

/** Closed, not decided, and no seal counts exactly what this phone counts: someone should seal it. */
export function needsRoundSeal(round: RoundView, now: number): boolean {
  if (roundPhase(round, now) !== "closed") return false;
  return !round.seals.some((s) => sealCountsAsThisPhone(round, s));
}

/**
 * A seal I may confirm: another member's, after the late window, counting exactly the
 * allocations this phone counts (so it misses none this phone holds).
 */
export function roundSealToConfirm(state: PoolState, round: RoundView, me: MemberId, now: number): EventId | undefined {
  if (roundPhase(round, now) !== "closed" || !state.activeMembers.includes(me)) return undefined;
  if (now < roundConfirmOpensAt(state, round)) return undefined;
  return round.seals.find((s) => s.by !== me && sealCountsAsThisPhone(round, s))?.id;
}

/** Why this phone offers no confirmation, in plain words (only asked when there is no seal to confirm). */
export function whyRoundNotConfirmable(state: PoolState, round: RoundView, me: MemberId, now: number): string {
  const others = round.seals.filter((s) => s.by !== me);
  if (others.length === 0) return "There is no seal by another member to confirm yet.";
  if (!others.some((s) => sealCountsAsThisPhone(round, s)))
    return "The seal does not count the same allocations as this phone. Seal the round again so it counts every allocation.";
  if (now < roundConfirmOpensAt(state, round))
    return "Allocations made offline before the close may still arrive; the result can be confirmed once the waiting time is over.";
  return "This result cannot be confirmed from this phone.";
}

/** The bucket a funded-bucket spend id names, with its round. */
export function bucketById(state: PoolState, id: EventId): { round: RoundView; bucket: BucketView } | undefined {
  for (const round of Object.values(state.rounds)) {
    const bucket = round.buckets.find((b) => b.id === id);
    if (bucket) return { round, bucket };
  }
  return undefined;
}
