/** A member id is the one canonical base64url spelling of a usable Ed25519 public key. */
import { ed25519 } from "@noble/curves/ed25519.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memberIdOf, publicKeyOfMemberId } from "../../../src/core/identity/memberId.ts";

const publicKey = ed25519.getPublicKey(new Uint8Array(32).fill(3));
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "ok" : r.reason);

describe("member ids", () => {
  it("are 43 base64url characters and map back to the same key (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (sk) => {
        const pk = ed25519.getPublicKey(sk);
        const id = memberIdOf(pk);
        expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(publicKeyOfMemberId(id)).toEqual({ ok: true, publicKey: pk });
      }),
      { numRuns: 100 },
    );
  });

  it("come only from 32-byte keys", () => {
    expect(() => memberIdOf(publicKey.subarray(1))).toThrow(RangeError);
  });

  it("refuse the wrong length, padding and non-canonical spellings", () => {
    const id = memberIdOf(publicKey);
    expect(reason(publicKeyOfMemberId(id.slice(1)))).toMatch(/43 characters/);
    expect(reason(publicKeyOfMemberId(`${id}=`))).toMatch(/43 characters/);
    expect(reason(publicKeyOfMemberId(`${id.slice(0, 42)}+`))).toMatch(/canonical base64url/);
    // The last character carries 2 unused bits; setting one spells the same key a second way.
    const last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(id[42]!);
    const twin = `${id.slice(0, 42)}${"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[last ^ 1]}`;
    expect(reason(publicKeyOfMemberId(twin))).toMatch(/canonical base64url/);
  });

  it("refuse keys that no valid signature can come from (small order, off the curve)", () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    expect(reason(publicKeyOfMemberId(memberIdOf(identity)))).toMatch(/small order/);
    const offCurve = new Uint8Array(32);
    offCurve[0] = 2;
    expect(reason(publicKeyOfMemberId(memberIdOf(offCurve)))).toMatch(/not a point on the curve/);
  });
});
