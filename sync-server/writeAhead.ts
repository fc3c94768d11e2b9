/**
 * Write-ahead for outgoing messages: the relay never tells a peer about document state that is not
 * on disk yet.
 *
 * Why: automerge-repo saves a changed document on a throttle (`saveDebounceRate`, 100 ms by
 * default) but answers sync messages at once. Its reply to the sender is generated *inside* the
 * update that applies the sender's changes, and already advertises the new heads (Automerge's
 * generateSyncMessage reads the shared document state, even through the pre-update document
 * object). So the writer sees the relay acknowledge a change (and other peers receive it) before
 * any of it is written; a crash in that window would lose what the relay had acknowledged.
 *
 * Rule: a sync message may leave only if every head it advertises is in the last state saved for
 * its document. Otherwise it waits, in order behind any other waiting message for that document;
 * once the current update has finished the document is flushed (`repo.flush([id])`), and every
 * message queued before that flush began is released (its content cannot exceed the flushed state,
 * which is newer). Messages queued later wait for the next flush. A failed write is logged and
 * retried; the messages wait, because the relay does not claim what it has not stored.
 *
 * In the steady state (nothing new since the last save) a message costs one decode of its header
 * and a set lookup.
 */
import { decodeSyncMessage, getHeads } from "@automerge/automerge";
import type { DocumentId, Repo } from "@automerge/automerge-repo";
import type { Logger } from "./log";

export class WriteAheadGate {
  readonly #repo: Repo;
  readonly #log: Logger;
  readonly #retryMs: number;
  /** Per document: the heads of the last state known to be on disk. */
  readonly #savedHeads = new Map<DocumentId, Set<string>>();
  readonly #queues = new Map<DocumentId, Array<() => void>>();
  readonly #running = new Map<DocumentId, Promise<void>>();
  /** Seconds each outgoing message waited for its document to be on disk (metrics.ts). */
  onDelivered: ((waitedSeconds: number) => void) | undefined;

  constructor(repo: Repo, log: Logger, retryMs = 1000) {
    this.#repo = repo;
    this.#log = log;
    this.#retryMs = retryMs;
  }

  /**
   * Runs `deliver` once the state `syncData` advertises is stored: immediately if it already is.
   * @param syncData the Automerge sync message in the outgoing message, if it carries one
   */
  whenDurable(documentId: DocumentId, syncData: Uint8Array | undefined, deliver: () => void): void {
    const queue = this.#queues.get(documentId);
    if (queue === undefined && this.#covered(documentId, syncData)) {
      this.onDelivered?.(0);
      deliver();
      return;
    }
    if (this.onDelivered) {
      const queued = performance.now();
      const inner = deliver;
      deliver = () => {
        this.onDelivered?.((performance.now() - queued) / 1000);
        inner();
      };
    }
    if (queue) queue.push(deliver);
    else this.#queues.set(documentId, [deliver]);
    if (!this.#running.has(documentId)) {
      const run = this.#persist(documentId).finally(() => this.#running.delete(documentId));
      this.#running.set(documentId, run);
    }
  }

  /**
   * Heads known to be stored already, with all their history, by someone else: another relay
   * process wrote them to the shared PostgreSQL store and this one merged them from there
   * (postgres/followOtherRelays.ts). Messages advertising them need no flush here first.
   */
  noteStored(documentId: DocumentId, heads: readonly string[]): void {
    const saved = this.#savedHeads.get(documentId);
    if (saved === undefined) this.#savedHeads.set(documentId, new Set(heads));
    else for (const head of heads) saved.add(head);
  }

  /** Resolves when no write started by the gate is in flight (for shutdown). */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  /** Whether every head the message advertises is already on disk. */
  #covered(documentId: DocumentId, syncData: Uint8Array | undefined): boolean {
    if (syncData === undefined) return true;
    let heads: string[];
    try {
      heads = decodeSyncMessage(syncData).heads;
    } catch {
      return false; // cannot tell: be safe, flush first
    }
    if (heads.length === 0) return true;
    const saved = this.#savedHeads.get(documentId);
    return saved !== undefined && heads.every((h) => saved.has(h));
  }

  async #persist(documentId: DocumentId): Promise<void> {
    // We may be inside the repo's synchronous update of this document: let it finish first, so
    // the flush below writes the state the queued messages were generated from (or a newer one).
    await Promise.resolve();
    for (;;) {
      const queue = this.#queues.get(documentId);
      if (queue === undefined) return;
      const cut = queue.length;
      const handle = this.#repo.handles[documentId];
      if (handle?.isReady()) {
        const doc = handle.doc();
        try {
          // flush() reads the handle's document synchronously, i.e. exactly `doc`.
          await this.#repo.flush([documentId]);
          this.#savedHeads.set(documentId, new Set(getHeads(doc)));
        } catch (err) {
          this.#log.error("storage.write-failed", { documentId, error: err, retryInMs: this.#retryMs });
          await new Promise((resolve) => setTimeout(resolve, this.#retryMs));
          continue;
        }
      }
      const released = queue.splice(0, cut);
      if (queue.length === 0) this.#queues.delete(documentId);
      for (const deliver of released) {
        try {
          deliver();
        } catch (err) {
          this.#log.error("send.failed", { documentId, error: err });
        }
      }
    }
  }
}
