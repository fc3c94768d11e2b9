import type { EventId } from "../../core/events/types.ts";
import type { SessionInternals } from "./sessionInternals.ts";

/**
 * The first time this device held each event, kept in the cache across reloads (rules §3.6).
 * What was already here the first time this device opened the pool has no time.
 */
export function noteArrivals(s: SessionInternals, ids: Iterable<EventId>, now: number): void {
  for (const id of ids) {
    if (s.arrivals.has(id)) continue;
    if (!s.openedOnce) s.heldAtOpen.add(id);
    else if (!s.heldAtOpen.has(id)) {
      s.arrivals.set(id, now);
      s.newArrivals.push([id, now]);
    }
  }
  s.openedOnce = true;
}
