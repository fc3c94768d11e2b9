import type { EventId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { VoteRecord } from "../proposals/proposalRecord.ts";
import { eventsInPast } from "./eventsInPast.ts";

/** The valid votes on one proposal that lie in an event's causal past, in event order. */
export function votesInPast(fold: Fold, eventId: EventId, proposalId: EventId): VoteRecord[] {
  const proposal = fold.proposals.get(proposalId);
  if (!proposal || proposal.votes.length === 0) return [];
  const wanted = new Map(proposal.votes.map((v) => [v.id, v]));
  return eventsInPast(fold, eventId, proposalId, wanted).sort((a, b) => a.position - b.position);
}
