/**
 * Ed25519 verification with @noble/curves' point arithmetic, for platforms without WebCrypto
 * Ed25519. noble's own `verify` checks the cofactored equation [8][S]B = [8]R + [8][k]A, which
 * accepts signatures Pools' rule refuses (speccheck cases 4 and 5), so the decision here is the
 * cofactorless RFC 8032 equation [S]B = R + [k]A, after the core's encoding check.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { bytesToNumberLE } from "@noble/curves/utils.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { concatBytes } from "@noble/hashes/utils.js";
import type { SignatureVerifier } from "../core/identity/cryptoPorts.ts";
import { checkSignatureEncoding } from "../core/identity/signatureRule.ts";

const Point = ed25519.Point;
const L = Point.Fn.ORDER;

/**
 * The bare cofactorless equation, with noble's strict (RFC 8032) decoding and no small-order
 * check: exported so tests can show which cases the equation alone would let through.
 */
export function cofactorlessEquationHolds(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const rBytes = signature.subarray(0, 32);
  const s = bytesToNumberLE(signature.subarray(32));
  if (s >= L) return false;
  let a: InstanceType<typeof Point>;
  let r: InstanceType<typeof Point>;
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
};
