import type { EventId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { VoteRecord } from "../proposals/proposalRecord.ts";

/** The valid votes on one proposal that lie in an event's causal past, in event order. */
export function votesInPast(fold: Fold, eventId: EventId, proposalId: EventId): VoteRecord[] {
  const proposal = fold.proposals.get(proposalId);
  const floor = fold.position.get(proposalId);
  if (!proposal || floor === undefined || proposal.votes.length === 0) return [];
  // A vote record knows its place, so no id is looked up; votes are recorded in event order.
  const inPast = fold.reachQueryByPlace(eventId);
  return proposal.votes.filter((v) => v.position > floor && inPast(v.position));
}
