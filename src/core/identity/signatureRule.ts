/**
 * The encoding half of Pools' one signature rule (docs/rules.md §3), checked by the core in front
 * of every Ed25519 backend so that all devices accept exactly the same signatures:
 *  - S is below the group order L (no malleable second S);
 *  - A (public key) and R are canonical point encodings: y < p, y decompresses to a curve
 *    point, and no "negative zero" (x = 0 with the sign bit set);
 *  - neither A nor R is one of the 8 small-order points (they let one signature verify for
 *    many messages or keys).
 * The cofactorless equation [S]B = R + [k]A is the backends' part.
 *
 * Pure and fast: byte comparisons, plus one Jacobi symbol per point for decompressibility
 * (about 20 µs; a full square root, as noble's decoder does, costs about 130 µs and would eat
 * half the verify budget). Tests cross-check this against @noble/curves' decoder.
 */

export type EncodingCheck = { ok: true } | { ok: false; reason: string };

const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const D = 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n;

function leBytes(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (h) => Number.parseInt(h, 16));
}

const L_BYTES = leBytes(L);
const P_BYTES = leBytes(P);

/**
 * Canonical encodings of the 8 points of order dividing 8 (identity, order 2, two of order 4,
 * four of order 8). A canonical encoding names exactly one point, so once an encoding is
 * known to be canonical, "small order" is exactly "equals one of these".
 */
const SMALL_ORDER = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
].map(hexBytes);

/** a < b for 32-byte little-endian numbers; `topMask` clears a's sign bit first. */
function lessThanLE(a: Uint8Array, b: Uint8Array, topMask = 0xff): boolean {
  for (let i = 31; i >= 0; i--) {
    const x = i === 31 ? a[i]! & topMask : a[i]!;
    if (x !== b[i]!) return x < b[i]!;
  }
  return false;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Jacobi symbol (a/n) for odd n > 0; for prime n it tells whether a is a square mod n. */
function jacobi(a: bigint, n: bigint): number {
  let t = 1;
  a %= n;
  while (a !== 0n) {
    while ((a & 1n) === 0n) {
      a >>= 1n;
      const r = n & 7n;
      if (r === 3n || r === 5n) t = -t;
    }
    [a, n] = [n, a];
    if ((a & 3n) === 3n && (n & 3n) === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** y from a little-endian encoding without the sign bit; one BigInt parse (a shift per byte costs several times more). */
function yOf(bytes: Uint8Array): bigint {
  let hex = `0x${HEX[bytes[31]! & 0x7f]}`;
  for (let i = 30; i >= 0; i--) hex += HEX[bytes[i]!];
  return BigInt(hex);
}

/** Checks one 32-byte point encoding (a public key or R): canonical, on the curve, not small order. */
export function checkPointEncoding(bytes: Uint8Array, label = "point"): EncodingCheck {
  if (bytes.length !== 32) return { ok: false, reason: `${label} must be 32 bytes, got ${bytes.length}` };
  if (!lessThanLE(bytes, P_BYTES, 0x7f)) return { ok: false, reason: `${label} is not canonical (y ≥ p)` };
  // x² = (y² − 1) / (d·y² + 1). The denominator is never 0 (d is not a square), so a point
  // exists exactly when u·v is a square or zero.
  const y = yOf(bytes);
  const y2 = (y * y) % P;
  const u = (y2 + P - 1n) % P;
  const v = (D * y2 + 1n) % P;
  if (jacobi((u * v) % P, P) < 0) return { ok: false, reason: `${label} is not a point on the curve` };
  // x = 0 exactly when u = 0; then a set sign bit would be a second spelling of the same point.
  if (u === 0n && (bytes[31]! & 0x80) !== 0) {
    return { ok: false, reason: `${label} is not canonical (x = 0 with the sign bit set)` };
  }
  for (const small of SMALL_ORDER) {
    if (equalBytes(bytes, small)) return { ok: false, reason: `${label} has small order` };
  }
  return { ok: true };
}

/** Pools' encoding rule for a signature by `publicKey`; run before any Ed25519 backend. */
export function checkSignatureEncoding(publicKey: Uint8Array, signature: Uint8Array): EncodingCheck {
  if (publicKey.length !== 32) return { ok: false, reason: `public key must be 32 bytes, got ${publicKey.length}` };
  if (signature.length !== 64) return { ok: false, reason: `signature must be 64 bytes, got ${signature.length}` };
  // Cheapest checks first: most forged or damaged signatures fail here without any field math.
  if (!lessThanLE(signature.subarray(32), L_BYTES)) {
    return { ok: false, reason: "signature S is not below the group order L" };
  }
  const a = checkPointEncoding(publicKey, "public key A");
  if (!a.ok) return a;
  return checkSignatureForCheckedKey(signature);
}

/**
 * The part of `checkSignatureEncoding` that depends on the signature alone (length, S < L, R),
 * for a public key that already passed `checkPointEncoding`: a pool's signatures come from a
 * few members, so each key is checked once per batch, not once per event.
 */
export function checkSignatureForCheckedKey(signature: Uint8Array): EncodingCheck {
  if (signature.length !== 64) return { ok: false, reason: `signature must be 64 bytes, got ${signature.length}` };
  if (!lessThanLE(signature.subarray(32), L_BYTES)) {
    return { ok: false, reason: "signature S is not below the group order L" };
  }
  return checkPointEncoding(signature.subarray(0, 32), "signature R");
}
