/**
 * Key pairs and signing on this device. The secret key is the 32-byte RFC 8032 seed: it is
 * what a key backup holds, and both backends accept it.
 *
 * Ed25519 signatures are deterministic, so WebCrypto and noble produce identical bytes; the
 * signer uses WebCrypto when it can (about 0.1 ms against noble's 0.65 ms in Node 20) and
 * falls back to noble when the platform cannot import an Ed25519 key.
 */
import * as ed25519 from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";

// The synchronous API needs SHA-512 given to it; it is the one we already ship.
ed25519.hashes.sha512 = sha512;

import type { Signer } from "../core/identity/cryptoPorts.ts";

export interface KeyPair {
  publicKey: Uint8Array;
  /** 32-byte seed; never leaves the device except as a backup the person asks for. */
  secretKey: Uint8Array;
}

/** A fresh key pair from the platform's CSPRNG (crypto.getRandomValues, via noble). */
export function generateKeyPair(): KeyPair {
  const secretKey = ed25519.utils.randomSecretKey();
  return { publicKey: ed25519.getPublicKey(secretKey), secretKey };
}

/** PKCS#8 wrapping of an Ed25519 seed (RFC 8410): a fixed 16-byte header, then the seed. */
const PKCS8_ED25519_HEADER = [
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

async function importWebCryptoSigningKey(
  secretKey: Uint8Array,
  subtle: SubtleCrypto | undefined,
): Promise<CryptoKey | undefined> {
  if (subtle === undefined) return undefined;
  try {
    const pkcs8 = new Uint8Array([...PKCS8_ED25519_HEADER, ...secretKey]);
    return await subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
  } catch {
    return undefined; // no Ed25519 in this WebCrypto: noble signs instead
  }
}

export function signerFromSecretKey(
  secretKey: Uint8Array,
  subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle,
): Signer {
  if (secretKey.length !== 32) throw new RangeError(`an Ed25519 secret seed is 32 bytes, got ${secretKey.length}`);
  const seed = secretKey.slice(); // later changes to the caller's array must not change who signs
  const publicKey = ed25519.getPublicKey(seed);
  let webKey: Promise<CryptoKey | undefined> | undefined;
  return {
    publicKey,
    async sign(message) {
      webKey ??= importWebCryptoSigningKey(seed, subtle);
      const key = await webKey;
      if (key === undefined) return ed25519.sign(message, seed);
      return new Uint8Array(await subtle!.sign({ name: "Ed25519" }, key, message as Uint8Array<ArrayBuffer>));
    },
  };
}
