/**
 * A whole pool as one file, to carry between devices with no network (docs/rules.md §6): Web Share,
 * a download, a USB stick. The file holds the signed events themselves, not Automerge's saved
 * bytes, so that importing checks exactly what counts (each event's id, pool and signature)
 * and merging is the union of events, never a replay of someone's deletions.
 *
 * Layout, all integers big-endian:
 *
 *   "POOLFILE"            8 bytes, what the file is
 *   version               1 byte: 1 a plaintext pool, 3 an encrypted one (2: read, no longer written)
 *   genesis id            32 bytes (the pool's id, raw SHA-256)
 *   document URL length   u16, then the automerge URL in UTF-8
 *   item count            u32
 *   per item (v1, v2)     u32 body length, the canonical body bytes, the 64-byte signature
 *   per item (v3)         u16 map key length, the map key in UTF-8, u32 value length, the sealed value
 *   (version 2 only)      u32 epoch, then the pool key (32 bytes)
 *   checksum              32 bytes, SHA-256 of everything before it
 *
 * A file of an encrypted pool (rules §9) carries sealed entries exactly as a pool document stores
 * them (`epoch ‖ nonce ‖ AEAD(pool key, signature ‖ body, associated data = map key)`) and no key:
 * someone who finds it on a USB stick, or the service a phone shares it through, reads nothing.
 * A phone opens it with the keys it holds, or with the pool's invite link beside it. Version 2
 * carried plaintext events and the pool key; such files still open.
 *
 * An event's id is the hash of its bytes, so ids are not stored: an edited body is a different
 * event whose signature fails. The checksum only tells a damaged file (truncated, corrupted)
 * from a tampered one; tampering is caught by the signatures.
 */
import { fromBase64url, toBase64url } from "../core/encoding/base64url.ts";
import { eventIdOf } from "../core/events/decodeEvent.ts";
import type { EventId } from "../core/events/types.ts";
import type { Sha256 } from "../core/identity/cryptoPorts.ts";
import { MAX_POOL_FILE_BYTES } from "./poolFileLimit.ts";
import { bytesEqual } from "./schema/docValues.ts";
import type { ArchivedEvent } from "./storage/eventArchive.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

const MAGIC = new TextEncoder().encode("POOLFILE");
export const POOL_FILE_VERSION = 3;
const KEYED_VERSION = 2;
const PLAINTEXT_VERSION = 1;
const KEY_BYTES = 32;
const SIG_BYTES = 64;
const HASH_BYTES = 32;
/** No event body is larger than a seal (256 KiB); a larger length means a damaged file. */
const MAX_BODY = 256 * 1024;
/** A sealed value is a body, its signature and the envelope (rules §9): far under this. */
const MAX_SEALED = MAX_BODY + 1024;
const MAX_MAP_KEY = 256;

/** One stored entry of an encrypted pool: its map key and its sealed value. */
export interface SealedFileEntry {
  key: string;
  value: Uint8Array;
}

export interface PoolFileContents {
  genesisId: EventId;
  docUrl: string;
  /** A plaintext pool's signed events (and a version-2 file's); empty in a sealed file. */
  events: ArchivedEvent[];
  /** An encrypted pool's entries, sealed (version 3): opened with the pool's keys (encryption/sealedFileEntries.ts). */
  sealed?: SealedFileEntry[];
  /** A version-2 file's pool key. Current files never carry a key. */
  poolKey?: { epoch: number; raw: Uint8Array };
}

export function encodePoolFile(contents: PoolFileContents, sha256: Sha256): Uint8Array {
  const genesis = fromBase64url(contents.genesisId);
  if (genesis === undefined || genesis.length !== HASH_BYTES)
    throw new Error("encodePoolFile: the genesis id is not a 32-byte base64url id");
  const url = new TextEncoder().encode(contents.docUrl);
  const events = [...contents.events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sealed = contents.sealed && sealedItems(contents.sealed);
  const key = contents.poolKey;
  if (key !== undefined && key.raw.length !== KEY_BYTES) throw new Error("encodePoolFile: a pool key is 32 bytes");
  if (sealed && (key || events.length > 0)) throw new Error("encodePoolFile: a sealed file holds only sealed entries");
  let size = MAGIC.length + 1 + HASH_BYTES + 2 + url.length + 4 + HASH_BYTES + (key ? 4 + KEY_BYTES : 0);
  for (const e of events) size += 4 + e.bytes.length + SIG_BYTES;
  for (const e of sealed ?? []) size += 2 + e.key.length + 4 + e.value.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  out.set(MAGIC, at);
  at += MAGIC.length;
  out[at++] = sealed ? POOL_FILE_VERSION : key ? KEYED_VERSION : PLAINTEXT_VERSION;
  out.set(genesis, at);
  at += HASH_BYTES;
  view.setUint16(at, url.length);
  at += 2;
  out.set(url, at);
  at += url.length;
  view.setUint32(at, sealed?.length ?? events.length);
  at += 4;
  for (const e of sealed ?? []) {
    view.setUint16(at, e.key.length);
    out.set(e.key, at + 2);
    at += 2 + e.key.length;
    view.setUint32(at, e.value.length);
    out.set(e.value, at + 4);
    at += 4 + e.value.length;
  }
  for (const e of events) {
    if (e.sig.length !== SIG_BYTES)
      throw new Error(`encodePoolFile: event ${e.id} has a ${e.sig.length}-byte signature`);
    view.setUint32(at, e.bytes.length);
    at += 4;
    out.set(e.bytes, at);
    at += e.bytes.length;
    out.set(e.sig, at);
    at += SIG_BYTES;
  }
  if (key) {
    view.setUint32(at, key.epoch);
    out.set(key.raw, at + 4);
    at += 4 + KEY_BYTES;
  }
  out.set(sha256(out.subarray(0, at)), at);
  return out;
}

/** Sealed entries in map key order, their keys as UTF-8. */
function sealedItems(entries: readonly SealedFileEntry[]): { key: Uint8Array; value: Uint8Array }[] {
  return [...entries]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => {
      const key = new TextEncoder().encode(e.key);
      if (key.length > MAX_MAP_KEY || e.value.length > MAX_SEALED)
        throw new Error(`encodePoolFile: entry ${e.key} is larger than a stored entry can be`);
      return { key, value: e.value };
    });
}

/** Reads the container. Says nothing yet about the events' validity: see `checkPoolFile`. */
export function decodePoolFile(file: Uint8Array, sha256: Sha256): SyncResult<PoolFileContents> {
  if (file.length > MAX_POOL_FILE_BYTES) return syncRefuse("file-too-large", `${file.length} bytes`);
  if (file.length < MAGIC.length + 1 || !MAGIC.every((b, i) => file[i] === b)) return syncRefuse("file-not-pool-file");
  const version = file[MAGIC.length]!;
  if (version !== POOL_FILE_VERSION && version !== KEYED_VERSION && version !== PLAINTEXT_VERSION)
    return syncRefuse("file-version", `version ${version}`);
  if (file.length < MAGIC.length + 1 + HASH_BYTES + 2 + 4 + HASH_BYTES) return syncRefuse("file-damaged", "too short");
  const body = file.subarray(0, file.length - HASH_BYTES);
  const checksum = file.subarray(file.length - HASH_BYTES);
  if (!bytesEqual(sha256(body), checksum)) return syncRefuse("file-damaged", "checksum mismatch");

  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = MAGIC.length + 1;
  const genesisId = toBase64url(body.subarray(at, at + HASH_BYTES));
  at += HASH_BYTES;
  const urlLength = view.getUint16(at);
  at += 2;
  if (at + urlLength + 4 > body.length) return syncRefuse("file-damaged", "document URL");
  let docUrl: string;
  try {
    docUrl = new TextDecoder("utf-8", { fatal: true }).decode(body.subarray(at, at + urlLength));
  } catch {
    return syncRefuse("file-damaged", "document URL");
  }
  at += urlLength;
  const count = view.getUint32(at);
  at += 4;
  if (version === POOL_FILE_VERSION) {
    const sealed = readSealed(body, view, at, count);
    return typeof sealed === "string"
      ? syncRefuse("file-damaged", sealed)
      : syncOk({ genesisId, docUrl, events: [], sealed });
  }
  const events: ArchivedEvent[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 4 > body.length) return syncRefuse("file-damaged", `event ${i} of ${count}`);
    const length = view.getUint32(at);
    at += 4;
    if (length > MAX_BODY || at + length + SIG_BYTES > body.length)
      return syncRefuse("file-damaged", `event ${i} of ${count}`);
    const bytes = body.slice(at, at + length);
    at += length;
    const sig = body.slice(at, at + SIG_BYTES);
    at += SIG_BYTES;
    events.push({ id: eventIdOf(bytes, sha256), bytes, sig });
  }
  if (version === KEYED_VERSION) {
    if (at + 4 + KEY_BYTES !== body.length) return syncRefuse("file-damaged", "pool key");
    const poolKey = { epoch: view.getUint32(at), raw: body.slice(at + 4, at + 4 + KEY_BYTES) };
    return syncOk({ genesisId, docUrl, events, poolKey });
  }
  if (at !== body.length) return syncRefuse("file-damaged", "trailing bytes");
  return syncOk({ genesisId, docUrl, events });
}

/** A version-3 file's entries from `at` to the end of its body, or what is wrong with them. */
function readSealed(body: Uint8Array, view: DataView, from: number, count: number): SealedFileEntry[] | string {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const entries: SealedFileEntry[] = [];
  let at = from;
  for (let i = 0; i < count; i++) {
    if (at + 2 > body.length) return `entry ${i} of ${count}`;
    const keyLength = view.getUint16(at);
    if (keyLength > MAX_MAP_KEY || at + 2 + keyLength + 4 > body.length) return `entry ${i} of ${count}`;
    let key: string;
    try {
      key = utf8.decode(body.subarray(at + 2, at + 2 + keyLength));
    } catch {
      return `entry ${i} of ${count}: map key`;
    }
    at += 2 + keyLength;
    const length = view.getUint32(at);
    at += 4;
    if (length > MAX_SEALED || at + length > body.length) return `entry ${i} of ${count}`;
    entries.push({ key, value: body.slice(at, at + length) });
    at += length;
  }
  return at === body.length ? entries : "trailing bytes";
}
