/**
 * Sealing and opening one stored entry of an encrypted pool (rules §9): the value under a map key
 * is `encodeEnvelope(epoch, AEAD(poolKey_epoch, compact(signature ‖ body), associated data = map key))`
 * (compactEntry.ts: ids as raw bytes, the pool id as one byte).
 * Everything in sync below this line (ids, signatures, healing, junk) works on the opened bytes;
 * a value that does not open is junk, refused as `not-decryptable`.
 */
import type { EntryCipher, PoolKey } from "../../core/encryption/cipherPorts.ts";
import { decodeEnvelope, encodeEnvelope, entryAssociatedData } from "../../core/encryption/envelope.ts";
import { compactEntry, expandEntry } from "./compactEntry.ts";

/** What a session of an encrypted pool holds: the cipher and the pool's keys by epoch. */
export interface EntryCrypto {
  /** The pool's id: entries are compacted against it before sealing (compactEntry.ts). */
  poolId: string;
  cipher: EntryCipher;
  ring: PoolKeyRing;
}

/**
 * The keys of one pool, by epoch. New values are sealed under the newest epoch that counts: once
 * the session has derived the pool (`settle`), a key held for a later epoch (a link's or a file's
 * word, for an epoch no rotation started) is never sealed under nor handed on.
 */
export class PoolKeyRing {
  readonly #byEpoch = new Map<number, PoolKey>();
  /** Epochs whose key was lent by someone else's say-so (a flood's entry), not this pool's own delivery. */
  readonly #lent = new Set<number>();
  /** The pool's newest epoch that counts, once derived. */
  #counted: number | undefined;

  constructor(keys: Iterable<PoolKey> = []) {
    for (const k of keys) this.add(k);
  }

  add(key: PoolKey): void {
    this.#byEpoch.set(key.epoch, key);
    this.#lent.delete(key.epoch);
  }

  /**
   * A key a flood lends (rules §9): a member of the pool vouched for it, nobody checked it. An
   * entry it does not open is not judged junk for that (openEntry).
   */
  lend(key: PoolKey): void {
    this.#byEpoch.set(key.epoch, key);
    this.#lent.add(key.epoch);
  }

  isLent(epoch: number): boolean {
    return this.#lent.has(epoch);
  }

  get(epoch: number): PoolKey | undefined {
    return this.#byEpoch.get(epoch);
  }

  get size(): number {
    return this.#byEpoch.size;
  }

  /** The pool's newest epoch that counts (its derived `keys.epoch`). */
  settle(epoch: number): void {
    this.#counted = epoch;
  }

  /**
   * The newest key, up to the epoch that counts once known; throws when the ring is empty (a
   * session never encrypts without a key).
   */
  current(): PoolKey {
    let best: PoolKey | undefined;
    let newest: PoolKey | undefined;
    for (const k of this.#byEpoch.values()) {
      if (newest === undefined || k.epoch > newest.epoch) newest = k;
      if (this.#counted !== undefined && k.epoch > this.#counted) continue;
      if (best === undefined || k.epoch > best.epoch) best = k;
    }
    const key = best ?? newest;
    if (key === undefined) throw new Error("PoolKeyRing.current: no pool key");
    return key;
  }
}

/** Seals a packed entry (signature ‖ body) for its map key under the newest epoch. */
export async function sealEntry(
  crypto: EntryCrypto,
  mapKey: string,
  packed: Uint8Array,
  /** Seal under this epoch's key instead of the newest (a flood's rotation: sealEvents.ts). */
  epoch?: number,
): Promise<Uint8Array> {
  const key = (epoch === undefined ? undefined : crypto.ring.get(epoch)) ?? crypto.ring.current();
  const plain = compactEntry(packed, crypto.poolId);
  return encodeEnvelope(key.epoch, await crypto.cipher.seal(key, plain, entryAssociatedData(mapKey)));
}

/**
 * Why a stored value gave no entry: `not-decryptable` is junk (it does not open under a key this
 * device holds); `key-missing` is an entry of an epoch whose key this device does not hold (yet):
 * it may be perfectly valid, so it must never be shed as junk.
 */
export interface NotOpened {
  reason: "not-decryptable" | "key-missing";
  detail: string;
}

const junk = (detail: string): NotOpened => ({ reason: "not-decryptable", detail });

/** The packed entry inside a stored value, or why it does not open. */
export async function openEntry(crypto: EntryCrypto, mapKey: string, value: unknown): Promise<Uint8Array | NotOpened> {
  if (!(value instanceof Uint8Array)) return junk("entry is not bytes");
  const envelope = decodeEnvelope(value);
  if (!envelope.ok) return junk(envelope.detail ?? "not an envelope");
  const key = crypto.ring.get(envelope.value.epoch);
  if (key === undefined) return { reason: "key-missing", detail: `no key for epoch ${envelope.value.epoch}` };
  const plain = await crypto.cipher.open(key, envelope.value.sealed, entryAssociatedData(mapKey));
  if (plain === undefined) {
    // A lent key that does not open an entry may be the wrong key: the entry is kept, never shed.
    if (crypto.ring.isLent(envelope.value.epoch))
      return { reason: "key-missing", detail: `does not open under the key lent for epoch ${envelope.value.epoch}` };
    return junk("does not open under this pool's key");
  }
  const expanded = expandEntry(plain, crypto.poolId);
  return typeof expanded === "string" ? junk(expanded) : expanded;
}
