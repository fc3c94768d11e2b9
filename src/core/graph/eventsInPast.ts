import type { EventId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";

/**
 * The wanted events (valid, and in `wanted`) that lie in an event's causal past, placed after
 * `floor` (nothing placed before it can descend from what it opened). Votes and allocations carry
 * no bit (there can be 100,000), so rather than walk the whole past backwards, each wanted event
 * is asked whether it reaches the judged event (Fold.reachQuery): a vote is named by one or
 * two later events, which have bits. Results are in the order of `wanted`.
 */
export function eventsInPast<T>(fold: Fold, eventId: EventId, floor: EventId, wanted: ReadonlyMap<EventId, T>): T[] {
  const floorPosition = fold.position.get(floor);
  if (floorPosition === undefined || wanted.size === 0) return [];
  const inPast = fold.reachQuery(eventId);
  const found: T[] = [];
  for (const [id, item] of wanted) {
    // An invalid event adds nothing to a causal past.
    if (!fold.valid.has(id) || (fold.position.get(id) ?? -1) <= floorPosition) continue;
    if (inPast(id)) found.push(item);
  }
  return found;
}
