import { MAX_PARENTS } from "../events/limits.ts";
import type { AnyDecodedEvent, EventId } from "../events/types.ts";
import type { EventOrder } from "../graph/orderEvents.ts";

/** Newest first: later `at`, then the larger id (the body wants the newest 64 heads). */
function newerFirst(a: AnyDecodedEvent, b: AnyDecodedEvent): number {
  return b.body.at - a.body.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The heads of a pool: valid events no valid event names as a parent, kept sorted newest first
 * and updated as events are placed after the last, so a new event costs a few binary searches
 * rather than a pass over the whole pool (which may hold 100,000 events).
 */
export class HeadSet {
  /** Per place: 1 once a valid event names it. */
  private referenced = new Uint8Array(64);
  private readonly heads: AnyDecodedEvent[] = [];
  /** Places taken so far. */
  private taken = 0;

  /** Takes the events placed since the last call (`isValid` answers by place). */
  take(order: EventOrder, isValid: (place: number) => boolean): void {
    const to = order.placed.length;
    if (this.referenced.length < to) {
      const bigger = new Uint8Array(Math.max(to, this.referenced.length * 2));
      bigger.set(this.referenced);
      this.referenced = bigger;
    }
    const from = this.taken;
    const bulk = from === 0;
    for (let i = from; i < to; i++) {
      if (!isValid(i)) continue;
      for (let k = order.parentStart[i] as number; k < (order.parentStart[i + 1] as number); k++) {
        const parent = order.parentPlace[k] as number;
        if (this.referenced[parent] === 1) continue;
        this.referenced[parent] = 1;
        if (!bulk && parent < from && isValid(parent)) this.remove(order.placed[parent] as AnyDecodedEvent);
      }
    }
    const fresh: AnyDecodedEvent[] = [];
    for (let i = from; i < to; i++)
      if (isValid(i) && this.referenced[i] === 0) fresh.push(order.placed[i] as AnyDecodedEvent);
    if (bulk) {
      fresh.sort(newerFirst);
      for (const e of fresh) this.heads.push(e);
    } else for (const e of fresh) this.heads.splice(this.search(e), 0, e);
    this.taken = to;
  }

  /** The newest heads, at most 64, sorted as the body wants them. */
  newest(): EventId[] {
    return this.heads
      .slice(0, MAX_PARENTS)
      .map((e) => e.id)
      .sort();
  }

  private remove(e: AnyDecodedEvent): void {
    const at = this.search(e);
    if (this.heads[at] === e || this.heads[at]?.id === e.id) this.heads.splice(at, 1);
  }

  /** Where `e` sits (or would) in the sorted heads. */
  private search(e: AnyDecodedEvent): number {
    let lo = 0;
    let hi = this.heads.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newerFirst(this.heads[mid] as AnyDecodedEvent, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
