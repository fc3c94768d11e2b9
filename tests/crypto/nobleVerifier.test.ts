/**
 * Why the encoding check must sit in front of the equation: the bare cofactorless equation
 * (with strict decoding) lets the small-order cases through, and noble's own verify is
 * cofactored, so it lets cases 4 and 5 through. Only the two together give Pools' verdicts.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { cofactorlessEquationHolds } from "../../src/crypto/nobleVerifier.ts";
import { hex, POOLS_VERDICTS, speccheckCases } from "./speccheckVerdicts.ts";

const accepted = (check: (pub: Uint8Array, msg: Uint8Array, sig: Uint8Array) => boolean) =>
  speccheckCases.flatMap((c, i) => (check(hex(c.pub_key), hex(c.message), hex(c.signature)) ? [i] : []));

describe("the cofactorless equation on its own", () => {
  it("accepts speccheck cases 0–3: the small-order cases 0–2 need the encoding check", () => {
    expect(accepted(cofactorlessEquationHolds)).toEqual([0, 1, 2, 3]);
  });

  it("differs from noble's cofactored verify, which accepts 2–5 and so is not used for the decision", () => {
    expect(accepted((pub, msg, sig) => ed25519.verify(sig, msg, pub, { zip215: false }))).toEqual([2, 3, 4, 5]);
  });

  it("leaves exactly case 3 valid once the encoding rule runs first", () => {
    expect(POOLS_VERDICTS.flatMap((v, i) => (v.valid ? [i] : []))).toEqual([3]);
  });
});
