/**
 * Bytes stored, per document and in all, kept up to date by the store as it writes and removes
 * (and, over PostgreSQL, from what the other relay processes announce), so quotas are checked
 * without touching the disk or the database.
 */
const STORAGE_ADAPTER_ID = "storage-adapter-id";

export class StorageUsage {
  readonly #byDocument = new Map<string, number>();
  #total = 0;

  /** Bytes stored for every document together. */
  get total(): number {
    return this.#total;
  }

  /** Documents with at least one stored byte. */
  get documents(): number {
    return this.#byDocument.size;
  }

  /** Bytes stored for one document (0 when it is not on disk). */
  of(documentId: string): number {
    return this.#byDocument.get(documentId) ?? 0;
  }

  has(documentId: string): boolean {
    return this.#byDocument.has(documentId);
  }

  /**
   * Records a change in one document's stored bytes (negative for removals). automerge-repo's
   * own `storage-adapter-id` is stored like a document but is none: it is not counted.
   */
  add(documentId: string, delta: number): void {
    if (delta === 0 || documentId === STORAGE_ADAPTER_ID) return;
    const next = this.of(documentId) + delta;
    if (next <= 0) this.#byDocument.delete(documentId);
    else this.#byDocument.set(documentId, next);
    this.#total = Math.max(0, this.#total + delta);
  }

  /** Sets one document's stored bytes to a value read from a shared store. */
  set(documentId: string, bytes: number): void {
    this.add(documentId, bytes - this.of(documentId));
  }

  /** Replaces every count with a fresh reading of a shared store. */
  reset(byDocument: Iterable<readonly [string, number]>): void {
    this.#byDocument.clear();
    this.#total = 0;
    for (const [documentId, bytes] of byDocument) this.add(documentId, bytes);
  }
}
