/**
 * This process's reading of `pools_relay_usage` (schema.ts): per document, the bytes stored (for
 * the total quota and metrics) and its size for the document quota, as last read whole or
 * announced by a relay process (see postgresStorage.ts for when each happens).
 */
import { StorageUsage } from "../storageUsage";

export class UsageCounts {
  /** Bytes stored per document, as last read or announced. */
  readonly usage = new StorageUsage();
  /** Per document, its size for the document quota (`document_bytes`, schema.ts), as last read or announced. */
  readonly #documentBytes = new Map<string, number>();

  /** Replaces every count with the rows of the usage table, read whole. */
  reset(rows: ReadonlyArray<{ document_id: string; bytes: string; document_bytes: string }>): void {
    this.usage.reset(rows.map((r) => [r.document_id, Number(r.bytes)] as const));
    this.#documentBytes.clear();
    for (const r of rows) this.#documentBytes.set(r.document_id, Number(r.document_bytes));
  }

  /** One document's counts after a write, by this process or announced by another. */
  set(documentId: string, bytes: number, documentBytes: number): void {
    this.usage.set(documentId, bytes);
    if (bytes <= 0) this.#documentBytes.delete(documentId);
    else this.#documentBytes.set(documentId, documentBytes);
  }

  /**
   * A document's size for its quota, as every process has written it: its latest snapshot plus the
   * chunks written after it (0 when nothing is stored).
   */
  documentBytes(documentId: string): number {
    return Math.min(this.#documentBytes.get(documentId) ?? 0, this.usage.of(documentId));
  }
}
