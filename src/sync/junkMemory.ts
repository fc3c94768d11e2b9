/**
 * The junk this device shed from a pool's document (rules §3.7), by (map key, hash of value):
 * a remembered value is skipped on sight, never decoded or verified again, however often a
 * stranger writes it back. Kept with the verification cache so it survives a reload.
 *
 * A stranger's mark names its author: if that author is ever shown to be a member after all (a
 * join that reached this device late), the mark is forgotten and the event judged again. A mark
 * of a value shed for its epoch names that epoch (encryption/epochJunk.ts), and is forgotten once
 * the epoch is no longer junk to this device.
 */
import type { MemberId } from "../core/events/types.ts";
import { epochOfMarkTag } from "./encryption/epochJunk.ts";
import { parseJunkMark } from "./storage/verificationCache.ts";

export class JunkMemory {
  readonly #marks = new Map<string, { key: string; valueHash: string; author?: string }>();
  readonly #byKey = new Map<string, Set<string>>();
  readonly #byAuthor = new Map<MemberId, string[]>();

  /** Map key → hashes of junk values under it, for `readEvents`. */
  get byKey(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.#byKey;
  }

  /** How many junk entries this device has shed from the pool. */
  get size(): number {
    return this.#marks.size;
  }

  /** Adds marks; returns those that were new. Marks that do not parse are ignored (they came from storage). */
  add(marks: Iterable<string>): string[] {
    const added: string[] = [];
    for (const mark of marks) {
      if (this.#marks.has(mark)) continue;
      const parsed = parseJunkMark(mark);
      if (parsed === undefined) continue;
      this.#marks.set(mark, parsed);
      let hashes = this.#byKey.get(parsed.key);
      if (hashes === undefined) {
        hashes = new Set();
        this.#byKey.set(parsed.key, hashes);
      }
      hashes.add(parsed.valueHash);
      if (parsed.author !== undefined) {
        const list = this.#byAuthor.get(parsed.author);
        if (list === undefined) this.#byAuthor.set(parsed.author, [mark]);
        else list.push(mark);
      }
      added.push(mark);
    }
    return added;
  }

  /** Forgets the marks of values shed for an epoch that `stillJunk` no longer calls junk; true if any was. */
  forgetEpochs(stillJunk: (epoch: number) => boolean): boolean {
    const gone = new Set<string>();
    for (const tag of this.#byAuthor.keys()) {
      const epoch = epochOfMarkTag(tag);
      if (epoch !== undefined && !stillJunk(epoch)) gone.add(tag);
    }
    return gone.size > 0 && this.forgetAuthors(gone);
  }

  /** Forgets strangers' marks whose author is now an author of the pool; true if any was. */
  forgetAuthors(authors: ReadonlySet<MemberId | string>): boolean {
    let forgot = false;
    for (const author of authors) {
      for (const mark of this.#byAuthor.get(author) ?? []) {
        const m = this.#marks.get(mark);
        if (m === undefined) continue;
        this.#marks.delete(mark);
        this.#byKey.get(m.key)?.delete(m.valueHash);
        forgot = true;
      }
      this.#byAuthor.delete(author);
    }
    return forgot;
  }
}
