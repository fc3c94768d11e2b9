/**
 * Ed25519 verification with @noble/ed25519's point arithmetic, for platforms without WebCrypto
 * Ed25519. noble's own `verify` checks the cofactored equation [8][S]B = [8]R + [8][k]A, which
 * accepts signatures Pools' rule refuses (speccheck cases 4 and 5), so the decision here is the
 * cofactorless RFC 8032 equation [S]B = R + [k]A, after the core's encoding check.
 * (@noble/ed25519 is the same author's audited 5 kB build of just this curve: the app ships it
 * instead of @noble/curves, which is four times larger.)
 */
import { Point } from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { concatBytes } from "@noble/hashes/utils.js";
import type { SignatureVerifier } from "../core/identity/cryptoPorts.ts";
import { checkSignatureEncoding } from "../core/identity/signatureRule.ts";

const L = Point.CURVE().n;

/** A little-endian byte string as a number (RFC 8032 encodes scalars little-endian). */
function bytesToNumberLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/**
 * The bare cofactorless equation, with noble's strict (RFC 8032) decoding and no small-order
 * check: exported so tests can show which cases the equation alone would let through.
 */
export function cofactorlessEquationHolds(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const rBytes = signature.subarray(0, 32);
  const s = bytesToNumberLE(signature.subarray(32));
  if (s >= L) return false;
  let a: Point;
  let r: Point;
  try {
    a = Point.fromBytes(publicKey);
    r = Point.fromBytes(rBytes);
  } catch {
    return false; // not a canonical encoding of a curve point
  }
  // k is hashed over the exact bytes, as the signer did: R || A || M.
  const k = bytesToNumberLE(sha512(concatBytes(rBytes, publicKey, message))) % L;
  return Point.BASE.multiplyUnsafe(s).equals(r.add(a.multiplyUnsafe(k)));
}

export const nobleVerifier: SignatureVerifier = {
  name: "noble-cofactorless",
  async verify(publicKey, message, signature) {
    if (!checkSignatureEncoding(publicKey, signature).ok) return false;
    return cofactorlessEquationHolds(publicKey, message, signature);
  },
  async verifyEquation(publicKey, message, signature) {
    return cofactorlessEquationHolds(publicKey, message, signature);
  },
};
