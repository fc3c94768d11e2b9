/**
 * The only place that writes events into a pool document. Callers check events with the core
 * first (poolSession.append) or know them to be verified (healing, file import).
 */
import type { DocHandle } from "@automerge/automerge-repo/slim";
import { isMap } from "./schema/docValues.ts";
import { entryKey } from "./schema/entryKey.ts";
import { type PoolDoc, packEntry } from "./schema/poolDoc.ts";
import type { ArchivedEvent } from "./storage/eventArchive.ts";

/** An event as written: its stored parts, its id and its time (the time is part of its key). */
export interface EventToWrite extends ArchivedEvent {
  at: number;
}

/**
 * Writes each event under its key (schema/entryKey.ts) as signature ‖ body, all in one change,
 * replacing whatever a stranger left under that key. If someone replaced `events` with
 * something that is not a map, a new map is made first.
 */
export function writeEvents(handle: DocHandle<PoolDoc>, events: readonly EventToWrite[]): void {
  if (events.length === 0) return;
  handle.change((doc) => {
    if (!isMap(doc.events)) doc.events = {};
    for (const e of events) doc.events[entryKey(e.id, e.at)] = packEntry(e);
  });
}
