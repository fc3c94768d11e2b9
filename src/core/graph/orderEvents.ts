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
  // Events are numbered once; the rest works on those numbers (this runs on every derivation).
  const list = [...byId.values()];
  const n = list.length;
  const indexOf = new Map<EventId, number>();
  for (let i = 0; i < n; i++) indexOf.set((list[i] as AnyDecodedEvent).id, i);

  const children: (number[] | undefined)[] = new Array(n);
  const waitingOn = new Int32Array(n);
  const missingOf = new Map<number, EventId[]>();
  const isPending = new Uint8Array(n);
  const pendingQueue: number[] = [];
  for (let i = 0; i < n; i++) {
    const deps = dependenciesOf(list[i] as AnyDecodedEvent);
    let missing: EventId[] | undefined;
    for (const d of deps) {
      const j = indexOf.get(d);
      if (j === undefined) (missing ??= []).push(d);
      else (children[j] ??= []).push(i);
    }
    if (missing) {
      missingOf.set(i, missing);
      isPending[i] = 1;
      pendingQueue.push(i);
    }
    waitingOn[i] = deps.length;
  }
  // Whatever descends from a pending event waits too.
  while (pendingQueue.length > 0) {
    const i = pendingQueue.pop() as number;
    for (const child of children[i] ?? []) {
      if (isPending[child] === 0) {
        isPending[child] = 1;
        pendingQueue.push(child);
      }
    }
  }

  const heap = new MinHeap<number>((a, b) => before(list[a] as AnyDecodedEvent, list[b] as AnyDecodedEvent));
  for (let i = 0; i < n; i++) if (isPending[i] === 0 && waitingOn[i] === 0) heap.push(i);
  const placed: AnyDecodedEvent[] = [];
  const isPlaced = new Uint8Array(n);
  while (heap.size > 0) {
    const i = heap.pop();
    placed.push(list[i] as AnyDecodedEvent);
    isPlaced[i] = 1;
    for (const child of children[i] ?? []) {
      const left = (waitingOn[child] as number) - 1;
      waitingOn[child] = left;
      if (left === 0 && isPending[child] === 0) heap.push(child);
    }
  }
  // A cycle is impossible with hash-linked ids; anything left unplaced is reported as pending.
  const pendingList: { id: EventId; missing: EventId[] }[] = [];
  for (let i = 0; i < n; i++) {
    if (isPlaced[i] === 1) continue;
    pendingList.push({ id: (list[i] as AnyDecodedEvent).id, missing: missingOf.get(i) ?? [] });
  }
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
