/**
 * Why the sync layer refused something (a document, a file, a link, an event), with the
 * sentence the UI shows. One place, so the UI and the tests agree on the words. Events refused
 * by the core carry the core's own reason codes (src/core/reasons.ts) instead.
 */
import { type ReasonCode, reasonText } from "../core/reasons.ts";

export const SYNC_REASONS = {
  // Documents
  "doc-unavailable": "No device or relay we can reach has this pool's document.",
  "doc-not-a-pool": "This document is not a Pools document.",
  "doc-newer-schema": "This pool was saved by a newer version of Pools. Update the app to open it.",
  "doc-bad-schema": "This pool's document does not have the expected shape.",
  "not-a-genesis": "A pool must be founded with a valid, signed pool.created event.",
  "pool-not-loaded": "This device does not hold the pool's founding event yet, so it cannot check new events.",
  "pool-key-missing": "This pool is encrypted and this device does not hold its key. Open it from an invite link.",
  "pool-moved": "This pool moved to an encrypted copy. Ask a member for a new invite link to open it.",
  // Pool files
  "file-not-pool-file": "This file is not a Pools pool file.",
  "file-version": "This pool file was made by a newer version of Pools.",
  "file-damaged": "This pool file is damaged or incomplete.",
  "file-too-large": "This file is larger than any pool file can be (256 MB): it is not one.",
  "file-other-pool": "This file belongs to a different pool.",
  "file-no-genesis": "This pool file does not hold its pool's founding event.",
  "file-tampered": "An event in this pool file was changed or forged; nothing was imported.",
  "file-key-missing":
    "This pool file is sealed and this phone holds no key for it. Open it with the pool's invite link beside it.",
  // Invite links
  "link-malformed": "This is not a Pools invite link.",
  "link-bad-doc": "The invite link's document id is missing or malformed.",
  "link-bad-genesis": "The invite link's pool id is missing or malformed.",
  "link-bad-secret": "The invite link's secret is missing or malformed.",
  "link-bad-pool-key": "The invite link's pool key is malformed.",
  // Storage on this device
  "storage-failed": "This device could not save to its local storage.",
} as const;

export type SyncReasonCode = keyof typeof SYNC_REASONS;

/** A refusal from the sync layer: its own codes, or a core code when the core refused an event. */
export type SyncRefused = { ok: false; reason: SyncReasonCode | ReasonCode; detail?: string };
export type SyncResult<T> = { ok: true; value: T } | SyncRefused;

export const syncOk = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export function syncRefuse(reason: SyncReasonCode | ReasonCode, detail?: string): SyncRefused {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

export function syncReasonText(code: SyncReasonCode | ReasonCode): string {
  return code in SYNC_REASONS ? SYNC_REASONS[code as SyncReasonCode] : reasonText(code as ReasonCode);
}
