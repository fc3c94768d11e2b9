/**
 * One contract every SignatureVerifier backend must meet (docs/rules.md §3: "run one shared suite
 * of edge-case vectors against every backend in use"). Each backend's test file calls
 * `signatureVerifierContract` with a factory; the assertions are identical for all of them.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SignatureVerifier } from "../../src/core/identity/cryptoPorts.ts";
import { hex, POOLS_VERDICTS, speccheckCases } from "./speccheckVerdicts.ts";

const L = ed25519.Point.Fn.ORDER;

function seed(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

function addLToS(signature: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]!);
  s += L;
  const out = signature.slice();
  for (let i = 32; i < 64; i++, s >>= 8n) out[i] = Number(s & 0xffn);
  return out;
}

export function signatureVerifierContract(name: string, makeVerifier: () => Promise<SignatureVerifier>): void {
  describe(`${name} follows Pools' signature rule`, () => {
    const secret = seed(7);
    const publicKey = ed25519.getPublicKey(secret);
    const message = new TextEncoder().encode('{"v":1,"type":"vote.cast","data":{"choice":"yes"}}');
    const signature = ed25519.sign(message, secret);

    it("accepts a valid signature, including over an empty message", async () => {
      const v = await makeVerifier();
      expect(await v.verify(publicKey, message, signature)).toBe(true);
      expect(await v.verify(publicKey, new Uint8Array(0), ed25519.sign(new Uint8Array(0), secret))).toBe(true);
    });

    it("rejects a signature when the message, the signature or the key changed", async () => {
      const v = await makeVerifier();
      expect(await v.verify(publicKey, flipBit(message, 3), signature)).toBe(false);
      expect(await v.verify(publicKey, message, flipBit(signature, 5))).toBe(false); // in R
      expect(await v.verify(publicKey, message, flipBit(signature, 300))).toBe(false); // in S
      expect(await v.verify(ed25519.getPublicKey(seed(8)), message, signature)).toBe(false);
    });

    it("rejects keys and signatures of the wrong length", async () => {
      const v = await makeVerifier();
      expect(await v.verify(publicKey.subarray(0, 31), message, signature)).toBe(false);
      expect(await v.verify(new Uint8Array([...publicKey, 0]), message, signature)).toBe(false);
      expect(await v.verify(publicKey, message, signature.subarray(0, 63))).toBe(false);
      expect(await v.verify(publicKey, message, new Uint8Array([...signature, 0]))).toBe(false);
    });

    it("rejects the malleated copy of a valid signature with S + L", async () => {
      const v = await makeVerifier();
      expect(await v.verify(publicKey, message, addLToS(signature))).toBe(false);
    });

    it("rejects the identity key with identity R and S = 0, which would 'verify' any message", async () => {
      const v = await makeVerifier();
      const identity = hex("0100000000000000000000000000000000000000000000000000000000000000");
      const forged = new Uint8Array([...identity, ...new Uint8Array(32)]);
      expect(await v.verify(identity, message, forged)).toBe(false);
    });

    it("accepts every honest signature and refuses any single flipped bit (property)", async () => {
      const v = await makeVerifier();
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.uint8Array({ maxLength: 400 }),
          fc.nat({ max: 64 * 8 - 1 }),
          async (sk, msg, bit) => {
            const pk = ed25519.getPublicKey(sk);
            const sig = ed25519.sign(msg, sk);
            expect(await v.verify(pk, msg, sig)).toBe(true);
            expect(await v.verify(pk, msg, flipBit(sig, bit))).toBe(false);
          },
        ),
        { numRuns: 40 },
      );
    });

    it.each(POOLS_VERDICTS.map((verdict, i) => ({ i, n: String(i), ...verdict })))(
      "speccheck case $n is valid=$valid: $why",
      async ({ i, valid }) => {
        const v = await makeVerifier();
        const c = speccheckCases[i]!;
        expect(await v.verify(hex(c.pub_key), hex(c.message), hex(c.signature))).toBe(valid);
      },
    );
  });
}
