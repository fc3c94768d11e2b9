/** Keys made and used on the device: both signing paths give the same RFC 8032 signatures. */
import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { chooseVerifier } from "../../src/crypto/chooseVerifier.ts";
import { generateKeyPair, signerFromSecretKey } from "../../src/crypto/keyPair.ts";

const hex = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));
const noEd25519 = { importKey: () => Promise.reject(new Error("no Ed25519")) } as unknown as SubtleCrypto;

// RFC 8032 §7.1, TEST 2 (one-byte message 0x72).
const RFC = {
  secret: hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"),
  publicKey: hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"),
  message: hex("72"),
  signature: hex(
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  ),
};

describe("key pairs", () => {
  it("are a fresh 32-byte seed and its public key", () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    expect(a.secretKey).toHaveLength(32);
    expect(a.publicKey).toEqual(ed25519.getPublicKey(a.secretKey));
    expect(a.secretKey).not.toEqual(b.secretKey);
  });
});

describe("signerFromSecretKey", () => {
  it("gives the RFC 8032 signature with WebCrypto and with the noble fallback alike", async () => {
    for (const subtle of [globalThis.crypto.subtle, noEd25519]) {
      const signer = signerFromSecretKey(RFC.secret, subtle);
      expect(signer.publicKey).toEqual(RFC.publicKey);
      expect(await signer.sign(RFC.message)).toEqual(RFC.signature);
    }
  });

  it("signs what the chosen verifier accepts", async () => {
    const { secretKey, publicKey } = generateKeyPair();
    const signer = signerFromSecretKey(secretKey);
    const message = new TextEncoder().encode("Buy two tents, $340");
    expect(await (await chooseVerifier()).verify(publicKey, message, await signer.sign(message))).toBe(true);
  });

  it("keeps its own copy of the secret: later changes to the caller's array do not change who signs", async () => {
    const secret = RFC.secret.slice();
    const signer = signerFromSecretKey(secret);
    secret.fill(0);
    expect(await signer.sign(RFC.message)).toEqual(RFC.signature);
  });

  it("only takes a 32-byte seed", () => {
    expect(() => signerFromSecretKey(new Uint8Array(64))).toThrow(RangeError);
  });
});
