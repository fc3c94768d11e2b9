/**
 * What a relay process tells the others when it stores a document chunk (`pg_notify` on CHANNEL,
 * schema.ts, in the statement that writes it: chunkWrite.ts), and how a listener reads it.
 *
 * An announcement is JSON: `origin` (which process, so each ignores its own), `key`, `data` (the
 * chunk's bytes in base64 when small), and the document's `bytes` and `documentBytes` after the
 * write, so the others' quota counts follow without a read.
 */
import type { StorageKey } from "@automerge/automerge-repo";
import { plainBytes } from "./plainBytes";

/** A chunk another process stored; small chunks come with their bytes (no read needed). */
export interface StoredElsewhere {
  key: StorageKey;
  data?: Uint8Array;
}

/**
 * Chunks up to this size travel inside the announcement (base64, under PostgreSQL's 8,000-byte
 * payload limit), which spares the other relays a read: a typical change is a few hundred bytes.
 */
const INLINE_BYTES = 4096;

/** The `data` to announce with a chunk: its bytes in base64 if small enough, else null. */
export function inlineData(data: Uint8Array): string | null {
  return data.length <= INLINE_BYTES ? Buffer.from(data).toString("base64") : null;
}

/** An announcement from another process, as the listener acts on it. */
export interface Announcement {
  stored: StoredElsewhere;
  /** The document's counts after the write, when the announcement carries them. */
  counts?: { documentId: string; bytes: number; documentBytes: number };
}

/**
 * Reads an announcement: "bad" for a payload that is not JSON, undefined for this process's own
 * (`origin`) or one without a key of strings, which are ignored.
 */
export function readAnnouncement(payload: string, origin: string): Announcement | "bad" | undefined {
  let message: { origin?: unknown; key?: unknown; data?: unknown; bytes?: unknown; documentBytes?: unknown };
  try {
    message = JSON.parse(payload);
  } catch {
    return "bad";
  }
  if (message.origin === origin) return undefined;
  if (!Array.isArray(message.key) || !message.key.every((part) => typeof part === "string")) return undefined;
  const data = typeof message.data === "string" ? plainBytes(Buffer.from(message.data, "base64")) : undefined;
  const documentId = message.key[0];
  const stored = data === undefined ? { key: message.key } : { key: message.key, data };
  if (documentId === undefined || typeof message.bytes !== "number") return { stored };
  const documentBytes = typeof message.documentBytes === "number" ? message.documentBytes : message.bytes;
  return { stored, counts: { documentId, bytes: message.bytes, documentBytes } };
}
