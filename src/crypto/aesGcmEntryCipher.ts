/**
 * Entries sealed with AES-256-GCM through WebCrypto (rules §9): in every browser Pools supports
 * and in Node, audited, and able to keep the pool key non-extractable. Nonces are 96 random bits
 * per entry; a pool key seals far fewer than the 2^32 entries where random nonces start to risk
 * repeating, and a rotation starts a new key.
 */

import type { EntryCipher, PoolKey } from "../core/encryption/cipherPorts.ts";
import { NONCE_BYTES } from "../core/encryption/envelope.ts";

const subtle = globalThis.crypto.subtle;

/** Makes a WebCrypto key from a pool key's 32 bytes; `extractable` only for the key backup path. */
export async function importPoolKey(epoch: number, raw: Uint8Array, extractable = false): Promise<PoolKey> {
  if (raw.length !== 32) throw new Error(`a pool key is 32 bytes, got ${raw.length}`);
  const key = await subtle.importKey("raw", raw as BufferSource, { name: "AES-GCM" }, extractable, [
    "encrypt",
    "decrypt",
  ]);
  return { epoch, key };
}

export function newPoolKeyBytes(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

export const aesGcmEntryCipher: EntryCipher = {
  async seal(poolKey, plaintext, associatedData) {
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
    const ct = await subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: associatedData as BufferSource },
      poolKey.key as CryptoKey,
      plaintext as BufferSource,
    );
    const out = new Uint8Array(NONCE_BYTES + ct.byteLength);
    out.set(iv);
    out.set(new Uint8Array(ct), NONCE_BYTES);
    return out;
  },
  async open(poolKey, sealed, associatedData) {
    if (sealed.length < NONCE_BYTES + 16) return undefined;
    try {
      const pt = await subtle.decrypt(
        {
          name: "AES-GCM",
          iv: sealed.subarray(0, NONCE_BYTES) as BufferSource,
          additionalData: associatedData as BufferSource,
        },
        poolKey.key as CryptoKey,
        sealed.subarray(NONCE_BYTES) as BufferSource,
      );
      return new Uint8Array(pt);
    } catch (err) {
      // WebCrypto reports a failed tag check as OperationError; that is "does not open", not a bug.
      if ((err as Error).name === "OperationError") return undefined;
      throw err;
    }
  },
};
