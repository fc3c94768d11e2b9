/**
 * Sealing a pool key to a member (rules §9) with HPKE (RFC 9180): DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-256-GCM, base mode, through @hpke/core. The sealed form is `enc ‖ ciphertext`
 * (enc is the 32-byte ephemeral public key). `context` goes in as HPKE's `info`, binding the
 * sealed key to its pool and epoch so it cannot be replayed into another.
 */
import { Aes256Gcm, CipherSuite, HkdfSha256 } from "@hpke/core";
import { DhkemX25519HkdfSha256 } from "@hpke/dhkem-x25519";
import type { KeySealer } from "../core/encryption/cipherPorts.ts";

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
const ENC_BYTES = 32;

/** A member's key-delivery key pair; the public half (32 bytes) goes in their join. */
export interface DeliveryKeyPair {
  publicKey: Uint8Array;
  keyPair: CryptoKeyPair;
}

export async function newDeliveryKeyPair(): Promise<DeliveryKeyPair> {
  const keyPair = await suite.kem.generateKeyPair();
  return { keyPair, publicKey: new Uint8Array(await suite.kem.serializePublicKey(keyPair.publicKey)) };
}

/** Rebuilds a delivery key pair from its 32-byte seed (the key backup keeps the seed). */
export async function deliveryKeyPairFromSeed(seed: Uint8Array): Promise<DeliveryKeyPair> {
  const keyPair = await suite.kem.deriveKeyPair(seed as BufferSource);
  return { keyPair, publicKey: new Uint8Array(await suite.kem.serializePublicKey(keyPair.publicKey)) };
}

const DELIVERY_LABEL = new TextEncoder().encode("pools-delivery-key-v1:");

/**
 * A person's delivery key pair, derived from their Ed25519 seed: every device holding the
 * identity (a restored key backup included) opens the pool keys sealed to it, with no second
 * secret to back up. The derivation is one-way, so the delivery key reveals nothing of the seed.
 */
export async function personDeliveryKeyPair(secretKey: Uint8Array): Promise<DeliveryKeyPair> {
  const input = new Uint8Array(DELIVERY_LABEL.length + secretKey.length);
  input.set(DELIVERY_LABEL);
  input.set(secretKey, DELIVERY_LABEL.length);
  return deliveryKeyPairFromSeed(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", input)));
}

export const hpkeKeySealer: KeySealer = {
  async seal(recipientPublicKey, secret, context) {
    const recipient = await suite.kem.deserializePublicKey(recipientPublicKey as BufferSource);
    const { ct: ciphertext, enc } = await suite.seal(
      { recipientPublicKey: recipient, info: context as BufferSource },
      secret as BufferSource,
    );
    const out = new Uint8Array(enc.byteLength + ciphertext.byteLength);
    out.set(new Uint8Array(enc));
    out.set(new Uint8Array(ciphertext), enc.byteLength);
    return out;
  },
  async open(recipientKeyPair, sealed, context) {
    if (sealed.length <= ENC_BYTES) return undefined;
    try {
      const pt = await suite.open(
        {
          recipientKey: (recipientKeyPair as DeliveryKeyPair).keyPair,
          enc: sealed.slice(0, ENC_BYTES) as BufferSource,
          info: context as BufferSource,
        },
        sealed.slice(ENC_BYTES) as BufferSource,
      );
      return new Uint8Array(pt);
    } catch (err) {
      // @hpke reports a failed open as OpenError (and a bad enc as DeserializeError/DecapError).
      if (/OpenError|DecapError|DeserializeError/.test((err as Error).name)) return undefined;
      throw err;
    }
  },
};
