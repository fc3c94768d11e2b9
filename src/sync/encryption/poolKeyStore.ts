/**
 * Where a device keeps its pools' keys (rules §9), one per pool and epoch.
 *
 * A pool key is used through a non-extractable WebCrypto key, so script that runs later cannot
 * read it out of the key object. Its raw bytes are needed in two places only: the invite link a
 * member makes (the key travels in the fragment) and the key backup. They are stored wrapped
 * (AES-256-GCM) under a non-extractable device key that never leaves this store, so the raw
 * bytes never lie in storage in the clear; `rawKeyOf` unwraps them for a link or a backup.
 */
import type { PoolKey } from "../../core/encryption/cipherPorts.ts";
import type { EventId } from "../../core/events/types.ts";
import { importPoolKey } from "../../crypto/aesGcmEntryCipher.ts";

export interface PoolKeyStore {
  /** Every key this device holds for the pool, as non-extractable keys. */
  keysOf(poolId: EventId): Promise<PoolKey[]>;
  /** A key's raw bytes, for an invite link or the key backup. */
  rawKeyOf(poolId: EventId, epoch: number): Promise<Uint8Array | undefined>;
  /**
   * Keeps a key. An epoch's key never changes, so a key held for that epoch stays: one that came
   * with a link, a file or a backup is only a member's word, and a wrong one would make this
   * device read its pool as junk (tests/sync/encryption/hostileLinkKeys.test.ts). `replace` is
   * for keys this device has proof of: one it made, one a counted rotation sealed to it, or the
   * winning move's (a pool moved twice at once has two epoch-0 keys, and the first move wins).
   */
  saveKey(poolId: EventId, epoch: number, raw: Uint8Array, options?: { replace?: boolean }): Promise<void>;
}

/** One stored key: the usable key and its wrapped bytes. */
export interface PoolKeyRecord {
  poolId: EventId;
  epoch: number;
  key: CryptoKey;
  wrapped: Uint8Array;
}

/** What a backend keeps: the device's wrapping key and the records. IndexedDB stores CryptoKeys as they are. */
export interface PoolKeyRecords {
  wrappingKey(): Promise<CryptoKey | undefined>;
  saveWrappingKey(key: CryptoKey): Promise<void>;
  list(poolId: EventId): Promise<PoolKeyRecord[]>;
  put(record: PoolKeyRecord): Promise<void>;
}

const subtle = globalThis.crypto.subtle;
const IV_BYTES = 12;
const encoder = new TextEncoder();
const wrapContext = (poolId: EventId, epoch: number) => encoder.encode(`pools-key-wrap:${poolId}:${epoch}`);

export class PoolKeyVault implements PoolKeyStore {
  #wrapping: Promise<CryptoKey> | undefined;

  constructor(private readonly records: PoolKeyRecords) {}

  async keysOf(poolId: EventId): Promise<PoolKey[]> {
    return (await this.records.list(poolId)).map((r) => ({ epoch: r.epoch, key: r.key }));
  }

  async rawKeyOf(poolId: EventId, epoch: number): Promise<Uint8Array | undefined> {
    const record = (await this.records.list(poolId)).find((r) => r.epoch === epoch);
    if (record === undefined) return undefined;
    const iv = record.wrapped.subarray(0, IV_BYTES);
    const raw = await subtle.decrypt(
      { name: "AES-GCM", iv: iv as BufferSource, additionalData: wrapContext(poolId, epoch) },
      await this.#wrappingKey(),
      record.wrapped.subarray(IV_BYTES) as BufferSource,
    );
    return new Uint8Array(raw);
  }

  async saveKey(poolId: EventId, epoch: number, raw: Uint8Array, options: { replace?: boolean } = {}): Promise<void> {
    if (options.replace !== true && (await this.records.list(poolId)).some((r) => r.epoch === epoch)) return;
    const { key } = await importPoolKey(epoch, raw);
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = await subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: wrapContext(poolId, epoch) },
      await this.#wrappingKey(),
      raw as BufferSource,
    );
    const wrapped = new Uint8Array(IV_BYTES + sealed.byteLength);
    wrapped.set(iv);
    wrapped.set(new Uint8Array(sealed), IV_BYTES);
    await this.records.put({ poolId, epoch, key: key as CryptoKey, wrapped });
  }

  #wrappingKey(): Promise<CryptoKey> {
    this.#wrapping ??= (async () => {
      const held = await this.records.wrappingKey();
      if (held !== undefined) return held;
      const made = await subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
      await this.records.saveWrappingKey(made);
      // Another tab may have saved its own first: use whichever the store kept.
      return (await this.records.wrappingKey()) ?? made;
    })();
    return this.#wrapping;
  }
}

/** Keeps nothing across reloads: for Node and tests. */
export class MemoryPoolKeyRecords implements PoolKeyRecords {
  #wrapping: CryptoKey | undefined;
  readonly #records = new Map<string, PoolKeyRecord>();

  async wrappingKey() {
    return this.#wrapping;
  }
  async saveWrappingKey(key: CryptoKey) {
    this.#wrapping = key;
  }
  async list(poolId: EventId) {
    return [...this.#records.values()].filter((r) => r.poolId === poolId);
  }
  async put(record: PoolKeyRecord) {
    this.#records.set(`${record.poolId} ${record.epoch}`, record);
  }
}

export const memoryPoolKeyStore = (): PoolKeyStore => new PoolKeyVault(new MemoryPoolKeyRecords());
