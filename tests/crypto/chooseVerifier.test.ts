/**
 * WebCrypto is used only where it has Ed25519 and gives Pools' verdicts on the cases the
 * encoding check cannot settle; anywhere else the noble fallback decides.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { chooseVerifier } from "../../src/crypto/chooseVerifier.ts";
import { webCryptoAvailable } from "../../src/crypto/webCryptoVerifier.ts";

/** A WebCrypto without Ed25519, like older browsers: importKey rejects. */
const noEd25519 = {
  importKey: () => Promise.reject(new DOMException("Unrecognized name.", "NotSupportedError")),
  verify: () => Promise.reject(new DOMException("Unrecognized name.", "NotSupportedError")),
} as unknown as SubtleCrypto;

/** A WebCrypto whose Ed25519 uses the cofactored equation (as some libraries do). */
const cofactored = {
  importKey: async (_format: string, raw: Uint8Array) => ({ raw: Uint8Array.from(raw) }),
  verify: async (_alg: unknown, key: { raw: Uint8Array }, sig: Uint8Array, msg: Uint8Array) =>
    ed25519.verify(sig, msg, key.raw, { zip215: false }),
} as unknown as SubtleCrypto;

describe("choosing a signature backend", () => {
  it("uses Node's WebCrypto Ed25519, which agrees with the rule once the encoding check runs", async () => {
    expect(await webCryptoAvailable()).toBe(true);
    expect((await chooseVerifier()).name).toBe("webcrypto");
  });

  it("falls back to noble where WebCrypto has no Ed25519", async () => {
    expect(await webCryptoAvailable(noEd25519)).toBe(false);
    expect((await chooseVerifier(noEd25519)).name).toBe("noble-cofactorless");
  });

  it("falls back to noble where WebCrypto's Ed25519 is cofactored (would accept speccheck 4 and 5)", async () => {
    expect(await webCryptoAvailable(cofactored)).toBe(false);
    expect((await chooseVerifier(cofactored)).name).toBe("noble-cofactorless");
  });
});
