/**
 * Which connection has which document open, so the relay can close idle peers, cap the documents
 * one connection holds, and evict documents nobody has open.
 *
 * A connection opens a document by sending a `sync` or `request` for it that reaches the repo; it
 * releases it when the relay answers `doc-unavailable` or when the connection closes.
 */
import type { DocumentId } from "@automerge/automerge-repo";

export class DocumentPresence {
  readonly #byConnection = new Map<number, Set<DocumentId>>();
  readonly #byDocument = new Map<DocumentId, Set<number>>();
  /** When the last connection released each document nobody has open now. */
  readonly #releasedAt = new Map<DocumentId, number>();

  /** Records that `conn` has `documentId` open; returns how many documents `conn` has open. */
  open(conn: number, documentId: DocumentId): number {
    let docs = this.#byConnection.get(conn);
    if (docs === undefined) {
      docs = new Set();
      this.#byConnection.set(conn, docs);
    }
    docs.add(documentId);
    let conns = this.#byDocument.get(documentId);
    if (conns === undefined) {
      conns = new Set();
      this.#byDocument.set(documentId, conns);
    }
    conns.add(conn);
    this.#releasedAt.delete(documentId);
    return docs.size;
  }

  /** Whether `conn` already has `documentId` open. */
  has(conn: number, documentId: DocumentId): boolean {
    return this.#byConnection.get(conn)?.has(documentId) ?? false;
  }

  release(conn: number, documentId: DocumentId, now: number): void {
    this.#byConnection.get(conn)?.delete(documentId);
    const conns = this.#byDocument.get(documentId);
    if (conns === undefined || !conns.delete(conn)) return;
    if (conns.size === 0) {
      this.#byDocument.delete(documentId);
      this.#releasedAt.set(documentId, now);
    }
  }

  /** A connection closed: everything it had open is released. */
  closeConnection(conn: number, now: number): void {
    for (const documentId of this.#byConnection.get(conn) ?? []) this.release(conn, documentId, now);
    this.#byConnection.delete(conn);
  }

  openCount(conn: number): number {
    return this.#byConnection.get(conn)?.size ?? 0;
  }

  /** Connections that have `documentId` open. */
  holders(documentId: DocumentId): ReadonlySet<number> {
    return this.#byDocument.get(documentId) ?? new Set();
  }

  isOpen(documentId: DocumentId): boolean {
    return this.#byDocument.has(documentId);
  }

  /** When the last holder released `documentId`, if nobody has it open and someone had. */
  releasedAt(documentId: DocumentId): number | undefined {
    return this.#releasedAt.get(documentId);
  }

  /** The relay dropped `documentId` from memory: forget when it was released. */
  forget(documentId: DocumentId): void {
    this.#releasedAt.delete(documentId);
  }
}
