/**
 * The only ways crypto enters the pure core. Implementations live in `src/crypto/`
 * (WebCrypto where it exists, @noble elsewhere); tests may inject deterministic ones.
 */

/** SHA-256, synchronous so that ids can be computed inside a pure fold. */
export type Sha256 = (bytes: Uint8Array) => Uint8Array;

/**
 * Ed25519 verification under Pools' one signature rule (docs/rules.md §3): canonical encodings,
 * no small-order A or R, cofactorless equation [S]B = R + [k]A. Every backend must agree on
 * the shared vectors in tests/crypto.
 */
export interface SignatureVerifier {
  readonly name: string;
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /**
   * The backend's half of the rule alone: the cofactorless equation, without the encoding
   * check. Only for callers that have just run the encoding check on these exact bytes (the
   * core's verifyEvents does), so that it does not run twice per signature. Optional: a
   * verifier without it is called through `verify`.
   */
  verifyEquation?(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** Signs with one secret key that never leaves the device. */
export interface Signer {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}
