/**
 * The backup of a secret key that a person saves as a file or a QR code (docs/rules.md §3):
 *
 *   pools-key:1:<base64url 32-byte seed>:<base64url first 4 bytes of SHA-256(seed)>
 *
 * The prefix says what the text is when found in a downloads folder; the version lets a later
 * format coexist; the checksum catches a mistyped or damaged backup before it silently
 * restores a different identity. Pure: hashing comes in through the Sha256 port.
 */
import { fromBase64url, toBase64url } from "../encoding/base64url.ts";
import type { Sha256 } from "./cryptoPorts.ts";

export const KEY_BACKUP_PREFIX = "pools-key";
export const KEY_BACKUP_VERSION = "1";

export type KeyBackupResult = { ok: true; secretKey: Uint8Array } | { ok: false; reason: string };

function checksum(seed: Uint8Array, sha256: Sha256): string {
  return toBase64url(sha256(seed).subarray(0, 4));
}

export function encodeKeyBackup(secretKey: Uint8Array, sha256: Sha256): string {
  if (secretKey.length !== 32) throw new RangeError(`an Ed25519 secret seed is 32 bytes, got ${secretKey.length}`);
  return `${KEY_BACKUP_PREFIX}:${KEY_BACKUP_VERSION}:${toBase64url(secretKey)}:${checksum(secretKey, sha256)}`;
}

/** Reads a backup; surrounding whitespace (a file's trailing newline) is ignored. */
export function decodeKeyBackup(text: string, sha256: Sha256): KeyBackupResult {
  const parts = text.trim().split(":");
  if (parts[0] !== KEY_BACKUP_PREFIX) {
    return { ok: false, reason: `not a Pools key backup: it must start with "${KEY_BACKUP_PREFIX}:"` };
  }
  if (parts[1] !== KEY_BACKUP_VERSION) {
    return {
      ok: false,
      reason: `unsupported key backup version "${parts[1] ?? ""}" (this app reads version ${KEY_BACKUP_VERSION})`,
    };
  }
  if (parts.length !== 4) {
    return { ok: false, reason: `a key backup has 4 parts separated by ":", this one has ${parts.length}` };
  }
  const seed = fromBase64url(parts[2]!);
  if (seed === undefined) return { ok: false, reason: "the key part is not valid base64url" };
  if (seed.length !== 32) return { ok: false, reason: `the key part must hold 32 bytes, it holds ${seed.length}` };
  if (parts[3] !== checksum(seed, sha256)) {
    return { ok: false, reason: "checksum mismatch: the backup is damaged or was copied wrongly" };
  }
  return { ok: true, secretKey: seed };
}
