import type { EventId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { VoteRecord } from "../proposals/proposalRecord.ts";

/**
 * The valid votes on one proposal that lie in an event's causal past. Votes carry no bit (there
 * can be 100,000 of them), so this walks parents backwards, but never past the proposal's place in
 * the order: nothing placed before the proposal can descend from one of its votes.
 */
export function votesInPast(fold: Fold, eventId: EventId, proposalId: EventId): VoteRecord[] {
  const proposal = fold.proposals.get(proposalId);
  const floor = fold.position.get(proposalId);
  if (!proposal || floor === undefined || proposal.votes.length === 0) return [];
  const wanted = new Map(proposal.votes.map((v) => [v.id, v]));
  const found: VoteRecord[] = [];
  const seen = new Set<EventId>();
  const stack = [...(fold.events.get(eventId)?.body.parents ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as EventId;
    if (seen.has(id)) continue;
    seen.add(id);
    // An invalid parent adds nothing to the causal past.
    if (!fold.valid.has(id) || (fold.position.get(id) ?? -1) <= floor) continue;
    const vote = wanted.get(id);
    if (vote) {
      found.push(vote);
      continue; // a vote's only parent is the proposal
    }
    for (const parent of fold.events.get(id)?.body.parents ?? []) if (!seen.has(parent)) stack.push(parent);
  }
  return found.sort((a, b) => a.position - b.position);
}
