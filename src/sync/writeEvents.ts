/**
 * The only place that writes events into a pool document. Callers check events with the core
 * first (poolSession.append) or know them to be verified (healing, file import).
 */
import type { DocHandle } from "@automerge/automerge-repo/slim";
import { ENVELOPE_VERSION } from "../core/encryption/envelope.ts";
import type { EventId } from "../core/events/types.ts";
import { isMap } from "./schema/docValues.ts";
import { entryKey } from "./schema/entryKey.ts";
import { type PoolDoc, packEntry } from "./schema/poolDoc.ts";
import type { ArchivedEvent } from "./storage/eventArchive.ts";

/** An event as written: its stored parts, its id and its time (the time is part of its key). */
export interface EventToWrite extends ArchivedEvent {
  at: number;
}

/**
 * Writes each event under its key (schema/entryKey.ts) as signature ‖ body (or, in an encrypted
 * pool, as the envelope `sealed` holds for it, made by encryption/sealEvents.ts), all in one change,
 * replacing whatever a stranger left under that key. If someone replaced `events` with
 * something that is not a map, a new map is made first.
 */
export function writeEvents(
  handle: DocHandle<PoolDoc>,
  events: readonly EventToWrite[],
  sealed?: ReadonlyMap<EventId, Uint8Array>,
): void {
  if (events.length === 0) return;
  // An encrypted pool's event is written sealed or not at all: never plaintext by accident.
  const storedValue = (e: EventToWrite): Uint8Array => {
    if (sealed === undefined) return packEntry(e);
    const value = sealed.get(e.id);
    if (value === undefined) throw new Error(`writeEvents: event ${e.id} was not sealed`);
    return value;
  };
  const values = events.map(storedValue);
  handle.change((doc) => {
    if (!isMap(doc.events)) doc.events = {};
    // The document says its entries are envelopes (schema v2), for devices that hold no key yet.
    if (sealed !== undefined && doc.encryption !== ENVELOPE_VERSION) doc.encryption = ENVELOPE_VERSION;
    events.forEach((e, i) => {
      (doc.events as Record<string, Uint8Array>)[entryKey(e.id, e.at)] = values[i] as Uint8Array;
    });
  });
}
