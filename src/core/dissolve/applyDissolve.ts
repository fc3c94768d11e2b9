import type { DecodedEvent, ProposalKind } from "../events/types.ts";
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
 * A confirmed, passed `dissolve` takes effect (the first one, in confirmation order: a second
 * could only have been proposed before the first applied, and changes nothing).
 */
export function applyDissolve(fold: Fold, e: DecodedEvent<"proposal.seal-confirmed">, p: ProposalRecord): void {
  const d = p.event.body.data;
  if (d.kind !== "dissolve" || fold.dissolution) return;
  const here = fold.inclusiveOf(e.id);
  fold.dissolution = {
    proposal: p.event.id,
    confirmation: e.id,
    at: e.body.at,
    split: d.split,
    members: fold.activeMembersAt(here),
    refundOnLeave: fold.rulesAt(here).refundOnLeave,
  };
}
