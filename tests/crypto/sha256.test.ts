import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/crypto/sha256.ts";

describe("sha256", () => {
  it("hashes the FIPS 180 'abc' vector", () => {
    expect(Buffer.from(sha256(new TextEncoder().encode("abc"))).toString("hex")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("agrees with Node's SHA-256 (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (b) => {
        expect(Buffer.from(sha256(b))).toEqual(createHash("sha256").update(b).digest());
      }),
      { numRuns: 200 },
    );
  });
});
