/**
 * The encoding half of the signature rule, checked directly and cross-checked against
 * @noble/curves' strict (RFC 8032) decoder, since the core computes decompressibility itself.
 */
import { ED25519_TORSION_SUBGROUP, ed25519 } from "@noble/curves/ed25519.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPointEncoding, checkSignatureEncoding } from "../../../src/core/identity/signatureRule.ts";

const hex = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));
const P = 2n ** 255n - 19n;
const L = ed25519.Point.Fn.ORDER;
const le = (n: bigint, signBit = false) => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  if (signBit) out[31]! |= 0x80;
  return out;
};
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "ok" : r.reason);

const secret = new Uint8Array(32).fill(1);
const publicKey = ed25519.getPublicKey(secret);
const signature = ed25519.sign(new Uint8Array([1, 2, 3]), secret);
const withS = (s: bigint) => new Uint8Array([...signature.subarray(0, 32), ...le(s)]);
const withR = (r: Uint8Array) => new Uint8Array([...r, ...signature.subarray(32)]);

/** What the rule must say about one point, by noble: strict decoding, then not small order. */
function nobleSaysUsable(bytes: Uint8Array): boolean {
  try {
    return !ed25519.Point.fromBytes(bytes).isSmallOrder();
  } catch {
    return false;
  }
}

describe("checkSignatureEncoding", () => {
  it("passes an honest signature", () => {
    expect(checkSignatureEncoding(publicKey, signature)).toEqual({ ok: true });
  });

  it("requires a 32-byte key and a 64-byte signature", () => {
    expect(reason(checkSignatureEncoding(publicKey.subarray(1), signature))).toMatch(/public key must be 32 bytes/);
    expect(reason(checkSignatureEncoding(publicKey, signature.subarray(1)))).toMatch(/signature must be 64 bytes/);
  });

  it("requires S below the group order L: L − 1 passes, L and above do not", () => {
    expect(checkSignatureEncoding(publicKey, withS(L - 1n)).ok).toBe(true);
    for (const s of [L, L + 1n, 2n ** 256n - 1n]) {
      expect(reason(checkSignatureEncoding(publicKey, withS(s)))).toMatch(/S is not below/);
    }
  });

  it("refuses each of the 8 small-order points, as the key and as R", () => {
    expect(ED25519_TORSION_SUBGROUP).toHaveLength(8);
    for (const h of ED25519_TORSION_SUBGROUP) {
      expect(ed25519.Point.fromHex(h).multiplyUnsafe(8n).is0()).toBe(true); // really small order
      expect(reason(checkSignatureEncoding(hex(h), signature))).toMatch(/public key A has small order/);
      expect(reason(checkSignatureEncoding(publicKey, withR(hex(h))))).toMatch(/signature R has small order/);
    }
  });
});

describe("checkPointEncoding", () => {
  it("refuses y ≥ p, even where y − p names a real point", () => {
    for (let k = 0n; k < 19n; k++) {
      for (const sign of [false, true]) {
        expect(reason(checkPointEncoding(le(P + k, sign)))).toMatch(/not canonical \(y ≥ p\)/);
      }
    }
    expect(nobleSaysUsable(le(3n))).toBe(true); // y = 3 is a usable point: p + 3 is its second spelling
  });

  it("refuses the 'negative zero' spellings of the two points with x = 0", () => {
    expect(reason(checkPointEncoding(le(1n, true)))).toMatch(/x = 0 with the sign bit set/);
    expect(reason(checkPointEncoding(le(P - 1n, true)))).toMatch(/x = 0 with the sign bit set/);
  });

  it("refuses a y with no point on the curve", () => {
    expect(reason(checkPointEncoding(le(2n)))).toMatch(/not a point on the curve/);
  });

  it("agrees with noble's strict decoder on every y near 0 and near p, both signs", () => {
    const ys = [
      ...Array.from({ length: 64 }, (_, i) => BigInt(i)),
      ...Array.from({ length: 64 }, (_, i) => P - 32n + BigInt(i)),
    ];
    for (const y of ys) {
      for (const sign of [false, true]) {
        const b = le(y & (2n ** 255n - 1n), sign);
        expect(checkPointEncoding(b).ok, `y=${y} sign=${sign}`).toBe(nobleSaysUsable(b));
      }
    }
  });

  it("agrees with noble's strict decoder on random encodings (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (b) => {
        expect(checkPointEncoding(b).ok).toBe(nobleSaysUsable(b));
      }),
      { numRuns: 3000 },
    );
  });

  it("passes every honestly generated public key (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (sk) => {
        expect(checkPointEncoding(ed25519.getPublicKey(sk))).toEqual({ ok: true });
      }),
      { numRuns: 200 },
    );
  });
});
