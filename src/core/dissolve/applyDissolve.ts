import type { DecodedEvent, EventId, ProposalKind } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { ProposalRecord } from "../proposals/proposalRecord.ts";
import type { ReasonCode } from "../reasons.ts";
import { dissolutionIn } from "./dissolution.ts";

/** Kinds decided with `amendThreshold`: changing the rules, and winding the pool up. */
export const usesAmendThreshold = (kind: ProposalKind): boolean => kind === "rules" || kind === "dissolve";

/** Once a dissolution applies to an event's past, nothing new may be proposed there. */
export function checkNotDissolved(fold: Fold, e: DecodedEvent<"proposal.created">): ReasonCode | undefined {
  return dissolutionIn(fold, fold.pastOf(e.id)) ? "pool-dissolved" : undefined;
}

/**
 * A passed `dissolve` takes effect at `by`, the event that made it pass (its seal's confirmation),
 * dated `at`. Only the first counts, in confirmation order: a second could only have been proposed
 * before the first applied, and changes nothing.
 */
export function applyDissolve(fold: Fold, p: ProposalRecord, by: EventId, at: number): void {
  const d = p.event.body.data;
  if (d.kind !== "dissolve" || (fold.dissolution && fold.dissolution.overturnedBy === undefined)) return;
  const here = fold.inclusiveOf(by);
  fold.dissolution = {
    proposal: p.event.id,
    confirmation: by,
    at,
    split: d.split,
    members: fold.activeMembersAt(here),
    refundOnLeave: fold.rulesAt(here).refundOnLeave,
  };
}

/**
 * Restored votes flipped a passed dissolve (docs/rules.md "Seal"): from that restoration on it
 * stops applying, so proposals and spends work again for events holding it.
 */
export function overturnDissolve(fold: Fold, p: ProposalRecord, by: EventId): void {
  const d = fold.dissolution;
  if (d && d.proposal === p.event.id && d.overturnedBy === undefined) d.overturnedBy = by;
}
