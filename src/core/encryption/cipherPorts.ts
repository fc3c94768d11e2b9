/**
 * How encryption enters the core (rules §9), like the signature verifier: the core defines what is
 * sealed and how it is laid out; `src/crypto` supplies audited implementations (WebCrypto
 * AES-256-GCM for entries, HPKE X25519 for sealing pool keys to members).
 */

/**
 * A pool key of one epoch. `key` is whatever the implementation holds: a non-extractable
 * WebCrypto key in browsers, so script that runs later cannot read it out.
 */
export interface PoolKey {
  readonly epoch: number;
  readonly key: unknown;
}

/** Authenticated encryption of entries under a pool key. */
export interface EntryCipher {
  /** Seals with a fresh random nonce; returns nonce ‖ ciphertext ‖ tag. */
  seal(key: PoolKey, plaintext: Uint8Array, associatedData: Uint8Array): Promise<Uint8Array>;
  /** The plaintext, or undefined when the bytes, the key or the associated data do not match. */
  open(key: PoolKey, sealed: Uint8Array, associatedData: Uint8Array): Promise<Uint8Array | undefined>;
}

/**
 * Sealing a secret (a pool key's bytes) to one member's X25519 public key, which their join
 * published. Only the holder of the private key opens it.
 */
export interface KeySealer {
  seal(recipientPublicKey: Uint8Array, secret: Uint8Array, context: Uint8Array): Promise<Uint8Array>;
  open(recipientKeyPair: unknown, sealed: Uint8Array, context: Uint8Array): Promise<Uint8Array | undefined>;
}
