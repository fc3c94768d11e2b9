import type { AnyDecodedEvent, EventId } from "../events/types.ts";

export interface EventOrder {
  /** Every event whose dependencies are all present, in the one deterministic order. */
  placed: AnyDecodedEvent[];
  /** Events that wait for a missing event (directly or through an ancestor). */
  pending: { id: EventId; missing: EventId[] }[];
}

/**
 * A seal also waits for the votes it lists (DESIGN.md §4: "the seal is pending until it holds
 * them"), so they count as dependencies for ordering, though not as parents.
 */
export function dependenciesOf(event: AnyDecodedEvent): readonly EventId[] {
  if (event.body.type === "proposal.sealed") {
    const votes = (event.body.data as { votes: EventId[] }).votes;
    return votes.length === 0 ? event.body.parents : [...event.body.parents, ...votes];
  }
  if (event.body.type === "round.sealed") {
    const allocations = (event.body.data as { allocations: EventId[] }).allocations;
    return allocations.length === 0 ? event.body.parents : [...event.body.parents, ...allocations];
  }
  return event.body.parents;
}

const before = (a: AnyDecodedEvent, b: AnyDecodedEvent) =>
  a.body.at < b.body.at || (a.body.at === b.body.at && a.id < b.id);

/**
 * DESIGN.md §3 "Order": repeatedly take, of the events whose dependencies are all placed, the
 * one with the smallest `at`, then the smallest id as ASCII. Every device holding the same
 * events gets the same order, whatever order they arrived in.
 */
export function orderEvents(events: Iterable<AnyDecodedEvent>): EventOrder {
  const byId = new Map<EventId, AnyDecodedEvent>();
  for (const e of events) byId.set(e.id, e);

  const children = new Map<EventId, EventId[]>();
  const waitingOn = new Map<EventId, number>();
  const pending = new Map<EventId, EventId[]>();
  const pendingQueue: EventId[] = [];
  for (const e of byId.values()) {
    const deps = dependenciesOf(e);
    const missing = deps.filter((d) => !byId.has(d));
    if (missing.length > 0) {
      pending.set(e.id, missing);
      pendingQueue.push(e.id);
    }
    waitingOn.set(e.id, deps.length);
    for (const d of deps) {
      const list = children.get(d);
      if (list) list.push(e.id);
      else children.set(d, [e.id]);
    }
  }
  // Whatever descends from a pending event waits too.
  while (pendingQueue.length > 0) {
    const id = pendingQueue.pop() as EventId;
    for (const child of children.get(id) ?? []) {
      if (!pending.has(child)) {
        pending.set(child, []);
        pendingQueue.push(child);
      }
    }
  }

  const heap = new MinHeap(before);
  for (const e of byId.values()) if (!pending.has(e.id) && waitingOn.get(e.id) === 0) heap.push(e);
  const placed: AnyDecodedEvent[] = [];
  while (heap.size > 0) {
    const e = heap.pop();
    placed.push(e);
    for (const child of children.get(e.id) ?? []) {
      const left = (waitingOn.get(child) as number) - 1;
      waitingOn.set(child, left);
      if (left === 0 && !pending.has(child)) heap.push(byId.get(child) as AnyDecodedEvent);
    }
  }
  // A cycle is impossible with hash-linked ids; anything left unplaced is reported as pending.
  const placedIds = new Set(placed.map((e) => e.id));
  for (const e of byId.values()) if (!placedIds.has(e.id) && !pending.has(e.id)) pending.set(e.id, []);
  const pendingList = [...pending].map(([id, missing]) => ({ id, missing }));
  pendingList.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { placed, pending: pendingList };
}

class MinHeap<T> {
  private items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}
  get size() {
    return this.items.length;
  }
  push(item: T) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i] as T, a[p] as T)) break;
      [a[i], a[p]] = [a[p] as T, a[i] as T];
      i = p;
    }
  }
  pop(): T {
    const a = this.items;
    const top = a[0] as T;
    const last = a.pop() as T;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as T, a[m] as T)) m = l;
        if (r < a.length && this.less(a[r] as T, a[m] as T)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as T, a[i] as T];
        i = m;
      }
    }
    return top;
  }
}
