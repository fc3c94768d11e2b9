/** A key backup restores exactly the saved key, or says plainly why it cannot. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBase64url } from "../../../src/core/encoding/base64url.ts";
import { decodeKeyBackup, encodeKeyBackup } from "../../../src/core/identity/keyBackup.ts";
import { sha256 } from "../../../src/crypto/sha256.ts";

const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
const backup = encodeKeyBackup(seed, sha256);
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "ok" : r.reason);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("key backup", () => {
  it("reads pools-key:1:<43-char seed>:<6-char checksum>", () => {
    expect(backup).toMatch(/^pools-key:1:[A-Za-z0-9_-]{43}:[A-Za-z0-9_-]{6}$/);
  });

  it("round-trips any 32-byte seed (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (s) => {
        expect(decodeKeyBackup(encodeKeyBackup(s, sha256), sha256)).toEqual({ ok: true, secretKey: s });
      }),
      { numRuns: 300 },
    );
  });

  it("ignores the surrounding whitespace of a saved file", () => {
    expect(decodeKeyBackup(`  ${backup}\r\n`, sha256)).toEqual({ ok: true, secretKey: seed });
  });

  it("refuses a corrupted backup with a reason", () => {
    const parts = backup.split(":");
    const corrupted = [parts[0], parts[1], `B${parts[2]!.slice(1)}`, parts[3]].join(":");
    expect(reason(decodeKeyBackup(corrupted, sha256))).toMatch(/checksum mismatch/);
  });

  it("refuses any single mistyped character in the key or the checksum (property)", () => {
    const start = "pools-key:1:".length;
    fc.assert(
      fc.property(fc.nat({ max: backup.length - start - 1 }), fc.nat({ max: 63 }), (offset, c) => {
        const i = start + offset;
        if (backup[i] === ":" || backup[i] === ALPHABET[c]) return;
        const typo = backup.slice(0, i) + ALPHABET[c] + backup.slice(i + 1);
        expect(decodeKeyBackup(typo, sha256).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("names what is wrong: prefix, version, shape, encoding, length", () => {
    const [, , key, sum] = backup.split(":");
    expect(reason(decodeKeyBackup(`other-key:1:${key}:${sum}`, sha256))).toMatch(/not a Pools key backup/);
    expect(reason(decodeKeyBackup("hello", sha256))).toMatch(/not a Pools key backup/);
    expect(reason(decodeKeyBackup(`pools-key:2:${key}:${sum}`, sha256))).toMatch(/unsupported key backup version "2"/);
    expect(reason(decodeKeyBackup(`pools-key:1:${key}`, sha256))).toMatch(/4 parts/);
    expect(reason(decodeKeyBackup(`pools-key:1:${key}=:${sum}`, sha256))).toMatch(/not valid base64url/);
    const short = `pools-key:1:${toBase64url(seed.subarray(0, 16))}:${sum}`;
    expect(reason(decodeKeyBackup(short, sha256))).toMatch(/must hold 32 bytes, it holds 16/);
  });

  it("only encodes 32-byte seeds", () => {
    expect(() => encodeKeyBackup(seed.subarray(1), sha256)).toThrow(RangeError);
  });
});
