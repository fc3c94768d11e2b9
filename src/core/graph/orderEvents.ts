import type { AnyDecodedEvent, EventId } from "../events/types.ts";
import { HeldEvents } from "./heldEvents.ts";
import { MinHeap } from "./minHeap.ts";
import { Order } from "./order.ts";
import { sortedOrder } from "./sortedOrder.ts";

export interface EventOrder {
  /** Every event whose dependencies are all present, in the one deterministic order. */
  placed: AnyDecodedEvent[];
  /**
   * Events that wait for a missing event or the clock (directly or through an ancestor).
   * `future` marks an event that itself is dated beyond `notAfter`.
   */
  pending: { id: EventId; missing: EventId[]; future?: true }[];
  /** A placed event's index in `placed` (its place), by id. */
  placeOf(id: EventId): number | undefined;
  /**
   * The places of each placed event's parents (every parent of a placed event is placed), flat:
   * those of the event at place i are `parentPlace[parentStart[i]]` up to `parentStart[i + 1]`.
   */
  parentStart: Int32Array;
  parentPlace: Int32Array;
  /**
   * The same for the dependencies that are not parents (the votes a seal lists, the allocations a
   * round seal lists), in the order the event lists them: a seal's votes are found by place.
   */
  listedStart: Int32Array;
  listedPlace: Int32Array;
  /** Every event given, placed or not, by id (one copy per id). */
  held: ReadonlyMap<EventId, AnyDecodedEvent>;
}

/**
 * A seal also waits for the votes it lists (docs/rules.md §4: "the seal is pending until it holds
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

/**
 * docs/rules.md §3.9: repeatedly take, of the events whose dependencies are all placed, the
 * one with the smallest `at`, then the smallest id as ASCII. Every device holding the same
 * events gets the same order, whatever order they arrived in. An event dated after `notAfter` (the
 * device's clock plus a little slack) waits exactly like one with a missing parent, and so does
 * everything descending from it (docs/rules.md §3 "Time from the future waits").
 */
export function orderEvents(events: Iterable<AnyDecodedEvent>, notAfter = Number.POSITIVE_INFINITY): EventOrder {
  // Events are numbered once (a repeated id keeps its last copy); the rest works on those
  // numbers in flat typed arrays, and the fold reuses them (this runs on every derivation, and
  // a pool may hold 100,000 events).
  // An array is copied whole (the order adds to its list later) and read by index: no iterator
  // step per event.
  let list: AnyDecodedEvent[] = Array.isArray(events) ? events.slice() : [...events];
  const indexOf = new Map<EventId, number>();
  for (let i = 0; i < list.length; i++) indexOf.set((list[i] as AnyDecodedEvent).id, i);
  if (indexOf.size !== list.length) {
    // Repeated ids (rare): keep one copy each, where the id first came, with its last value.
    const kept: AnyDecodedEvent[] = [];
    const seen = new Set<EventId>();
    for (const e of list) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      kept.push(list[indexOf.get(e.id) as number] as AnyDecodedEvent);
    }
    list = kept;
    for (let i = 0; i < list.length; i++) indexOf.set((list[i] as AnyDecodedEvent).id, i);
  }
  const n = list.length;

  // Dependencies by number (-1: not held), flat; parents come first in each event's run.
  const depStart = new Int32Array(n + 1);
  const parentCount = new Int32Array(n);
  let deps: Int32Array = new Int32Array(Math.max(16, n * 2));
  let depCount = 0;
  const missingOf = new Map<number, EventId[]>();
  const future = new Set<number>();
  const isPending = new Uint8Array(n);
  const pendingQueue: number[] = [];
  for (let i = 0; i < n; i++) {
    const event = list[i] as AnyDecodedEvent;
    const ids = dependenciesOf(event);
    parentCount[i] = event.body.parents.length;
    if (depCount + ids.length > deps.length) {
      const bigger = new Int32Array(Math.max(deps.length * 2, depCount + ids.length));
      bigger.set(deps);
      deps = bigger;
    }
    for (const d of ids) {
      const j = indexOf.get(d);
      if (j === undefined) {
        const missing = missingOf.get(i);
        if (missing) missing.push(d);
        else missingOf.set(i, [d]);
      }
      deps[depCount++] = j ?? -1;
    }
    depStart[i + 1] = depCount;
    if (event.body.at > notAfter) future.add(i);
    if (missingOf.has(i) || event.body.at > notAfter) {
      isPending[i] = 1;
      pendingQueue.push(i);
    }
  }
  // Children by number, flat (one entry per dependency held, repeats included).
  const childStart = new Int32Array(n + 1);
  for (let k = 0; k < depCount; k++) {
    const j = deps[k] as number;
    if (j >= 0) childStart[j + 1] = (childStart[j + 1] as number) + 1;
  }
  for (let i = 0; i < n; i++) childStart[i + 1] = (childStart[i + 1] as number) + (childStart[i] as number);
  const children = new Int32Array(childStart[n] as number);
  const fill = childStart.slice(0, n);
  for (let i = 0; i < n; i++)
    for (let k = depStart[i] as number; k < (depStart[i + 1] as number); k++) {
      const j = deps[k] as number;
      if (j < 0) continue;
      const at = fill[j] as number;
      fill[j] = at + 1;
      children[at] = i;
    }

  // Whatever descends from a pending event waits too.
  while (pendingQueue.length > 0) {
    const i = pendingQueue.pop() as number;
    for (let k = childStart[i] as number; k < (childStart[i + 1] as number); k++) {
      const child = children[k] as number;
      if (isPending[child] === 0) {
        isPending[child] = 1;
        pendingQueue.push(child);
      }
    }
  }

  const waitingOn = new Int32Array(n);
  for (let i = 0; i < n; i++) waitingOn[i] = (depStart[i + 1] as number) - (depStart[i] as number);
  // Smallest `at` first, then smallest id; the dates are copied out so most comparisons touch no event.
  const atOf = new Float64Array(n);
  for (let i = 0; i < n; i++) atOf[i] = (list[i] as AnyDecodedEvent).body.at;
  let placed: AnyDecodedEvent[] = [];
  const placeAt = new Int32Array(n).fill(-1);
  const sorted = sortedOrder(list, atOf, isPending, depStart, deps);
  if (sorted) {
    placed = new Array<AnyDecodedEvent>(sorted.length);
    for (let k = 0; k < sorted.length; k++) {
      const i = sorted[k] as number;
      placeAt[i] = k;
      placed[k] = list[i] as AnyDecodedEvent;
    }
  }
  const heap = new MinHeap((a, b) => {
    const x = atOf[a] as number;
    const y = atOf[b] as number;
    return x < y || (x === y && (list[a] as AnyDecodedEvent).id < (list[b] as AnyDecodedEvent).id);
  });
  if (!sorted) for (let i = 0; i < n; i++) if (isPending[i] === 0 && waitingOn[i] === 0) heap.push(i);
  while (heap.size > 0) {
    const i = heap.pop();
    placeAt[i] = placed.length;
    placed.push(list[i] as AnyDecodedEvent);
    for (let k = childStart[i] as number; k < (childStart[i + 1] as number); k++) {
      const child = children[k] as number;
      const left = (waitingOn[child] as number) - 1;
      waitingOn[child] = left;
      if (left === 0 && isPending[child] === 0) heap.push(child);
    }
  }
  // A cycle is impossible with hash-linked ids; anything left unplaced is reported as pending.
  const pendingList: EventOrder["pending"] = [];
  for (let i = 0; i < n; i++) {
    if ((placeAt[i] as number) >= 0) continue;
    const entry: EventOrder["pending"][number] = {
      id: (list[i] as AnyDecodedEvent).id,
      missing: missingOf.get(i) ?? [],
    };
    if (future.has(i)) entry.future = true;
    pendingList.push(entry);
  }
  pendingList.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // Parents by place, flat.
  const parentStart = new Int32Array(placed.length + 1);
  for (let i = 0; i < n; i++) {
    const place = placeAt[i] as number;
    if (place >= 0) parentStart[place + 1] = parentCount[i] as number;
  }
  for (let p = 0; p < placed.length; p++)
    parentStart[p + 1] = (parentStart[p + 1] as number) + (parentStart[p] as number);
  const parentPlace = new Int32Array(parentStart[placed.length] as number);
  for (let i = 0; i < n; i++) {
    const place = placeAt[i] as number;
    if (place < 0) continue;
    const from = depStart[i] as number;
    let at = parentStart[place] as number;
    for (let k = 0; k < (parentCount[i] as number); k++)
      parentPlace[at++] = placeAt[deps[from + k] as number] as number;
  }
  // Listed dependencies by place, flat (only seals have any).
  const listedStart = new Int32Array(placed.length + 1);
  for (let i = 0; i < n; i++) {
    const place = placeAt[i] as number;
    if (place >= 0)
      listedStart[place + 1] = (depStart[i + 1] as number) - (depStart[i] as number) - (parentCount[i] as number);
  }
  for (let p = 0; p < placed.length; p++)
    listedStart[p + 1] = (listedStart[p + 1] as number) + (listedStart[p] as number);
  const listedPlace = new Int32Array(listedStart[placed.length] as number);
  for (let i = 0; i < n; i++) {
    const place = placeAt[i] as number;
    if (place < 0) continue;
    let at = listedStart[place] as number;
    for (let k = (depStart[i] as number) + (parentCount[i] as number); k < (depStart[i + 1] as number); k++)
      listedPlace[at++] = placeAt[deps[k] as number] as number;
  }
  return new Order({
    placed,
    pending: pendingList,
    parentStart,
    parentPlace,
    listedStart,
    listedPlace,
    held: new HeldEvents(list, indexOf),
    placeAt,
    notAfter,
  });
}
