/**
 * Requests answered `doc-unavailable` a moment before the document arrived.
 *
 * A stock relay keeps every requester of an unknown id and sends it the document if a device
 * uploads it later (that is how a new member's phone, opening an invite before the founder's
 * upload finished, still gets the pool). The relay answers unknown ids without the repo
 * (unknownDocuments.ts), so it keeps that promise here instead, bounded: the request frames of
 * the last `maxEntries` unknown-id requests, each for at most `ttlMs`. When a `sync` for one of
 * those ids reaches the repo, the waiting requests are replayed to it.
 */
import type { DocumentId } from "@automerge/automerge-repo";

interface Waiter<T> {
  who: T;
  at: number;
}

export class UnknownRequests<T> {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  /** In insertion order, so the oldest are first. */
  readonly #waiting = new Map<DocumentId, Array<Waiter<T>>>();
  #entries = 0;

  constructor(ttlMs: number, maxEntries: number) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  /** `who` asked for `documentId`, which the relay does not have. */
  add(documentId: DocumentId, who: T, now: number): void {
    this.#prune(now);
    const list = this.#waiting.get(documentId);
    if (list === undefined) this.#waiting.set(documentId, [{ who, at: now }]);
    else list.push({ who, at: now });
    this.#entries++;
    while (this.#entries > this.#maxEntries) this.#dropOldest();
  }

  /** The requests still waiting for `documentId`, forgotten as they are returned. */
  take(documentId: DocumentId, now: number): T[] {
    const list = this.#waiting.get(documentId);
    if (list === undefined) return [];
    this.#waiting.delete(documentId);
    this.#entries -= list.length;
    return list.filter((w) => now - w.at <= this.#ttlMs).map((w) => w.who);
  }

  get size(): number {
    return this.#entries;
  }

  #prune(now: number): void {
    for (const [documentId, list] of this.#waiting) {
      const newest = list[list.length - 1];
      if (newest !== undefined && now - newest.at <= this.#ttlMs) break;
      this.#waiting.delete(documentId);
      this.#entries -= list.length;
    }
  }

  #dropOldest(): void {
    const first = this.#waiting.entries().next();
    if (first.done) return;
    const [documentId, list] = first.value;
    list.shift();
    this.#entries--;
    if (list.length === 0) this.#waiting.delete(documentId);
  }
}
