/**
 * Which (event, signature) pairs this device has already verified, per pool. Verifying is the
 * slow part of opening a pool (docs/rules.md §8), so each pair is checked once per device.
 *
 * The key is the id *and* the signature: the id binds the bytes, not the signature, and a
 * document can hold a good event with a forged signature next to it. Caching by id alone would
 * let this device count such an entry as valid while a new device refuses it, and no device
 * would notice that it needs healing.
 */
import { toBase64url } from "../../core/encoding/base64url.ts";
import type { OpenedEntry } from "./openedEntries.ts";

export interface VerifiedIdCache {
  /** Every key cached for the pool. */
  load(poolId: string): Promise<ReadonlySet<string>>;
  has(poolId: string, key: string): Promise<boolean>;
  addMany(poolId: string, keys: readonly string[]): Promise<void>;
  /** What else this device remembers about the pool's entries (junk, arrival times). */
  loadNotes(poolId: string): Promise<CacheNotes>;
  /** Adds junk marks; an arrival time already noted for an id is kept (the first one wins). */
  addNotes(poolId: string, notes: Partial<CacheNotes>): Promise<void>;
  /** What this device opened of an encrypted pool (openedEntries.ts), one entry per map key. */
  loadOpened(poolId: string): Promise<OpenedEntry[]>;
  /** Keeps opened entries; an entry replaces the one kept before under its map key. */
  addOpened(poolId: string, entries: readonly OpenedEntry[]): Promise<void>;
}

/**
 * Kept beside the verified keys, for the same reason (never judge the same bytes twice) and with
 * the same lifetime:
 * - `junk`: entries shed as junk (rules §3.7), as `junkMark`s, so that they are never checked again;
 * - `arrivals`: when this device first held each event (rules §3.6), so that "arrived after the
 *   close" survives a reload.
 */
export interface CacheNotes {
  junk: readonly string[];
  arrivals: ReadonlyMap<string, number>;
}

/**
 * A junk entry as remembered: its map key and the hash of its stored value, plus, for a stranger's
 * well-formed event, its author (so the mark is dropped if that author is ever shown to be a
 * member after all). Neither part can contain `#`.
 */
export function junkMark(key: string, valueHash: string, author?: string): string {
  return author === undefined ? `${key}#${valueHash}` : `${key}#${valueHash}#${author}`;
}

export function parseJunkMark(mark: string): { key: string; valueHash: string; author?: string } | undefined {
  const [key, valueHash, author, extra] = mark.split("#");
  if (key === undefined || valueHash === undefined || extra !== undefined) return undefined;
  return author === undefined ? { key, valueHash } : { key, valueHash, author };
}

/** Keeps the earliest time per id. */
export function mergeArrivals(into: Map<string, number>, from: Iterable<readonly [string, number]>): void {
  for (const [id, at] of from) {
    const known = into.get(id);
    if (known === undefined || at < known) into.set(id, at);
  }
}

export function verificationKey(id: string, sig: Uint8Array): string {
  return `${id}.${toBase64url(sig)}`;
}

/** The event id a verification key was made from. */
export function idOfVerificationKey(key: string): string {
  const dot = key.indexOf(".");
  return dot < 0 ? key : key.slice(0, dot);
}

/** Keeps nothing across reloads: for Node and for tests. */
export class MemoryVerifiedIdCache implements VerifiedIdCache {
  readonly #pools = new Map<string, Set<string>>();
  readonly #notes = new Map<string, { junk: Set<string>; arrivals: Map<string, number> }>();
  readonly #opened = new Map<string, Map<string, OpenedEntry>>();

  #pool(poolId: string): Set<string> {
    let set = this.#pools.get(poolId);
    if (set === undefined) {
      set = new Set();
      this.#pools.set(poolId, set);
    }
    return set;
  }

  async load(poolId: string): Promise<ReadonlySet<string>> {
    return new Set(this.#pool(poolId));
  }

  async has(poolId: string, key: string): Promise<boolean> {
    return this.#pool(poolId).has(key);
  }

  async addMany(poolId: string, keys: readonly string[]): Promise<void> {
    const set = this.#pool(poolId);
    for (const k of keys) set.add(k);
  }

  async loadNotes(poolId: string): Promise<CacheNotes> {
    const notes = this.#notes.get(poolId);
    return { junk: [...(notes?.junk ?? [])], arrivals: new Map(notes?.arrivals ?? []) };
  }

  async addNotes(poolId: string, notes: Partial<CacheNotes>): Promise<void> {
    let kept = this.#notes.get(poolId);
    if (kept === undefined) {
      kept = { junk: new Set(), arrivals: new Map() };
      this.#notes.set(poolId, kept);
    }
    for (const j of notes.junk ?? []) kept.junk.add(j);
    mergeArrivals(kept.arrivals, notes.arrivals ?? []);
  }

  async loadOpened(poolId: string): Promise<OpenedEntry[]> {
    return [...(this.#opened.get(poolId)?.values() ?? [])];
  }

  async addOpened(poolId: string, entries: readonly OpenedEntry[]): Promise<void> {
    // Copies, as IndexedDB keeps them: a caller's later change to its arrays changes nothing here.
    let kept = this.#opened.get(poolId);
    if (kept === undefined) {
      kept = new Map();
      this.#opened.set(poolId, kept);
    }
    for (const e of entries) kept.set(e.key, { key: e.key, value: e.value.slice(), plain: e.plain.slice() });
  }
}
