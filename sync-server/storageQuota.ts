/**
 * Which incoming changes the relay agrees to store (docs/rules.md: a per-document quota, a total quota,
 * and a rate of new documents per client address). Checked on a `sync` frame before the repo applies
 * it: a change the relay cannot store is refused at the door, so it is never applied, relayed or
 * acknowledged without being on disk (the write-ahead rule).
 *
 * - Per document: bytes on disk + bytes accepted but not yet saved + this frame > the quota.
 * - In all: the same, over every document.
 * - New documents: a frame carrying changes for a document with nothing on disk, and not yet
 *   accepted in this run, counts as one new document for its client address; past the hourly
 *   allowance it is refused.
 *
 * The frame's length bounds the change bytes it carries; it is decoded (to see whether it carries
 * changes at all) only for a new document or one near a limit, so the common case costs a lookup.
 * Sync messages without changes (a reader's heads and wants) are always accepted: a full document
 * stays readable.
 */
import { decodeSyncMessage } from "@automerge/automerge";
import { cbor } from "@automerge/automerge-repo";
import type { Logger } from "./log";
import type { RelayStorage } from "./storagePolicy";

export interface StorageRefusal {
  reason: "document-quota" | "total-quota" | "new-document-rate";
  /** Sent to the peer as the close reason (short, ASCII). */
  text: string;
}

const HOUR_MS = 3_600_000;

export class StorageQuota {
  readonly #storage: RelayStorage;
  readonly #newPerHour: number;
  readonly #log: Logger;
  readonly #now: () => number;
  /** Bytes accepted per document since its last stored write. */
  readonly #unsaved = new Map<string, number>();
  #unsavedSum = 0;
  /** Documents accepted as new in this run (until they are on disk). */
  readonly #accepted = new Set<string>();
  /** Per client address, when each of its new documents in the last hour was accepted. */
  readonly #newByAddress = new Map<string, number[]>();

  constructor(storage: RelayStorage, newDocumentsPerHour: number, log: Logger, now: () => number = Date.now) {
    this.#storage = storage;
    this.#newPerHour = newDocumentsPerHour;
    this.#log = log;
    this.#now = now;
    storage.onWrite = (documentId, kind, bytes) => {
      // Called as the write begins: a snapshot holds everything applied so far; an incremental,
      // about its own size of it. From here on storage counts those bytes as being written.
      this.#setUnsaved(documentId, kind === "snapshot" ? 0 : Math.max(0, (this.#unsaved.get(documentId) ?? 0) - bytes));
      this.#accepted.delete(documentId);
    };
    storage.onRefusedWrite = (documentId) => {
      // Refused at the last wall: the bytes let in for it will never be stored, so they must not
      // stay counted (they would bring the relay nearer "full" for good with each refusal).
      this.#setUnsaved(documentId, 0);
      this.#accepted.delete(documentId);
    };
  }

  admit(address: string, documentId: string, frame: Uint8Array): StorageRefusal | undefined {
    const { usage } = this.#storage.store;
    const { maxDocumentBytes, maxTotalBytes } = this.#storage.quotas;
    const isNew = !usage.has(documentId) && !this.#accepted.has(documentId);
    const unsaved = this.#unsaved.get(documentId) ?? 0;
    const bound = frame.byteLength;
    const stored = this.#storage.documentBytes(documentId);
    const nearDocument = stored + unsaved + bound > maxDocumentBytes;
    const nearTotal = usage.total + this.#unsavedTotal() + bound > maxTotalBytes;
    const full = this.#storage.full.has(documentId);
    if (!isNew && !nearDocument && !nearTotal && !full) {
      this.#setUnsaved(documentId, unsaved + bound);
      return undefined;
    }
    const changeBytes = carriedChangeBytes(frame);
    if (changeBytes === 0) return undefined;

    let refusal: StorageRefusal | undefined;
    if (full || stored + unsaved + changeBytes > maxDocumentBytes) {
      refusal = { reason: "document-quota", text: `storage quota: this document is full (${mib(maxDocumentBytes)})` };
    } else if (usage.total + this.#unsavedTotal() + changeBytes > maxTotalBytes) {
      refusal = { reason: "total-quota", text: "storage quota: the relay is full" };
    } else if (isNew && !this.#allowNew(address)) {
      refusal = {
        reason: "new-document-rate",
        text: `storage quota: more than ${this.#newPerHour} new documents per hour from this address`,
      };
    }
    if (refusal) {
      this.#log.warn("storage.refused", { documentId, reason: refusal.reason, changeBytes });
      return refusal;
    }
    if (isNew) this.#accepted.add(documentId);
    this.#setUnsaved(documentId, unsaved + changeBytes);
    return undefined;
  }

  #allowNew(address: string): boolean {
    const now = this.#now();
    const recent = (this.#newByAddress.get(address) ?? []).filter((t) => now - t < HOUR_MS);
    if (recent.length >= this.#newPerHour) {
      this.#newByAddress.set(address, recent);
      return false;
    }
    recent.push(now);
    this.#newByAddress.set(address, recent);
    if (this.#newByAddress.size > 100_000) this.#forgetOld(now);
    return true;
  }

  #forgetOld(now: number): void {
    for (const [address, times] of this.#newByAddress) {
      if (times.every((t) => now - t >= HOUR_MS)) this.#newByAddress.delete(address);
    }
  }

  #unsavedTotal(): number {
    return this.#unsavedSum;
  }

  #setUnsaved(documentId: string, bytes: number): void {
    this.#unsavedSum += bytes - (this.#unsaved.get(documentId) ?? 0);
    if (bytes === 0) this.#unsaved.delete(documentId);
    else this.#unsaved.set(documentId, bytes);
  }
}

/** Bytes of Automerge changes a `sync` frame carries (0 when none, or when it is not a sync frame). */
function carriedChangeBytes(frame: Uint8Array): number {
  try {
    const message = cbor.decode(frame) as { type?: unknown; data?: unknown };
    if (message.type !== "sync" || !(message.data instanceof Uint8Array)) return 0;
    return decodeSyncMessage(message.data).changes.reduce((n, c) => n + c.byteLength, 0);
  } catch {
    return 0; // the frame guard has already checked the shape; nothing to store here
  }
}

const mib = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
