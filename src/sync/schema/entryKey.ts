/**
 * The key an event is stored under: its `at` as 11 base36 digits, a dot, then its id.
 *
 *   "0mjvw3cxs00.kX9…(43 characters)"
 *
 * Like the bare id, the key is a function of the signed bytes alone (the id is their hash and
 * `at` is inside them), so an entry still counts only under the one key its bytes give it; any
 * other key is refused as "id-mismatch".
 *
 * Why the time in front: Automerge keeps a map's entries sorted by key, and applying changes
 * that insert large values in the middle of a big map costs time in proportion to everything
 * after the insertion point. Measured with Automerge 3.5.0 on 4,000 entries of 300 bytes plus
 * 1,000 new ones in 10 changes: 6.5 s and 600 MB to load them at random keys (hash ids) against
 * 48 ms at increasing keys; a 10,000-event pool reloaded from snapshot + incremental chunks took
 * 30 s and 2.3 GB (and ran out of wasm memory on the next load). New events carry recent times,
 * so their keys land at the end of the map, where inserting is cheap. Base36 digits sort as
 * ASCII in numeric order ('0'–'9' < 'a'–'z'), and 11 of them hold any safe integer.
 */
import type { EventId } from "../../core/events/types.ts";

const AT_DIGITS = 11;
const KEY = /^([0-9a-z]{11})\.([A-Za-z0-9_-]{43})$/;

export function entryKeyOf(event: { id: EventId; body: { at: number } }): string {
  return entryKey(event.id, event.body.at);
}

export function entryKey(id: EventId, at: number): string {
  if (!Number.isSafeInteger(at) || at < 0)
    throw new RangeError(`entryKey: at must be a safe non-negative integer, got ${at}`);
  return `${at.toString(36).padStart(AT_DIGITS, "0")}.${id}`;
}

/** The id and time a key claims; `undefined` for anything that is not an entry key. */
export function parseEntryKey(key: string): { id: EventId; at: number } | undefined {
  const m = KEY.exec(key);
  if (m === null) return undefined;
  const at = Number.parseInt(m[1]!, 36);
  if (!Number.isSafeInteger(at)) return undefined;
  return { id: m[2]!, at };
}
