import type { AnyDecodedEvent } from "../events/types.ts";

/**
 * The one order (smallest `at`, then smallest id) in a single native sort, when it already puts
 * every event after its dependencies: then taking the smallest ready event each time (the heap in
 * `orderEvents`) can only ever take the next event of this sort, so both give the same order. In
 * an honest pool every event is dated after its parents, so this is the usual case; otherwise
 * (an event dated before a parent, or at the same time with a smaller id) it returns undefined and
 * the heap decides. Returns event numbers in order, for the events not waiting.
 */
export function sortedOrder(
  list: readonly AnyDecodedEvent[],
  atOf: Float64Array,
  waiting: Uint8Array,
  depStart: Int32Array,
  deps: Int32Array,
): Int32Array | undefined {
  const n = list.length;
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (waiting[i] === 1) continue;
    const at = atOf[i] as number;
    if (!Number.isSafeInteger(at)) return undefined;
    count++;
    if (at < min) min = at;
    if (at > max) max = at;
  }
  // Each key packs the date (from the earliest) above the event's number, exactly, in a double.
  const shift = 2 ** Math.ceil(Math.log2(n + 1));
  if (count > 0 && (max - min + 1) * shift > Number.MAX_SAFE_INTEGER) return undefined;
  const keys = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (waiting[i] === 0) keys[k++] = ((atOf[i] as number) - min) * shift + i;
  keys.sort();
  const order = new Int32Array(count);
  for (k = 0; k < count; k++) {
    const key = keys[k] as number;
    order[k] = key - Math.floor(key / shift) * shift;
  }
  // Events with the same date go by id (the sort put them by number).
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && atOf[order[end] as number] === atOf[order[start] as number]) end++;
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end)).sort((a, b) => {
        const x = (list[a] as AnyDecodedEvent).id;
        const y = (list[b] as AnyDecodedEvent).id;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      order.set(run, start);
    }
    start = end;
  }
  const rank = new Int32Array(n);
  for (k = 0; k < count; k++) rank[order[k] as number] = k;
  for (k = 0; k < count; k++) {
    const i = order[k] as number;
    for (let d = depStart[i] as number; d < (depStart[i + 1] as number); d++)
      if ((rank[deps[d] as number] as number) >= k) return undefined;
  }
  return order;
}
