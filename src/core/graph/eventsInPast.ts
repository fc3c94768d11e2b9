import type { EventId } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";

/**
 * The wanted events (valid, and in `wanted`) that lie in an event's causal past. Votes and
 * allocations carry no bit (there can be 100,000), so this walks parents backwards — but never
 * below `floor`'s place in the order: nothing placed before it can descend from what it opened.
 */
export function eventsInPast<T>(fold: Fold, eventId: EventId, floor: EventId, wanted: ReadonlyMap<EventId, T>): T[] {
  const floorPosition = fold.position.get(floor);
  if (floorPosition === undefined || wanted.size === 0) return [];
  const found: T[] = [];
  const seen = new Set<EventId>();
  const stack = [...(fold.events.get(eventId)?.body.parents ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as EventId;
    if (seen.has(id)) continue;
    seen.add(id);
    // An invalid parent adds nothing to the causal past.
    if (!fold.valid.has(id) || (fold.position.get(id) ?? -1) <= floorPosition) continue;
    const hit = wanted.get(id);
    if (hit !== undefined) found.push(hit);
    for (const parent of fold.events.get(id)?.body.parents ?? []) if (!seen.has(parent)) stack.push(parent);
  }
  return found;
}
