/**
 * Evicts documents no connected peer has open from the relay's Repo, so memory follows the
 * documents in use rather than every document ever touched since start.
 *
 * automerge-repo 2.5.6 keeps every DocHandle it ever created (`repo.handles`), with its state
 * machine, synchronizer and sync states. `repo.removeFromCache(id)` drops a handle, its
 * synchronizer and the repo's caches, but only for a handle whose document is ready (it reads
 * `handle.doc()`, which throws otherwise). A handle left `requesting` or `unavailable` (a `sync`
 * for an id the relay never had, with no changes) is first marked ready with its empty document,
 * which stores nothing (no heads), then removed the same way.
 *
 * A ready document is written to disk first (`repo.flush`), so nothing acknowledged is lost; the
 * next peer that asks for it loads it from storage again. A document is evicted once it has been
 * unheld for `evictAfterMs` (a peer that reconnects at once finds it still in memory).
 */
import type { DocumentId, Repo } from "@automerge/automerge-repo";
import type { Logger } from "../log";
import type { DocumentPresence } from "./documentPresence";

export class DocumentEvictor {
  readonly #repo: Repo;
  readonly #presence: DocumentPresence;
  readonly #evictAfterMs: number;
  readonly #log: Logger;
  /** Handles no peer ever opened (e.g. loaded by the repo itself): when the sweep first saw them. */
  readonly #firstSeen = new Map<DocumentId, number>();
  readonly #evicting = new Set<DocumentId>();
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  #evicted = 0;

  constructor(repo: Repo, presence: DocumentPresence, evictAfterMs: number, log: Logger) {
    this.#repo = repo;
    this.#presence = presence;
    this.#evictAfterMs = evictAfterMs;
    this.#log = log;
  }

  /** Documents evicted since start (for metrics). */
  get evicted(): number {
    return this.#evicted;
  }

  start(): void {
    const every = Math.max(50, Math.min(5_000, Math.floor(this.#evictAfterMs / 2)));
    this.#timer = setInterval(() => {
      this.#sweeping ??= this.sweep().finally(() => {
        this.#sweeping = undefined;
      });
    }, every);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping;
  }

  /** One pass: evicts every document unheld for long enough. */
  async sweep(now = Date.now()): Promise<void> {
    const due: DocumentId[] = [];
    for (const documentId of Object.keys(this.#repo.handles) as DocumentId[]) {
      if (this.#presence.isOpen(documentId) || this.#evicting.has(documentId)) {
        this.#firstSeen.delete(documentId);
        continue;
      }
      let since = this.#presence.releasedAt(documentId) ?? this.#firstSeen.get(documentId);
      if (since === undefined) {
        since = now;
        this.#firstSeen.set(documentId, since);
      }
      if (now - since >= this.#evictAfterMs) due.push(documentId);
    }
    for (const documentId of due) await this.#evict(documentId);
  }

  async #evict(documentId: DocumentId): Promise<void> {
    const handle = this.#repo.handles[documentId];
    if (handle === undefined || handle.state === "loading") return; // storage load in progress: next sweep
    this.#evicting.add(documentId);
    try {
      if (handle.isReady()) await this.#repo.flush([documentId]);
      else handle.doneLoading();
      // A peer may have opened it while it was being written: keep it then.
      if (this.#presence.isOpen(documentId)) return;
      await this.#repo.removeFromCache(documentId);
      this.#firstSeen.delete(documentId);
      this.#presence.forget(documentId);
      this.#evicted++;
      this.#log.debug("document.evicted", { documentId });
    } catch (err) {
      this.#log.error("document.evict-failed", { documentId, error: err });
    } finally {
      this.#evicting.delete(documentId);
    }
  }
}
