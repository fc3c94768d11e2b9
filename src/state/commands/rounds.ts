/**
 * Budget rounds (docs/rules.md §4.22): check a round proposal's dates, propose and
 * cancel buckets, give part of my share to a bucket or take it back, seal the round after its
 * close and confirm another member's seal. Amounts are whole minor units; the screens parse
 * and format them. A round itself is opened by voting on a `round` proposal (proposals.ts).
 */
import {
  type BucketView,
  type EventId,
  limits,
  type MemberId,
  type PoolState,
  type ProposalSpec,
  type RoundView,
} from "../../core/index.ts";
import { author, type PoolContext } from "../author.ts";
import { type CommandResult, failed } from "../errors.ts";
import { bucketById, givingLimit, inRound, roundPhase, roundSealToConfirm, whyRoundNotConfirmable } from "../rounds.ts";

type RoundSpec = Extract<ProposalSpec, { kind: "round" }>;

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
const positive = (n: number | undefined) => n !== undefined && Number.isSafeInteger(n) && n > 0;

/**
 * A round proposal's own checks, before it is signed. `votingClosesAt` is when voting on it
 * will end: the round opens only after that, so buckets need a deadline later than it.
 */
export function checkRoundSpec(spec: RoundSpec, votingClosesAt: number): string | undefined {
  if (!positive(spec.amount)) return "Type the amount the round hands out, more than zero.";
  if (spec.bucketCap !== undefined) {
    if (!positive(spec.bucketCap)) return "The most one bucket may get must be more than zero, or leave it empty.";
    if (spec.bucketCap > spec.amount)
      return "The most one bucket may get is more than the whole round. Leave it empty if a bucket may take it all.";
  }
  if (!Number.isSafeInteger(spec.bucketDeadline) || !Number.isSafeInteger(spec.roundClosesAt))
    return "Pick the bucket deadline and the closing time of the round.";
  if (spec.bucketDeadline < votingClosesAt)
    return `Buckets can be proposed only once the round is open, after voting on it ends (${when(votingClosesAt)}). Pick a later bucket deadline or a shorter voting time.`;
  if (spec.roundClosesAt < spec.bucketDeadline)
    return "The round must close at the bucket deadline or later, so that members can give to the last buckets.";
  return undefined;
}

export interface BucketDraft {
  title: string;
  description: string;
  payee: string;
  /** Minor units: the bucket is funded only if it gets at least this much. */
  minimum: number;
  /** Minor units: the most it takes; the round's cap when left out. */
  maximum?: number;
}

function checkBucket(round: RoundView | undefined, d: BucketDraft): string | undefined {
  if (!round) return "This budget round is not open on this phone (yet).";
  if (round.status === "decided" || Date.now() > round.bucketDeadline)
    return "The deadline for new buckets in this round has passed.";
  const title = d.title.trim();
  const payee = d.payee.trim();
  if (title === "") return "Give the bucket a short title.";
  if (title.length > limits.MAX_TITLE) return `A title can be at most ${limits.MAX_TITLE} characters.`;
  if (d.description.trim().length > limits.MAX_TEXT)
    return `The description can be at most ${limits.MAX_TEXT} characters.`;
  if (payee === "") return "Say who will be paid if the bucket is funded.";
  if (payee.length > limits.MAX_PAYEE) return `The payee can be at most ${limits.MAX_PAYEE} characters.`;
  // The core caps a bucket at the round's per-bucket cap (and the round itself).
  const ceiling = Math.min(round.bucketCap ?? round.amount, round.amount);
  if (!positive(d.minimum)) return "Type the minimum the bucket needs, more than zero.";
  if (d.minimum > ceiling) return "The minimum is more than one bucket may get in this round.";
  if (d.maximum !== undefined && (!positive(d.maximum) || d.maximum < d.minimum))
    return "The maximum must be at least the minimum, or leave it empty.";
  if (d.maximum !== undefined && d.maximum > ceiling)
    return "The maximum is more than one bucket may get in this round. Lower it, or leave it empty.";
  return undefined;
}

export function proposeBucket(ctx: PoolContext, roundId: EventId, d: BucketDraft): Promise<CommandResult<EventId>> {
  const problem = checkBucket(ctx.state()?.rounds[roundId], d);
  if (problem) return Promise.resolve(failed(problem));
  return author(ctx, "bucket.proposed", {
    round: roundId,
    title: d.title.trim(),
    description: d.description.trim(),
    payee: d.payee.trim(),
    minimum: d.minimum,
    ...(d.maximum === undefined ? {} : { maximum: d.maximum }),
  });
}

/** The bucket and its round, if the round is still open; otherwise why not. */
function openBucket(
  state: PoolState | undefined,
  bucketId: EventId,
): { round: RoundView; bucket: BucketView } | string {
  const found = state && bucketById(state, bucketId);
  if (!found) return "This bucket is not on this phone (yet).";
  if (roundPhase(found.round, Date.now()) !== "open") return "This budget round has closed.";
  return found;
}

/** Only its author, and only before the round closes; what members gave returns to them. */
export function cancelBucket(ctx: PoolContext, bucketId: EventId): Promise<CommandResult<EventId>> {
  const found = openBucket(ctx.state(), bucketId);
  if (typeof found === "string") return Promise.resolve(failed(found));
  if (found.bucket.by !== ctx.me()?.id)
    return Promise.resolve(failed("Only the member who proposed a bucket can cancel it."));
  return author(ctx, "bucket.cancelled", { bucket: bucketId });
}

function checkAllocation(found: { round: RoundView; bucket: BucketView }, me: MemberId, amount: number) {
  if (!inRound(found.round, me))
    return "You have no share in this round: it was voted on before you could vote in this pool.";
  if (found.bucket.cancelled) return "This bucket was cancelled.";
  if (!Number.isSafeInteger(amount) || amount < 0) return "Type an amount like 25 or 25.50.";
  // The core refuses an allocation beyond what is left of the share as a whole.
  if (amount > givingLimit(found.round, found.bucket, me).shareLeft)
    return "That is more than you have left of your share.";
  return undefined;
}

/** Gives `amount` of my share to a bucket, replacing what I gave it before (0 takes it back). */
export function allocate(ctx: PoolContext, bucketId: EventId, amount: number): Promise<CommandResult<EventId>> {
  const found = openBucket(ctx.state(), bucketId);
  const problem = typeof found === "string" ? found : checkAllocation(found, ctx.me()?.id ?? "", amount);
  if (problem) return Promise.resolve(failed(problem));
  return author(ctx, "bucket.allocated", { bucket: bucketId, amount });
}

/** Seals what this phone counts, after the close: every allocation that counts now. */
export function sealRound(ctx: PoolContext, roundId: EventId): Promise<CommandResult<EventId>> {
  const round = ctx.state()?.rounds[roundId];
  if (!round) return Promise.resolve(failed("This budget round is not on this phone (yet)."));
  if (roundPhase(round, Date.now()) !== "closed")
    return Promise.resolve(failed("A round can be sealed only after it has closed."));
  return author(
    ctx,
    "round.sealed",
    { round: roundId, allocations: [...round.countingAllocations] },
    { notBefore: round.closesAt },
  );
}

/** Confirms another member's seal that counts exactly what this phone counts, after the late window. */
export function confirmRoundSeal(ctx: PoolContext, roundId: EventId, now: number): Promise<CommandResult<EventId>> {
  const state = ctx.state();
  const me = ctx.me()?.id ?? "";
  const round = state?.rounds[roundId];
  if (!state || !round) return Promise.resolve(failed("This budget round is not on this phone (yet)."));
  const seal = roundSealToConfirm(state, round, me, now);
  if (!seal) return Promise.resolve(failed(whyRoundNotConfirmable(state, round, me, now)));
  return author(ctx, "round.seal-confirmed", { seal });
}

export type RoundActions = ReturnType<typeof roundActions>;

/** The round commands of one pool, bound to it (poolActions gives them to the screens). */
export function roundActions(ctx: PoolContext) {
  return {
    proposeBucket: (round: EventId, d: BucketDraft) => proposeBucket(ctx, round, d),
    cancelBucket: (bucket: EventId) => cancelBucket(ctx, bucket),
    allocate: (bucket: EventId, amount: number) => allocate(ctx, bucket, amount),
    takeBack: (bucket: EventId) => allocate(ctx, bucket, 0),
    seal: (round: EventId) => sealRound(ctx, round),
    confirmSeal: (round: EventId) => confirmRoundSeal(ctx, round, Date.now()),
  };
}
