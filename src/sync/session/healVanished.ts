/**
 * Healing (docs/rules.md §3): an event this device verified that disappears from the document
 * (deleted, or its signature swapped) is written back, from memory or, after a reload, from the
 * event archive. Events the core refused are never healed: deleting junk is welcome.
 */
import { decodeEvent } from "../../core/events/decodeEvent.ts";
import type { AnyDecodedEvent, EventId } from "../../core/events/types.ts";
import { sealEvents } from "../encryption/sealEvents.ts";
import { parseEntryKey } from "../schema/entryKey.ts";
import { idOfVerificationKey } from "../storage/verificationCache.ts";
import type { EventToWrite } from "../writeEvents.ts";
import type { SessionInternals } from "./sessionInternals.ts";
import { write, writeBlocked } from "./sessionWrites.ts";

/** Writes back every event this device verified that the document no longer holds validly. */
export async function heal(s: SessionInternals, presentVerified: ReadonlySet<EventId>): Promise<void> {
  if (!s.archiveChecked) {
    s.archiveChecked = true;
    await recallArchived(s, presentVerified);
  }
  const missing = [...s.known.values()].filter((e) => !presentVerified.has(e.id) && !s.refusedByCore.has(e.id));
  if (missing.length === 0 || s.closed || writeBlocked(s) !== undefined) return;
  const sealed = await sealEvents(s.crypto, missing);
  if (s.closed) return;
  for (const e of missing) s.healed.add(e.id);
  write(s, missing, sealed);
}

/** Writes back, sealed, the valid event under each conflicted key (clearing its junk rivals). */
export async function rewriteSealed(
  s: SessionInternals,
  conflicted: readonly string[],
  valid: (id: EventId) => AnyDecodedEvent | undefined,
) {
  const rewrite: EventToWrite[] = [];
  for (const k of conflicted) {
    const id = parseEntryKey(k)?.id;
    const e = id === undefined ? undefined : valid(id);
    if (e !== undefined) rewrite.push({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at });
  }
  if (rewrite.length === 0) return;
  const sealed = await sealEvents(s.crypto, rewrite);
  if (!s.closed) write(s, rewrite, sealed);
}

/** After a reload, events verified in an earlier session may have vanished while the app was closed. */
async function recallArchived(s: SessionInternals, present: ReadonlySet<EventId>): Promise<void> {
  if (s.deps.archive === undefined) return;
  const gone = new Set<EventId>();
  for (const k of s.verifiedKeys) {
    const id = idOfVerificationKey(k);
    if (!present.has(id) && !s.known.has(id)) gone.add(id);
  }
  if (gone.size === 0) return;
  try {
    const found = await s.deps.archive.getMany(s.poolId, [...gone]);
    for (const [id, e] of found) {
      // The archive holds bytes only; the key needs the event's time, so decode it again.
      const decoded = decodeEvent(id, e, s.deps.sha256);
      if (!decoded.ok) {
        s.onError(new Error(`event archive: ${id} no longer decodes (${decoded.reason})`));
        continue;
      }
      s.known.set(id, { id, bytes: e.bytes, sig: e.sig, at: decoded.value.body.at });
      s.archived.add(id);
    }
  } catch (err) {
    s.onError(err);
  }
}
