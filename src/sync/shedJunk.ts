/**
 * The second half of rules §3.7 ("junk from strangers is shed"), done after a recompute has
 * published its state, so that 10,000 junk entries cost the first state nothing but reading
 * them: name each junk value by (map key, hash of value) for the junk memory, then delete the
 * junk from the document.
 */
import type { DocHandle } from "@automerge/automerge-repo/slim";
import type { AnyDecodedEvent, EventId, MemberId } from "../core/events/types.ts";
import type { Sha256 } from "../core/identity/cryptoPorts.ts";
import { valueHash } from "./readEvents.ts";
import { isMap } from "./schema/docValues.ts";
import { entryKey, entryKeyOf, parseEntryKey } from "./schema/entryKey.ts";
import { type PoolDoc, packEntry } from "./schema/poolDoc.ts";
import { junkMark } from "./storage/verificationCache.ts";
import { type EventToWrite, writeEvents } from "./writeEvents.ts";

/** What one recompute found to be junk. */
export interface JunkFound {
  /** Keys under which nothing decoded, with the values newly judged junk. */
  undecodable: readonly { key: string; values: readonly Uint8Array[] }[];
  /** Events whose signature or invite proof failed. */
  forged: readonly AnyDecodedEvent[];
  /** Well-formed events by someone who was never in the pool. */
  strangers: readonly AnyDecodedEvent[];
}

/**
 * The junk marks of what was found, and the map keys it sits under. `tagOf` gives the last part
 * of an undecodable value's mark, if any (a value shed for its epoch: encryption/epochJunk.ts).
 */
export function junkMarksOf(
  found: JunkFound,
  sha256: Sha256,
  tagOf: (value: Uint8Array) => string | undefined = () => undefined,
): { marks: string[]; keys: Set<string> } {
  const keys = new Set<string>();
  const marks: string[] = [];
  for (const u of found.undecodable) {
    keys.add(u.key);
    for (const v of u.values) marks.push(junkMark(u.key, valueHash(v, sha256), tagOf(v)));
  }
  const markOf = (e: AnyDecodedEvent, author?: MemberId) => {
    const key = entryKeyOf(e);
    keys.add(key);
    marks.push(junkMark(key, valueHash(packEntry(e), sha256), author));
  };
  for (const e of found.forged) markOf(e);
  for (const e of found.strangers) markOf(e, e.body.by);
  return { marks, keys };
}

/**
 * Deletes junk keys from the document. A key that is the proper key of an event this device
 * holds as valid (`known`) is left alone: healing writes that event back over the junk. A key
 * where a verified value sits beside junk rivals gets that value again, which clears the rivals
 * for everyone.
 */
export function shedFromDocument(
  handle: DocHandle<PoolDoc>,
  keys: Iterable<string>,
  conflicted: readonly string[],
  known: (id: EventId) => { id: EventId; at: number } | undefined,
  validEvent: (id: EventId) => AnyDecodedEvent | undefined,
): void {
  const doc = handle.doc();
  if (!isMap(doc.events)) return;
  const map = doc.events;
  const gone = [...keys].filter((k) => {
    const id = parseEntryKey(k)?.id;
    const held = id === undefined ? undefined : known(id);
    return k in map && (held === undefined || entryKey(held.id, held.at) !== k);
  });
  const rewrite: EventToWrite[] = [];
  for (const k of conflicted) {
    const id = parseEntryKey(k)?.id;
    const e = id === undefined ? undefined : validEvent(id);
    if (e !== undefined) rewrite.push({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at });
  }
  if (gone.length > 0)
    handle.change((d) => {
      if (!isMap(d.events)) return;
      for (const k of gone) delete d.events[k];
    });
  writeEvents(handle, rewrite);
}
