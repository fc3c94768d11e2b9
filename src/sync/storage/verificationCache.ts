/**
 * Which (event, signature) pairs this device has already verified, per pool. Verifying is the
 * slow part of opening a pool (DESIGN.md §8), so each pair is checked once per device.
 *
 * The key is the id *and* the signature: the id binds the bytes, not the signature, and a
 * document can hold a good event with a forged signature next to it. Caching by id alone would
 * let this device count such an entry as valid while a new device refuses it, and no device
 * would notice that it needs healing.
 */
import { toBase64url } from "../../core/encoding/base64url.ts";

export interface VerifiedIdCache {
  /** Every key cached for the pool. */
  load(poolId: string): Promise<ReadonlySet<string>>;
  has(poolId: string, key: string): Promise<boolean>;
  addMany(poolId: string, keys: readonly string[]): Promise<void>;
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
}
