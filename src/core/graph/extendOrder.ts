import type { AnyDecodedEvent } from "../events/types.ts";
import { MinHeap } from "./minHeap.ts";
import { type Order, sortsBefore } from "./order.ts";
import { dependenciesOf, type EventOrder } from "./orderEvents.ts";

/**
 * Places new events (and any waiting event they, or a later clock, release) after an order,
 * exactly where `orderEvents` would put them given every event at once, when they all sort after
 * everything placed: then the order is the old one with them at the end. Returns the events
 * placed, in order, or undefined when one would land in the past of the order (or a placed event
 * would wait again, the clock having gone back): the caller orders everything afresh.
 *
 * The order is extended in place; whatever this returns, it holds every event given.
 */
export function extendOrder(
  order: Order,
  added: readonly AnyDecodedEvent[],
  notAfter: number,
): AnyDecodedEvent[] | undefined {
  const { held } = order;
  if (notAfter < order.notAfter && order.latestAt() > notAfter) return undefined;
  // Candidates: the new events and everything that waited, by event number.
  const candidates: number[] = [];
  const slot = new Map<number, number>();
  const take = (i: number) => {
    if (slot.has(i)) return;
    slot.set(i, candidates.length);
    candidates.push(i);
  };
  for (const e of added) {
    const known = held.numberOf(e.id);
    // Same id, same body (the id is its hash): a placed event is already where it belongs.
    if (known !== undefined && (order.placeAt[known] ?? -1) >= 0) continue;
    take(held.add(e));
  }
  for (const p of order.pending) take(held.numberOf(p.id) as number);
  growPlaceAt(order, held.size);

  const n = candidates.length;
  const waitingOn = new Int32Array(n);
  const children: number[][] = Array.from({ length: n }, () => []);
  const missing: (string[] | undefined)[] = new Array(n);
  const isPending = new Uint8Array(n);
  const stack: number[] = [];
  for (let c = 0; c < n; c++) {
    const e = held.at(candidates[c] as number);
    for (const d of dependenciesOf(e)) {
      const j = held.numberOf(d);
      if (j === undefined) {
        const list = missing[c];
        if (list) list.push(d);
        else missing[c] = [d];
      } else if ((order.placeAt[j] as number) < 0) {
        // Held and not placed: a candidate too (every waiting event is one).
        waitingOn[c] = (waitingOn[c] as number) + 1;
        children[slot.get(j) as number]?.push(c);
      }
    }
    if (missing[c] !== undefined || e.body.at > notAfter) {
      isPending[c] = 1;
      stack.push(c);
    }
  }
  while (stack.length > 0) {
    const c = stack.pop() as number;
    for (const child of children[c] as number[])
      if (isPending[child] === 0) {
        isPending[child] = 1;
        stack.push(child);
      }
  }

  const eventOf = (c: number) => held.at(candidates[c] as number);
  const heap = new MinHeap((a, b) => sortsBefore(eventOf(a), eventOf(b)));
  for (let c = 0; c < n; c++) if (isPending[c] === 0 && waitingOn[c] === 0) heap.push(c);
  const last = order.lastByKey();
  const newlyPlaced: number[] = [];
  while (heap.size > 0) {
    const c = heap.pop();
    // Sorting before an event already placed: the order changes in its past.
    if (last !== undefined && !sortsBefore(last, eventOf(c))) return undefined;
    newlyPlaced.push(c);
    for (const child of children[c] as number[]) {
      const left = (waitingOn[child] as number) - 1;
      waitingOn[child] = left;
      if (left === 0 && isPending[child] === 0) heap.push(child);
    }
  }

  const placedBefore = order.placed.length;
  appendPlaced(
    order,
    newlyPlaced.map((c) => candidates[c] as number),
  );
  order.notAfter = notAfter;
  order.notePlaced(placedBefore);
  const pending: EventOrder["pending"] = [];
  for (let c = 0; c < n; c++) {
    const e = eventOf(c);
    if ((order.placeAt[candidates[c] as number] as number) >= 0) continue;
    const entry: EventOrder["pending"][number] = { id: e.id, missing: missing[c] ?? [] };
    if (e.body.at > notAfter) entry.future = true;
    pending.push(entry);
  }
  pending.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  order.pending = pending;
  return order.placed.slice(placedBefore);
}

function growPlaceAt(order: Order, size: number): void {
  if (order.placeAt.length >= size) return;
  const bigger = new Int32Array(Math.max(size, order.placeAt.length * 2)).fill(-1);
  bigger.set(order.placeAt);
  order.placeAt = bigger;
}

/** Gives the events (by number, in order) the next places, with their parents' and listed dependencies' places. */
function appendPlaced(order: Order, numbers: readonly number[]): void {
  const { held } = order;
  let count = 0;
  let listedCount = 0;
  for (const i of numbers) {
    const e = held.at(i);
    count += e.body.parents.length;
    listedCount += dependenciesOf(e).length - e.body.parents.length;
  }
  const places = order.placed.length + numbers.length;
  const start = growInt32(order.parentStart, places + 1);
  const parents = growInt32(order.parentPlace, (order.parentStart[order.placed.length] as number) + count);
  const listedStart = growInt32(order.listedStart, places + 1);
  const listed = growInt32(order.listedPlace, (order.listedStart[order.placed.length] as number) + listedCount);
  let at = start[order.placed.length] as number;
  let listedAt = listedStart[order.placed.length] as number;
  for (const i of numbers) {
    const e = held.at(i);
    order.placeAt[i] = order.placed.length;
    for (const p of e.body.parents) parents[at++] = order.placeAt[held.numberOf(p) as number] as number;
    const deps = dependenciesOf(e);
    for (let k = e.body.parents.length; k < deps.length; k++)
      listed[listedAt++] = order.placeAt[held.numberOf(deps[k] as string) as number] as number;
    order.placed.push(e);
    start[order.placed.length] = at;
    listedStart[order.placed.length] = listedAt;
  }
  order.parentStart = start.subarray(0, places + 1);
  order.parentPlace = parents.subarray(0, at);
  order.listedStart = listedStart.subarray(0, places + 1);
  order.listedPlace = listed.subarray(0, listedAt);
}

/** The same numbers in an array of at least `length` (a view of a larger buffer, so growth is amortised). */
function growInt32(a: Int32Array, length: number): Int32Array {
  if (a.buffer.byteLength >= length * 4 && a.byteOffset === 0) return new Int32Array(a.buffer, 0, length);
  const bigger = new Int32Array(Math.max(length, Math.ceil(a.length * 1.5) + 16));
  bigger.set(a);
  return bigger;
}
