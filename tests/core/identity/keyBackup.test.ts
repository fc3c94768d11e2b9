/** A key backup restores exactly the saved key and pool keys, or says plainly why it cannot (rules §9 "Key backup"). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBase64url } from "../../../src/core/encoding/base64url.ts";
import { type BackedUpPool, decodeKeyBackup, encodeKeyBackup } from "../../../src/core/identity/keyBackup.ts";
import { sha256 } from "../../../src/crypto/sha256.ts";

const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
const bytes = (fill: number) => new Uint8Array(32).fill(fill);
const pools: BackedUpPool[] = [
  {
    genesisId: toBase64url(bytes(1)),
    docUrl: "automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ",
    name: "Key Club",
    keys: [
      { epoch: 0, raw: bytes(10) },
      { epoch: 1, raw: bytes(11) },
    ],
  },
  {
    genesisId: toBase64url(bytes(2)),
    docUrl: "automerge:3k8mqQdfzjoL9jaEnMqHQ6XNeAR",
    name: "Valley flood “ü”",
    kind: "flood",
    keys: [{ epoch: 0, raw: bytes(20) }],
  },
];
const backup = encodeKeyBackup(seed, sha256, pools);
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "ok" : r.reason);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A version 2 backup around any payload text, with a correct checksum (as a hand-made file would have). */
function withPayload(json: string): string {
  const payload = new TextEncoder().encode(json);
  return `pools-key:2:${toBase64url(payload)}:${toBase64url(sha256(payload).subarray(0, 4))}`;
}

/** A version 1 backup as the app wrote it before backups carried pool keys. */
function versionOne(s: Uint8Array): string {
  return `pools-key:1:${toBase64url(s)}:${toBase64url(sha256(s).subarray(0, 4))}`;
}

const arbPool = fc.record({
  genesisId: fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toBase64url),
  docUrl: fc.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{20,30}$/).map((id) => `automerge:${id}`),
  name: fc.string({ maxLength: 100 }),
  keys: fc.uniqueArray(
    fc.record({ epoch: fc.nat({ max: 0xffff_ffff }), raw: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
    { selector: (k) => k.epoch, maxLength: 4 },
  ),
});

describe("key backup", () => {
  it("rules §9 key backup: reads pools-key:2:<payload>:<6-char checksum>", () => {
    expect(backup).toMatch(/^pools-key:2:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{6}$/);
  });

  it("rules §9 key backup: carries the identity and every pool's keys of every epoch, with where to find the pool", () => {
    expect(decodeKeyBackup(backup, sha256)).toEqual({ ok: true, version: 2, secretKey: seed, pools });
  });

  it("rules §9 key backup: round-trips any seed and any pools (property)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uniqueArray(arbPool, { selector: (p) => p.genesisId, maxLength: 4 }),
        (s, ps) => {
          expect(decodeKeyBackup(encodeKeyBackup(s, sha256, ps), sha256)).toEqual({
            ok: true,
            version: 2,
            secretKey: s,
            pools: ps,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rules §9 key backup: a version 1 backup (identity only) still restores, with no pools", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (s) => {
        expect(decodeKeyBackup(versionOne(s), sha256)).toEqual({ ok: true, version: 1, secretKey: s, pools: [] });
      }),
      { numRuns: 100 },
    );
  });

  it("ignores the surrounding whitespace of a saved file", () => {
    expect(decodeKeyBackup(`  ${backup}\r\n`, sha256)).toMatchObject({ ok: true, secretKey: seed });
  });

  it("refuses a damaged or tampered backup with a reason", () => {
    const parts = backup.split(":");
    const flipped = parts[2]![10] === "A" ? "B" : "A";
    const corrupted = [parts[0], parts[1], `${parts[2]!.slice(0, 10)}${flipped}${parts[2]!.slice(11)}`, parts[3]];
    expect(reason(decodeKeyBackup(corrupted.join(":"), sha256))).toMatch(/checksum mismatch/);
    // A pool key swapped for another, checksum left as it was.
    const swapped = encodeKeyBackup(seed, sha256, [{ ...pools[0]!, keys: [{ epoch: 0, raw: bytes(99) }] }]);
    expect(reason(decodeKeyBackup(`${swapped.split(":").slice(0, 3).join(":")}:${parts[3]}`, sha256))).toMatch(
      /checksum mismatch/,
    );
    const old = versionOne(seed);
    expect(reason(decodeKeyBackup(`${old.slice(0, -2)}zz`, sha256))).toMatch(/checksum mismatch/);
  });

  it("refuses any single mistyped character in the payload or the checksum (property)", () => {
    const start = "pools-key:2:".length;
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
    const [, , payload, sum] = backup.split(":");
    expect(reason(decodeKeyBackup(`other-key:2:${payload}:${sum}`, sha256))).toMatch(/not a Pools key backup/);
    expect(reason(decodeKeyBackup("hello", sha256))).toMatch(/not a Pools key backup/);
    expect(reason(decodeKeyBackup(`pools-key:3:${payload}:${sum}`, sha256))).toMatch(
      /unsupported key backup version "3" \(this app reads versions 1 and 2\)/,
    );
    expect(reason(decodeKeyBackup(`pools-key:2:${payload}`, sha256))).toMatch(/4 parts/);
    expect(reason(decodeKeyBackup(`pools-key:2:${payload}=:${sum}`, sha256))).toMatch(/not valid base64url/);
    const short = versionOne(seed.subarray(0, 16));
    expect(reason(decodeKeyBackup(short, sha256))).toMatch(/must hold 32 bytes, it holds 16/);
  });

  it("refuses a well-checksummed payload that is not a Pools backup, naming the part", () => {
    const s = toBase64url(seed);
    const entry = { i: pools[0]!.genesisId, d: pools[0]!.docUrl, n: "x", k: ["0.".concat(toBase64url(bytes(1)))] };
    expect(reason(decodeKeyBackup(withPayload("not json"), sha256))).toMatch(/not a readable backup/);
    expect(reason(decodeKeyBackup(withPayload(`{"p":[]}`), sha256))).toMatch(/no readable key/);
    expect(reason(decodeKeyBackup(withPayload(JSON.stringify({ s })), sha256))).toMatch(/list of pools is missing/);
    const bad = (e: object) => reason(decodeKeyBackup(withPayload(JSON.stringify({ s, p: [entry, e] })), sha256));
    expect(bad({ ...entry, i: "short" })).toMatch(/pool 2 in the backup is not readable/);
    expect(bad({ ...entry, d: "https://relay.example/doc" })).toMatch(/pool 2 .* not readable/);
    expect(bad({ ...entry, k: ["0.short"] })).toMatch(/pool 2 .* not readable/);
    expect(bad({ ...entry, k: [entry.k[0], entry.k[0]] })).toMatch(/pool 2 .* not readable/);
    expect(bad({ ...entry, k: [`4294967296.${toBase64url(bytes(1))}`] })).toMatch(/pool 2 .* not readable/);
    expect(bad({ ...entry, extra: true })).toMatch(/pool 2 .* not readable/);
    expect(bad(entry)).toMatch(/pool 2 in the backup is listed twice/);
  });

  it("only encodes 32-byte seeds", () => {
    expect(() => encodeKeyBackup(seed.subarray(1), sha256)).toThrow(RangeError);
  });
});
