import {
  applyKeyRotation,
  applyMove,
  checkKeyRotation,
  noteDeliveryKey,
  supersededRotation,
} from "../encryption/keyRotation.ts";
import type { AnyDecodedEvent, DecodedEvent, EventId } from "../events/types.ts";
import {
  applyLedgerConfirmation,
  applyLedgerEntry,
  checkLedgerConfirmation,
  checkLedgerEntry,
  isLedgerEntry,
} from "../ledger/applyLedgerEntry.ts";
import { applyAdmission, checkAdmission } from "../membership/applyAdmission.ts";
import { applyInvite, applyRevoke, checkInvite, checkRevoke } from "../membership/applyInvite.ts";
import { applyJoin, checkJoin } from "../membership/applyJoin.ts";
import { applyLeave } from "../membership/applyLeave.ts";
import {
  applyComment,
  applyProposal,
  applyWithdrawal,
  checkComment,
  checkProposal,
  checkWithdrawal,
} from "../proposals/applyProposal.ts";
import { applyVote, checkVote } from "../proposals/applyVote.ts";
import type { ReasonCode } from "../reasons.ts";
import {
  applyAllocation,
  applyBucket,
  applyBucketCancel,
  checkAllocation,
  checkBucket,
  checkBucketCancel,
} from "../rounds/applyRound.ts";
import { checkRoundConfirmation, decideRound, judgeRoundSeal } from "../rounds/applyRoundSeal.ts";
import { applyDecision } from "../tally/applyDecision.ts";
import { judgeSeal } from "../tally/applySeal.ts";
import { checkSealConfirmation, type SealRef } from "../tally/applySealConfirmation.ts";
import { applyRestoration, checkRestoration } from "../tally/restoreVote.ts";
import { afterGenesis, applyGenesis } from "./applyGenesis.ts";
import type { Fold } from "./fold.ts";

/**
 * Judges one event at its place in the order and, if valid, applies it. Envelope rules come
 * first (right pool, signature, not dated before a parent), then authorship (an active member
 * in the event's causal past who had not left), then the type's own rule.
 */
export class EventJudge {
  private readonly seals = new Map<EventId, SealRef>();

  /** The place of the event being judged. */
  private place = -1;

  constructor(
    protected readonly fold: Fold,
    private verified: ReadonlySet<EventId>,
    /**
     * Whether the event at each place is verified (1), looked up once for the whole order; places
     * past its end (added since) are looked up in `verified`.
     */
    private readonly verifiedAt?: Uint8Array,
  ) {}

  /** The verified ids for the events judged next (an incremental derivation holds more of them). */
  useVerified(verified: ReadonlySet<EventId>): void {
    this.verified = verified;
  }

  take(event: AnyDecodedEvent, index: number): void {
    const fold = this.fold;
    fold.enter(event, index);
    this.place = index;
    const verdict = this.judge(event);
    if (typeof verdict === "string") {
      fold.refuse(event, verdict);
      return;
    }
    fold.accept(event);
    if (verdict === APPLY_VOTE) applyVote(fold, event as DecodedEvent<"vote.cast">, index);
    else verdict();
  }

  /** Returns a reason, or the function that applies the (valid) event (`APPLY_VOTE` for a vote). */
  private judge(e: AnyDecodedEvent): ReasonCode | (() => void) {
    const fold = this.fold;
    const isGenesis = e.body.type === fold.genesisType;
    if (!isGenesis && e.body.pool !== fold.genesisId) return "wrong-pool";
    if (!isGenesis && (e.body.type === "pool.created" || e.body.type === "flood.created")) return "second-genesis";
    const byPlace = this.verifiedAt;
    const verified =
      byPlace !== undefined && this.place < byPlace.length ? byPlace[this.place] === 1 : this.verified.has(e.id);
    if (!verified) return "bad-signature";
    if (fold.datedBeforeParent(e)) return "time-before-parent";
    if (isGenesis) {
      const g = e as DecodedEvent<"pool.created">;
      return (
        applyGenesis(fold, g) ??
        (() => {
          afterGenesis(fold, g);
          noteDeliveryKey(fold, g);
        })
      );
    }
    const past = fold.pastOf(e.id);
    if (e.body.type === "member.joined") {
      const j = e as DecodedEvent<"member.joined">;
      return (
        checkJoin(fold, j) ??
        (() => {
          applyJoin(fold, j);
          noteDeliveryKey(fold, j);
        })
      );
    }
    if (e.body.type === "vote.cast") {
      // A ballot names its reason plainly when its proposal is unknown or the voter cannot vote.
      const v = e as DecodedEvent<"vote.cast">;
      const reason = checkVote(fold, v);
      if (reason === "not-in-electorate" && !fold.isActiveAt(e.body.by, past)) return "not-a-member";
      if (reason) return reason;
      if (fold.writtenAfterLeaving(e, past)) return "after-leaving";
      return APPLY_VOTE;
    }
    // A flood's bookkeeping of its pools is authored by members of those pools, judged by the flood.
    if (FLOOD_ONLY.has(e.body.type)) return this.misplaced(e) ?? this.judgeExtra(e);
    if (!fold.isActiveAt(e.body.by, past)) return "not-a-member";
    if (fold.writtenAfterLeaving(e, past)) return "after-leaving";
    return this.judgeByType(e);
  }

  /**
   * A flood's members come from its pools, so it has no invites or leaves of its own; a pool
   * holds no flood bookkeeping. Hooks let the flood judge add its own event types.
   */
  protected misplaced(e: AnyDecodedEvent): ReasonCode | undefined {
    const inFlood = this.fold.genesisType === "flood.created";
    const t = e.body.type;
    if (inFlood ? POOL_ONLY.has(t) : FLOOD_ONLY.has(t)) return "wrong-document";
    if (
      t === "proposal.created" &&
      inFlood &&
      POOL_ONLY_KINDS.has((e as DecodedEvent<"proposal.created">).body.data.kind)
    )
      return "wrong-document";
    if (t === "ledger.contribution" && "pool" in (e as DecodedEvent<"ledger.contribution">).body.data.from && !inFlood)
      return "wrong-document";
    return undefined;
  }

  /** Event types only a flood knows; a pool has none. */
  protected judgeExtra(_e: AnyDecodedEvent): ReasonCode | (() => void) {
    return "unknown-type";
  }

  private judgeByType(e: AnyDecodedEvent): ReasonCode | (() => void) {
    const fold = this.fold;
    const misplaced = this.misplaced(e);
    if (misplaced) return misplaced;
    if (isLedgerEntry(e)) return checkLedgerEntry(fold, e) ?? (() => applyLedgerEntry(fold, e));
    switch (e.body.type) {
      case "member.invited": {
        const x = e as DecodedEvent<"member.invited">;
        return (
          checkInvite(fold, x) ??
          (() => {
            applyInvite(fold, x);
            noteDeliveryKey(fold, x);
          })
        );
      }
      case "member.invite-revoked": {
        const x = e as DecodedEvent<"member.invite-revoked">;
        return checkRevoke(fold, x) ?? (() => applyRevoke(fold, x));
      }
      case "member.admitted": {
        const x = e as DecodedEvent<"member.admitted">;
        return checkAdmission(fold, x) ?? (() => applyAdmission(fold, x));
      }
      case "member.left": {
        const x = e as DecodedEvent<"member.left">;
        return () => applyLeave(fold, x);
      }
      case "pool.key-rotated": {
        const x = e as DecodedEvent<"pool.key-rotated">;
        if (supersededRotation(fold, x.body.data.epoch)) return () => fold.keys.superseded.push(x.id);
        return checkKeyRotation(fold, x) ?? (() => applyKeyRotation(fold, x));
      }
      case "member.key-published": {
        // Authorship (an active member who has not left) is judged above; nothing else to refuse.
        const x = e as DecodedEvent<"member.key-published">;
        return () => noteDeliveryKey(fold, x);
      }
      case "pool.moved": {
        const x = e as DecodedEvent<"pool.moved">;
        return () => applyMove(fold, x);
      }
      case "proposal.created": {
        const x = e as DecodedEvent<"proposal.created">;
        return checkProposal(fold, x) ?? (() => applyProposal(fold, x));
      }
      case "proposal.withdrawn": {
        const x = e as DecodedEvent<"proposal.withdrawn">;
        return checkWithdrawal(fold, x) ?? (() => applyWithdrawal(fold, x));
      }
      case "proposal.comment": {
        const x = e as DecodedEvent<"proposal.comment">;
        return checkComment(fold, x) ?? (() => applyComment(fold, x));
      }
      case "proposal.sealed": {
        const seal = judgeSeal(fold, e as DecodedEvent<"proposal.sealed">);
        if (typeof seal === "string") return seal;
        const proposal = fold.proposals.get((e as DecodedEvent<"proposal.sealed">).body.data.proposal);
        return () => {
          if (!proposal) return;
          proposal.seals.push(seal);
          this.seals.set(seal.id, { proposal, seal });
        };
      }
      case "proposal.seal-confirmed": {
        const x = e as DecodedEvent<"proposal.seal-confirmed">;
        const ref = checkSealConfirmation(fold, x, this.seals);
        return typeof ref === "string" ? ref : () => applyDecision(fold, x, ref);
      }
      case "proposal.vote-restored": {
        const x = e as DecodedEvent<"proposal.vote-restored">;
        return checkRestoration(fold, x) ?? (() => applyRestoration(fold, x));
      }
      case "bucket.proposed": {
        const x = e as DecodedEvent<"bucket.proposed">;
        return checkBucket(fold, x) ?? (() => applyBucket(fold, x));
      }
      case "bucket.cancelled": {
        const x = e as DecodedEvent<"bucket.cancelled">;
        return checkBucketCancel(fold, x) ?? (() => applyBucketCancel(fold, x));
      }
      case "bucket.allocated": {
        const x = e as DecodedEvent<"bucket.allocated">;
        return checkAllocation(fold, x) ?? (() => applyAllocation(fold, x, fold.position.get(x.id) as number));
      }
      case "round.sealed": {
        const x = e as DecodedEvent<"round.sealed">;
        const seal = judgeRoundSeal(fold, x);
        if (typeof seal === "string") return seal;
        return () => {
          fold.rounds.get(x.body.data.round)?.seals.push(seal);
          fold.roundSeals.set(seal.id, x.body.data.round);
        };
      }
      case "round.seal-confirmed": {
        const x = e as DecodedEvent<"round.seal-confirmed">;
        const ref = checkRoundConfirmation(fold, x);
        return typeof ref === "string" ? ref : () => decideRound(fold, ref.round, ref.seal, x.id);
      }
      case "ledger.confirmed": {
        const x = e as DecodedEvent<"ledger.confirmed">;
        return checkLedgerConfirmation(fold, x) ?? (() => applyLedgerConfirmation(fold, x));
      }
      default:
        return this.judgeExtra(e);
    }
  }
}

/** What `judge` returns for a valid vote: votes are most events, so no function is made for each. */
const APPLY_VOTE = () => {};

const POOL_ONLY = new Set([
  "pool.key-rotated",
  "member.key-published",
  "pool.moved",
  "member.invited",
  "member.invite-revoked",
  "member.joined",
  "member.admitted",
  "member.left",
]);
const FLOOD_ONLY = new Set(["flood.pool-joined", "flood.pool-left", "flood.pool-key", "flood.key-rotated"]);
const POOL_ONLY_KINDS = new Set(["remove-member", "round", "flood.join", "flood.leave", "dissolve"]);
