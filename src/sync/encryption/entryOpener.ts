/**
 * Opens a document's encrypted entries ahead of `readEvents`, which is synchronous (rules §9).
 * WebCrypto decrypts asynchronously, so a session first calls `prepare` (open every winning
 * value not opened before), then reads with `open` as readEvents' synchronous lookup. A value
 * the lookup was not prepared for (a rival value readEvents asks Automerge for when a winner is
 * junk) is noted as missed; the session opens the missed ones and reads again.
 *
 * Opened values are remembered by map key and stored bytes, so a change costs one decryption per
 * new value, not one per entry. Across reloads the session keeps them with its verification cache
 * (storage/openedEntries.ts): `remember` takes them back before the first read, and `takeOpened`
 * hands over what was opened since, to be kept. Only values that opened and then decoded under
 * their key are kept (so a reload may skip hashing them again, readEvents `decodedBefore`); one
 * that did not, or whose key this device lacked, is tried again next time.
 *
 * The opener also applies the rule on epochs no rotation introduced (epochJunk.ts).
 */
import type { EventId } from "../../core/events/types.ts";
import { NOT_OPENED_YET } from "../readEvents.ts";
import { bytesEqual, isMap } from "../schema/docValues.ts";
import { entryKey } from "../schema/entryKey.ts";
import { packEntry } from "../schema/poolDoc.ts";
import type { OpenedEntry } from "../storage/openedEntries.ts";
import type { EventToWrite } from "../writeEvents.ts";
import { type EntryCrypto, type NotOpened, openEntry } from "./entryCrypto.ts";
import { epochOfValue } from "./epochJunk.ts";

/** Decryptions run this many at a time: WebCrypto queues them, and a bounded batch keeps memory flat. */
const BATCH = 256;

interface Opened {
  value: Uint8Array;
  plain: Uint8Array | NotOpened;
  /**
   * The plaintext is known to decode under its key (its body hashes to the key's id): it was
   * kept after decoding, or this device sealed it. Only such values are kept across reloads.
   */
  decoded?: true;
}

export class EntryOpener {
  /** Every value opened, by map key (rivals under one key are few: readEvents caps them). */
  #opened = new Map<string, Opened[]>();
  #missed: { key: string; value: unknown }[] = [];
  /** Values opened here and not yet handed to `takeOpened`. */
  #fresh: OpenedEntry[] = [];
  /**
   * Values of an epoch after this one whose key this device lacks are junk (epochJunk.ts); none
   * is while undefined. The session sets it after each read, and reads again when that changes a
   * verdict, so a read made with a stale value is never the one that sheds.
   */
  #junkAfter: number | undefined;

  constructor(readonly crypto: EntryCrypto) {
    const newest = crypto.ring.current().epoch;
    this.#junkAfter = crypto.ring.isLent(newest) ? undefined : newest;
  }

  /** Sets the epoch after which values are junk; true when a value held changes verdict (then read again). */
  judgeEpochsAfter(epoch: number | undefined): boolean {
    const before = this.#junkAfter;
    if (epoch === before) return false;
    this.#junkAfter = epoch;
    const junkUnder = (after: number | undefined, e: number) => after !== undefined && e > after;
    for (const list of this.#opened.values())
      for (const o of list) {
        if (o.plain instanceof Uint8Array || o.plain.reason !== "key-missing") continue;
        const e = epochOfValue(o.value);
        if (e !== undefined && junkUnder(before, e) !== junkUnder(epoch, e)) return true;
      }
    return false;
  }

  /**
   * Values this device opened before (kept by the session with its caches): a stored value equal
   * byte for byte is not decrypted again; any other value under the same key is.
   */
  remember(entries: readonly OpenedEntry[]): void {
    for (const e of entries) {
      const list = this.#opened.get(e.key) ?? [];
      const held = list.find((o) => bytesEqual(o.value, e.value));
      if (held === undefined) list.push({ value: e.value, plain: e.plain, decoded: true });
      else if (held.plain instanceof Uint8Array && bytesEqual(held.plain, e.plain)) held.decoded = true;
      this.#opened.set(e.key, list);
    }
  }

  /** Values this device sealed and wrote itself: their plaintext is known, so they are never decrypted. */
  sealedHere(events: readonly EventToWrite[], values: ReadonlyMap<EventId, Uint8Array>): void {
    const entries: OpenedEntry[] = [];
    for (const e of events) {
      const value = values.get(e.id);
      if (value !== undefined) entries.push({ key: entryKey(e.id, e.at), value, plain: packEntry(e) });
    }
    this.remember(entries);
    this.#fresh.push(...entries);
  }

  /**
   * The values opened since the last call that decoded (`decodedOk`, asked after the read), to be
   * kept across reloads; those that did not are junk and are not kept.
   */
  takeOpened(decodedOk: (key: string, value: Uint8Array) => boolean): OpenedEntry[] {
    const kept = this.#fresh.filter((e) => this.#isDecoded(e.key, e.value) || decodedOk(e.key, e.value));
    this.#fresh = [];
    this.remember(kept);
    return kept;
  }

  /** readEvents' `decodedBefore`: the plaintext of this stored value decoded on this device before. */
  readonly decodedBefore = (key: string, value: Uint8Array): boolean => this.#isDecoded(key, value);

  #isDecoded(key: string, value: Uint8Array): boolean {
    return this.#opened.get(key)?.find((o) => bytesEqual(o.value, value))?.decoded === true;
  }

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
    if (found !== undefined) return this.#judged(found.plain, value);
    this.#missed.push({ key, value });
    return { reason: "not-decryptable", detail: NOT_OPENED_YET };
  };

  /** A value whose key this device lacks is junk when its epoch comes after `#junkAfter`. */
  #judged(plain: Uint8Array | NotOpened, value: Uint8Array): Uint8Array | NotOpened {
    if (plain instanceof Uint8Array || plain.reason !== "key-missing" || this.#junkAfter === undefined) return plain;
    const epoch = epochOfValue(value);
    if (epoch === undefined || epoch <= this.#junkAfter) return plain;
    return { reason: "not-decryptable", detail: `epoch ${epoch}: no rotation this device can read introduced it` };
  }

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
        const plain = plains[j] as Uint8Array | NotOpened;
        const list = this.#opened.get(t.key) ?? [];
        list.push({ value: t.value, plain });
        this.#opened.set(t.key, list);
        if (plain instanceof Uint8Array) this.#fresh.push({ key: t.key, value: t.value, plain });
      });
    }
  }
}
