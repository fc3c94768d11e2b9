/**
 * The backup a person saves as a file or a QR code (docs/rules.md §3, §9 "Key backup"):
 *
 *   pools-key:2:<base64url payload>:<base64url first 4 bytes of SHA-256(payload)>
 *   payload = UTF-8 JSON { "s": <base64url 32-byte seed>, "p": [pool, …] }   (backedUpPools.ts)
 *
 * Version 1 (`pools-key:1:<seed>:<checksum of seed>`) carried the identity only; it still
 * restores, with no pools, and the caller tells the person that pool keys were not in it.
 *
 * The prefix says what the text is when found in a downloads folder; the version lets formats
 * coexist; the checksum catches a mistyped or damaged backup before it silently restores a
 * different identity or wrong keys. The backup is not sealed under a passphrase: like an invite
 * link or a pool file it is a secret in itself, and whoever holds it can act as its person and
 * read their pools. Pure: hashing comes in through the Sha256 port.
 */
import { fromBase64url, toBase64url } from "../encoding/base64url.ts";
import { type BackedUpPool, poolEntryOf, readBackedUpPools } from "./backedUpPools.ts";
import type { Sha256 } from "./cryptoPorts.ts";

export type { BackedUpKey, BackedUpPool } from "./backedUpPools.ts";

export const KEY_BACKUP_PREFIX = "pools-key";
export const KEY_BACKUP_VERSION = "2";
/** Versions this app reads: 1 (identity only) and 2 (identity and pool keys). */
const READABLE = ["1", "2"];

export type KeyBackupResult =
  | { ok: true; version: 1 | 2; secretKey: Uint8Array; pools: BackedUpPool[] }
  | { ok: false; reason: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

function checksum(bytes: Uint8Array, sha256: Sha256): string {
  return toBase64url(sha256(bytes).subarray(0, 4));
}

export function encodeKeyBackup(secretKey: Uint8Array, sha256: Sha256, pools: readonly BackedUpPool[] = []): string {
  if (secretKey.length !== 32) throw new RangeError(`an Ed25519 secret seed is 32 bytes, got ${secretKey.length}`);
  const payload = encoder.encode(JSON.stringify({ s: toBase64url(secretKey), p: pools.map(poolEntryOf) }));
  return `${KEY_BACKUP_PREFIX}:${KEY_BACKUP_VERSION}:${toBase64url(payload)}:${checksum(payload, sha256)}`;
}

/** Reads a backup; surrounding whitespace (a file's trailing newline) is ignored. */
export function decodeKeyBackup(text: string, sha256: Sha256): KeyBackupResult {
  const parts = text.trim().split(":");
  if (parts[0] !== KEY_BACKUP_PREFIX) {
    return { ok: false, reason: `not a Pools key backup: it must start with "${KEY_BACKUP_PREFIX}:"` };
  }
  if (!READABLE.includes(parts[1] ?? "")) {
    return {
      ok: false,
      reason: `unsupported key backup version "${parts[1] ?? ""}" (this app reads versions ${READABLE.join(" and ")})`,
    };
  }
  if (parts.length !== 4) {
    return { ok: false, reason: `a key backup has 4 parts separated by ":", this one has ${parts.length}` };
  }
  const bytes = fromBase64url(parts[2]!);
  if (bytes === undefined) return { ok: false, reason: "the key part is not valid base64url" };
  if (parts[1] === "1") {
    if (bytes.length !== 32) return { ok: false, reason: `the key part must hold 32 bytes, it holds ${bytes.length}` };
    if (parts[3] !== checksum(bytes, sha256)) return damaged;
    return { ok: true, version: 1, secretKey: bytes, pools: [] };
  }
  if (parts[3] !== checksum(bytes, sha256)) return damaged;
  return readPayload(bytes);
}

const damaged = { ok: false, reason: "checksum mismatch: the backup is damaged or was copied wrongly" } as const;

function readPayload(bytes: Uint8Array): KeyBackupResult {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    // A payload whose checksum matches but is not JSON was written by something other than Pools.
    return { ok: false, reason: "the key part is not a readable backup" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, reason: "the key part is not a readable backup" };
  const { s, p } = value as Record<string, unknown>;
  const seed = typeof s === "string" ? fromBase64url(s) : undefined;
  if (seed === undefined) return { ok: false, reason: "the backup holds no readable key" };
  if (seed.length !== 32) return { ok: false, reason: `the key must hold 32 bytes, it holds ${seed.length}` };
  const pools = readBackedUpPools(p);
  if (!pools.ok) return pools;
  return { ok: true, version: 2, secretKey: seed, pools: pools.pools };
}
