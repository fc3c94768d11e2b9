import type { EventId } from "../../core/events/types.ts";
import { type EventToWrite, writeEvents } from "../writeEvents.ts";
import type { SessionInternals } from "./sessionInternals.ts";

/** Writes events (sealed, in an encrypted pool); what this device sealed it need not decrypt. */
export function write(
  s: SessionInternals,
  events: readonly EventToWrite[],
  sealed: ReadonlyMap<EventId, Uint8Array> | undefined,
): void {
  writeEvents(s.handle, events, sealed);
  if (sealed !== undefined) s.opener?.sealedHere(events, sealed);
}

/**
 * A device without the pool's key never writes plaintext into a document that says it is
 * sealed, nor into a plaintext pool's document after the pool moved to an encrypted one.
 */
export function writeBlocked(s: SessionInternals): "pool-moved" | "pool-key-missing" | undefined {
  const doc = s.handle.doc() as { encryption?: unknown; movedTo?: unknown } | undefined;
  if (doc?.movedTo !== undefined) return "pool-moved";
  return s.crypto === undefined && doc?.encryption !== undefined ? "pool-key-missing" : undefined;
}
