/**
 * The browser bundle serves @hpke/common's own copy of noble's SHA-2 and HMAC with the
 * @noble/hashes the app already ships (vite.config.ts): HPKE's X25519 key schedule must get the
 * same bytes from either.
 */
import { hmac as hpkeHmac, sha256 as hpkeSha256, sha384 as hpkeSha384, sha512 as hpkeSha512 } from "@hpke/common";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("the SHA-2 and HMAC that stand in for @hpke/common's copies", () => {
  it("hash and authenticate any bytes exactly as @hpke/common's own", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 200 }), (key, message) => {
        expect(hmac(sha256, key, message)).toEqual(hpkeHmac(hpkeSha256, key, message));
        expect(sha256(message)).toEqual(hpkeSha256(message));
        expect(sha384(message)).toEqual(hpkeSha384(message));
        expect(sha512(message)).toEqual(hpkeSha512(message));
      }),
      { numRuns: 300 },
    );
  });
});
