/**
 * What the relay keeps, in front of its store: the file store (storage.ts) or PostgreSQL
 * (postgres/postgresStorage.ts), with the same rules over both:
 *
 * - **No per-device sync state.** automerge-repo saves one sync-state file per document per peer
 *   `storageId`; on a relay that would let the operator link one device across all its pools. They
 *   are never written here (automerge-repo keeps them in memory while the peer is connected), and
 *   any left by an older relay are removed at start.
 * - **Damaged chunks** are moved aside and the rest of the document served (storageRepair.ts).
 * - **Quotas** (storageQuota.ts decides which messages to accept; this is the last wall): a write
 *   that would take a document past its quota, or the store past the total, is not made and is
 *   logged, and the document is marked full so its further changes are refused at the door. A
 *   store shared by several relay processes checks the document quota again itself, atomically
 *   with the write (`saveWithinQuota`), against what every process has stored.
 */
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo";
import type { Logger } from "./log";
import { DurableFSStorage } from "./storage";
import { soundChunks } from "./storageRepair";
import type { StorageUsage } from "./storageUsage";

/** The store under the policy: the file store or PostgreSQL. */
export interface ChunkBackend extends StorageAdapterInterface {
  /** Bytes stored per document and in all, known without reading the store. */
  readonly usage: StorageUsage;
  /** Moves a chunk that does not load out of its document (kept for the operator); returns where. */
  moveAside(key: StorageKey, problem?: string): Promise<string | undefined>;
  close(): Promise<void>;
  /**
   * A store shared by several processes checks the document quota itself, in the same step as the
   * write; false when refused (nothing written).
   */
  saveWithinQuota?(key: StorageKey, data: Uint8Array, maxDocumentBytes: number): Promise<boolean>;
  /**
   * A shared store's own measure of a document for its quota (latest snapshot plus the chunks
   * after it, written by any process); without it, the bytes stored.
   */
  documentBytes?(documentId: string): number;
}

export interface StorageQuotas {
  /** Most bytes one document may take on disk. */
  maxDocumentBytes: number;
  /** Most bytes all documents together may take. */
  maxTotalBytes: number;
  /** New documents one client address may store per hour (storageQuota.ts). */
  maxNewDocumentsPerHour: number;
}

export const DEFAULT_STORAGE_QUOTAS: StorageQuotas = {
  maxDocumentBytes: 64 * 1024 * 1024,
  maxTotalBytes: 10 * 1024 * 1024 * 1024,
  maxNewDocumentsPerHour: 100,
};

const SYNC_STATE = "sync-state";

export class RelayStorage implements StorageAdapterInterface {
  readonly store: ChunkBackend;
  readonly quotas: StorageQuotas;
  readonly #log: Logger;
  /** Documents a write was refused for: their further changes are refused before they are applied. */
  readonly full = new Set<string>();
  /** Incrementals already checked alongside their document's snapshots (loadDocData asks for both in turn). */
  readonly #checkedIncrementals = new Map<string, Chunk[]>();
  /**
   * Per document written in this run: its latest snapshot plus the incrementals written after it.
   * That is its size once automerge-repo has removed the chunks a snapshot replaces; the bytes on
   * disk are briefly larger while it does, which must not count as the document growing.
   */
  readonly #documentBytes = new Map<string, number>();
  /** Bytes of writes under way per document (they count against the quota before they land). */
  readonly #writing = new Map<string, number>();
  /**
   * Documents whose last snapshot was refused: automerge-repo removes the chunks a snapshot
   * replaces right after writing it, so those removals are skipped until a snapshot is stored.
   */
  readonly #keepChunks = new Set<string>();
  /** Called as a snapshot or incremental write of the document begins (quota bookkeeping). */
  onWrite: (documentId: string, kind: "snapshot" | "incremental", bytes: number) => void = () => {};
  /** Called when a write of the document is refused: what was let in for it will not be stored. */
  onRefusedWrite: (documentId: string) => void = () => {};

  constructor(store: ChunkBackend, quotas: StorageQuotas, log: Logger) {
    this.store = store;
    this.quotas = quotas;
    this.#log = log;
  }

  /** Opens the file store under `dataDir` and removes sync states an older relay left there. */
  static async open(dataDir: string, quotas: StorageQuotas, log: Logger): Promise<RelayStorage> {
    const withSyncStates = new Set<string>();
    const files = await DurableFSStorage.open(dataDir, log, (key) => {
      if (key[1] === SYNC_STATE && key[0]) withSyncStates.add(key[0]);
    });
    const storage = new RelayStorage(files, quotas, log);
    await storage.removeSyncStates(withSyncStates);
    return storage;
  }

  /** Removes the sync states an older relay wrote for these documents; returns how many. */
  async removeSyncStates(documents: Set<string>): Promise<number> {
    for (const documentId of documents) await this.store.removeRange([documentId, SYNC_STATE]);
    if (documents.size > 0) this.#log.info("storage.sync-states-removed", { documents: documents.size });
    return documents.size;
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    return key[1] === SYNC_STATE ? undefined : this.store.load(key);
  }

  async loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const [documentId, kind] = keyPrefix;
    if (keyPrefix.length === 2 && documentId !== undefined && kind === "snapshot") {
      try {
        const sound = await soundChunks(
          documentId,
          {
            snapshots: await this.store.loadRange(keyPrefix),
            incrementals: await this.store.loadRange([documentId, "incremental"]),
          },
          this.store,
          this.#log,
        );
        this.#checkedIncrementals.set(documentId, sound.incrementals);
        return sound.snapshots;
      } catch (err) {
        // Unreadable (an I/O error): serve the document as not stored, so a peer asking for it gets
        // doc-unavailable rather than a load that never finishes. Nothing is removed from disk.
        this.#log.error("storage.load-failed", { documentId, error: err });
        this.#checkedIncrementals.set(documentId, []);
        return [];
      }
    }
    if (keyPrefix.length === 2 && documentId !== undefined && kind === "incremental") {
      const checked = this.#checkedIncrementals.get(documentId);
      this.#checkedIncrementals.delete(documentId);
      if (checked) return checked;
      const sound = await soundChunks(
        documentId,
        { snapshots: [], incrementals: await this.store.loadRange(keyPrefix) },
        this.store,
        this.#log,
        false,
      );
      return sound.incrementals;
    }
    if (kind === SYNC_STATE) return [];
    return (await this.store.loadRange(keyPrefix)).filter((c) => c.key[1] !== SYNC_STATE);
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    const [documentId = "", kind] = key;
    if (kind === SYNC_STATE) return;
    const refusal = this.#overQuota(documentId, kind, data.byteLength);
    if (refusal !== undefined) return this.#refuse(documentId, kind, data.byteLength, refusal);
    // What the document holds up to now is being written (storageQuota.ts stops counting it as unsaved).
    if (kind === "snapshot" || kind === "incremental") this.onWrite(documentId, kind, data.byteLength);
    const writing = this.#writing.get(documentId) ?? 0;
    this.#writing.set(documentId, writing + data.byteLength);
    let stored = true;
    try {
      const checked = kind === "snapshot" || kind === "incremental" ? this.store.saveWithinQuota : undefined;
      if (checked) stored = await checked.call(this.store, key, data, this.quotas.maxDocumentBytes);
      else await this.store.save(key, data);
    } finally {
      const left = (this.#writing.get(documentId) ?? 0) - data.byteLength;
      if (left > 0) this.#writing.set(documentId, left);
      else this.#writing.delete(documentId);
    }
    // Another relay process filled the document meanwhile (the shared store's own check).
    if (!stored) return this.#refuse(documentId, kind, data.byteLength, "document quota");
    if (kind === "snapshot") this.#keepChunks.delete(documentId);
    // A shared store keeps its own count (it came back with the write and covers every process).
    if (!this.store.documentBytes && (kind === "snapshot" || kind === "incremental")) {
      const before = kind === "snapshot" ? 0 : this.#storedBytes(documentId);
      this.#documentBytes.set(documentId, before + data.byteLength);
    }
  }

  #refuse(documentId: string, kind: string | undefined, bytes: number, reason: string): void {
    if (reason === "document quota") this.full.add(documentId);
    if (kind === "snapshot") this.#keepChunks.add(documentId);
    this.#log.error("storage.quota-refused-write", { documentId, kind, bytes, reason });
    this.onRefusedWrite(documentId);
  }

  /**
   * A document's size for its quota: stored (see `#documentBytes`; bytes on disk when not written
   * in this run) plus writes under way.
   */
  documentBytes(documentId: string): number {
    return this.#storedBytes(documentId) + (this.#writing.get(documentId) ?? 0);
  }

  #storedBytes(documentId: string): number {
    return (
      this.#documentBytes.get(documentId) ?? this.store.documentBytes?.(documentId) ?? this.store.usage.of(documentId)
    );
  }

  async remove(key: StorageKey): Promise<void> {
    const [documentId = "", kind] = key;
    if ((kind === "snapshot" || kind === "incremental") && this.#keepChunks.has(documentId)) return;
    return this.store.remove(key);
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    return this.store.removeRange(keyPrefix);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /**
   * A snapshot replaces the document's other chunks (automerge-repo removes them right after), so
   * it is measured on its own; an incremental adds to what is there.
   */
  #overQuota(documentId: string, kind: string | undefined, bytes: number): string | undefined {
    if (kind !== "snapshot" && kind !== "incremental") return undefined;
    const current = this.documentBytes(documentId);
    const after = kind === "snapshot" ? bytes : current + bytes;
    if (after > this.quotas.maxDocumentBytes) return "document quota";
    const total = this.store.usage.total + this.#writingTotal();
    if (total - (kind === "snapshot" ? current : 0) + bytes > this.quotas.maxTotalBytes) {
      return "total quota";
    }
    return undefined;
  }

  #writingTotal(): number {
    let bytes = 0;
    for (const b of this.#writing.values()) bytes += b;
    return bytes;
  }
}
