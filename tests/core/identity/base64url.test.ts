/** base64url is how ids are spelled, and ids are compared as strings: one spelling per byte string. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64url, toBase64url } from "../../../src/core/encoding/base64url.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("base64url", () => {
  it("encodes the RFC 4648 test vectors without padding", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg"],
      ["fo", "Zm8"],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg"],
      ["fooba", "Zm9vYmE"],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(toBase64url(bytes(plain))).toBe(encoded);
      expect(fromBase64url(encoded)).toEqual(bytes(plain));
    }
  });

  it("uses - and _ where standard base64 has + and /", () => {
    expect(toBase64url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe("-_-_");
    expect(fromBase64url("-_-_")).toEqual(new Uint8Array([0xfb, 0xff, 0xbf]));
  });

  it("round-trips any bytes and agrees with Node's encoder (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const text = toBase64url(b);
        expect(text).toBe(Buffer.from(b).toString("base64url"));
        expect(fromBase64url(text)).toEqual(b);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses padding, characters outside the alphabet and impossible lengths", () => {
    for (const bad of ["Zg==", "Zg=", "Zm+v", "Zm/v", "Zm9 v", "Zm9v\n", "Zé", "Z", "Zm9vY"]) {
      expect(fromBase64url(bad), bad).toBeUndefined();
    }
  });

  it("refuses a second spelling with non-zero leftover bits", () => {
    expect(fromBase64url("Zg")).toEqual(bytes("f"));
    expect(fromBase64url("Zh")).toBeUndefined(); // same byte "f", low 4 bits set
    expect(fromBase64url("Zm8")).toEqual(bytes("fo"));
    expect(fromBase64url("Zm9")).toBeUndefined(); // same bytes "fo", low 2 bits set
  });

  it("accepts only canonical spellings: whatever decodes, re-encodes to the same text (property)", () => {
    const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= ".split("");
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 40 }), (arr) => {
        const text = arr.join("");
        const decoded = fromBase64url(text);
        if (decoded !== undefined) expect(toBase64url(decoded)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
