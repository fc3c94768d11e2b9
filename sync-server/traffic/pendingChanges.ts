/**
 * A bound on changes held for missing dependencies.
 *
 * Automerge queues a change whose dependencies it has not seen, in memory, until they arrive; a
 * peer can send changes that depend on nothing that exists and the relay would hold them forever.
 * After sync messages for a document, the relay looks whether that document has missing
 * dependencies; while it does, the sync bytes received for it add up. Past `maxBytes` the queue is
 * dropped (the document is rebuilt from its applied changes only; its heads do not change) and
 * the connections that sent those bytes are reported so the caller can close them.
 */
import { applyChanges, getAllChanges, getHeads, getMissingDeps, init } from "@automerge/automerge";
import type { DocumentId, Repo } from "@automerge/automerge-repo";

/** How long after a sync message the document is looked at (the repo applies it asynchronously). */
const CHECK_DELAY_MS = 50;

export class PendingChangeGuard {
  readonly #repo: Repo;
  readonly #maxBytes: number;
  readonly #onExceeded: (documentId: DocumentId, senders: ReadonlySet<number>, bytes: number) => void;
  /** Per document: sync bytes received since its queue was last empty, and who sent them. */
  readonly #pending = new Map<DocumentId, { bytes: number; unchecked: number; senders: Set<number> }>();
  readonly #scheduled = new Map<DocumentId, NodeJS.Timeout>();

  constructor(
    repo: Repo,
    maxBytes: number,
    onExceeded: (documentId: DocumentId, senders: ReadonlySet<number>, bytes: number) => void,
  ) {
    this.#repo = repo;
    this.#maxBytes = maxBytes;
    this.#onExceeded = onExceeded;
  }

  /** A sync message of `bytes` for `documentId` from connection `conn` went to the repo. */
  noteSync(conn: number, documentId: DocumentId, bytes: number): void {
    let entry = this.#pending.get(documentId);
    if (entry === undefined) {
      entry = { bytes: 0, unchecked: 0, senders: new Set() };
      this.#pending.set(documentId, entry);
    }
    entry.unchecked += bytes;
    entry.senders.add(conn);
    if (this.#scheduled.has(documentId)) return;
    const timer = setTimeout(() => {
      this.#scheduled.delete(documentId);
      this.#check(documentId);
    }, CHECK_DELAY_MS);
    timer.unref();
    this.#scheduled.set(documentId, timer);
  }

  stop(): void {
    for (const timer of this.#scheduled.values()) clearTimeout(timer);
    this.#scheduled.clear();
  }

  #check(documentId: DocumentId): void {
    const entry = this.#pending.get(documentId);
    if (entry === undefined) return;
    const handle = this.#repo.handles[documentId];
    if (handle === undefined) {
      this.#pending.delete(documentId);
      return;
    }
    // A handle still not ready after changes arrived holds only changes it cannot apply.
    const ready = handle.isReady();
    if (ready) {
      const doc = handle.doc();
      if (getMissingDeps(doc, getHeads(doc)).length === 0) {
        this.#pending.delete(documentId);
        return;
      }
    }
    entry.bytes += entry.unchecked;
    entry.unchecked = 0;
    if (entry.bytes <= this.#maxBytes) return;
    this.#pending.delete(documentId);
    // Rebuilt from the applied history only: same heads, nothing queued. (A handle that is not
    // ready is evicted, queue and all, once its senders are gone: documentEvictor.ts.)
    if (ready) handle.update((current) => applyChanges(init<unknown>(), getAllChanges(current))[0] as typeof current);
    this.#onExceeded(documentId, entry.senders, entry.bytes);
  }
}
