/**
 * Opens a document's encrypted entries ahead of `readEvents`, which is synchronous (rules §9).
 * WebCrypto decrypts asynchronously, so a session first calls `prepare` (open every winning
 * value not opened before), then reads with `open` as readEvents' synchronous lookup. A value
 * the lookup was not prepared for (a rival value readEvents asks Automerge for when a winner is
 * junk) is noted as missed; the session opens the missed ones and reads again.
 *
 * Opened values are remembered by map key and stored bytes, so a change costs one decryption per
 * new value, not one per entry.
 */
import { NOT_OPENED_YET } from "../readEvents.ts";
import { bytesEqual, isMap } from "../schema/docValues.ts";
import { type EntryCrypto, type NotOpened, openEntry } from "./entryCrypto.ts";

/** Decryptions run this many at a time: WebCrypto queues them, and a bounded batch keeps memory flat. */
const BATCH = 256;

interface Opened {
  value: Uint8Array;
  plain: Uint8Array | NotOpened;
}

export class EntryOpener {
  /** Every value opened, by map key (rivals under one key are few: readEvents caps them). */
  #opened = new Map<string, Opened[]>();
  #missed: { key: string; value: unknown }[] = [];

  constructor(readonly crypto: EntryCrypto) {}

  /** Opens every winning value of the document's `events` map that was not opened before. */
  async prepare(doc: unknown): Promise<void> {
    const events = isMap(doc) ? (doc as { events?: unknown }).events : undefined;
    if (!isMap(events)) return;
    const kept = new Map<string, Opened[]>();
    const todo: { key: string; value: Uint8Array }[] = [];
    for (const key of Object.keys(events)) {
      const value = events[key];
      const before = this.#opened.get(key);
      if (before !== undefined) kept.set(key, before);
      if (!(value instanceof Uint8Array)) continue;
      if (before?.some((o) => bytesEqual(o.value, value)) !== true) todo.push({ key, value });
    }
    // Keys that left the document are forgotten, so the memory follows the document.
    this.#opened = kept;
    await this.#openAll(todo);
  }

  /** After the ring gained a key: values that did not open are tried again on the next read. */
  forgetFailures(): void {
    for (const [key, list] of this.#opened) {
      const kept = list.filter((o) => o.plain instanceof Uint8Array);
      if (kept.length === 0) this.#opened.delete(key);
      else this.#opened.set(key, kept);
    }
  }

  /** readEvents' lookup: the packed entry, or why not; a value never prepared is noted as missed. */
  readonly open = (key: string, value: unknown): Uint8Array | NotOpened => {
    if (!(value instanceof Uint8Array)) return { reason: "not-decryptable", detail: "entry is not bytes" };
    const found = this.#opened.get(key)?.find((o) => bytesEqual(o.value, value));
    if (found !== undefined) return found.plain;
    this.#missed.push({ key, value });
    return { reason: "not-decryptable", detail: NOT_OPENED_YET };
  };

  /** Opens what the last read missed; true when there was anything (then read again). */
  async openMissed(): Promise<boolean> {
    const missed = this.#missed;
    this.#missed = [];
    const todo = missed.filter((m): m is { key: string; value: Uint8Array } => m.value instanceof Uint8Array);
    await this.#openAll(todo);
    return todo.length > 0;
  }

  async #openAll(todo: readonly { key: string; value: Uint8Array }[]): Promise<void> {
    for (let i = 0; i < todo.length; i += BATCH) {
      const batch = todo.slice(i, i + BATCH);
      const plains = await Promise.all(batch.map((t) => openEntry(this.crypto, t.key, t.value)));
      batch.forEach((t, j) => {
        const list = this.#opened.get(t.key) ?? [];
        list.push({ value: t.value, plain: plains[j] as Uint8Array | NotOpened });
        this.#opened.set(t.key, list);
      });
    }
  }
}
