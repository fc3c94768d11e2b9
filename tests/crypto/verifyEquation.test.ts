/**
 * `verifyEquation` is each backend's half of the rule alone, used by the core's verifyEvents
 * right after its own encoding check. On every input that passes the encoding check it must give
 * the same verdict as the full `verify`, or devices would disagree on validity.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { checkSignatureEncoding } from "../../src/core/identity/signatureRule.ts";
import { chooseVerifier } from "../../src/crypto/chooseVerifier.ts";
import { nobleVerifier } from "../../src/crypto/nobleVerifier.ts";
import { createWebCryptoVerifier } from "../../src/crypto/webCryptoVerifier.ts";
import { hex, POOLS_VERDICTS, speccheckCases } from "./speccheckVerdicts.ts";

const backends = [
  ["noble (cofactorless)", async () => nobleVerifier],
  ["WebCrypto Ed25519", async () => createWebCryptoVerifier()],
  ["the chosen verifier", () => chooseVerifier()],
] as const;

describe.each(backends)("%s: the equation alone agrees with the rule once encodings pass", (_name, make) => {
  it("speccheck cases with well-encoded A, R and S get Pools' verdict from verifyEquation", async () => {
    const v = await make();
    let checked = 0;
    for (const [i, c] of speccheckCases.entries()) {
      const [pub, sig, msg] = [hex(c.pub_key), hex(c.signature), hex(c.message)];
      if (!checkSignatureEncoding(pub, sig).ok) continue;
      checked++;
      expect(await v.verifyEquation!(pub, msg, sig), `case ${i}`).toBe(POOLS_VERDICTS[i]!.valid);
    }
    expect(checked).toBeGreaterThanOrEqual(3); // cases 3, 4 and 5 rest on the equation
  });

  it("one member's many signatures share one imported key and all verify; a changed message does not", async () => {
    const v = await make();
    const secret = new Uint8Array(32).fill(9);
    const publicKey = ed25519.getPublicKey(secret);
    const messages = Array.from({ length: 40 }, (_, i) => new TextEncoder().encode(`vote ${i}`));
    const verdicts = await Promise.all(messages.map((m) => v.verifyEquation!(publicKey, m, ed25519.sign(m, secret))));
    expect(verdicts.every(Boolean)).toBe(true);
    const forged = ed25519.sign(messages[0]!, secret);
    expect(await v.verifyEquation!(publicKey, messages[1]!, forged)).toBe(false);
  });
});
