/**
 * A whole pool as one file, to carry between devices with no network (docs/rules.md §6): Web Share,
 * a download, a USB stick. The file holds the signed events themselves, not Automerge's saved
 * bytes, so that importing checks exactly what counts (each event's id, pool and signature)
 * and merging is the union of events, never a replay of someone's deletions.
 *
 * Layout (version 1), all integers big-endian:
 *
 *   "POOLFILE"            8 bytes, what the file is
 *   version               1 byte  (1)
 *   genesis id            32 bytes (the pool's id, raw SHA-256)
 *   document URL length   u16, then the automerge URL in UTF-8
 *   event count           u32
 *   per event             u32 body length, the canonical body bytes, the 64-byte signature
 *   checksum              32 bytes, SHA-256 of everything before it
 *
 * An event's id is the hash of its bytes, so ids are not stored: an edited body is a different
 * event whose signature fails. The checksum only tells a damaged file (truncated, corrupted)
 * from a tampered one; tampering is caught by the signatures.
 */
import { fromBase64url, toBase64url } from "../core/encoding/base64url.ts";
import { decodeEvent, eventIdOf } from "../core/events/decodeEvent.ts";
import type { AnyDecodedEvent, EventId } from "../core/events/types.ts";
import { verifyEvents } from "../core/events/verifyEvents.ts";
import type { Sha256, SignatureVerifier } from "../core/identity/cryptoPorts.ts";
import { bytesEqual } from "./schema/docValues.ts";
import type { ArchivedEvent } from "./storage/eventArchive.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

const MAGIC = new TextEncoder().encode("POOLFILE");
export const POOL_FILE_VERSION = 1;
const SIG_BYTES = 64;
const HASH_BYTES = 32;
/** No event body is larger than a seal (256 KiB); a larger length means a damaged file. */
const MAX_BODY = 256 * 1024;

export interface PoolFileContents {
  genesisId: EventId;
  docUrl: string;
  events: ArchivedEvent[];
}

export function encodePoolFile(contents: PoolFileContents, sha256: Sha256): Uint8Array {
  const genesis = fromBase64url(contents.genesisId);
  if (genesis === undefined || genesis.length !== HASH_BYTES)
    throw new Error("encodePoolFile: the genesis id is not a 32-byte base64url id");
  const url = new TextEncoder().encode(contents.docUrl);
  const events = [...contents.events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let size = MAGIC.length + 1 + HASH_BYTES + 2 + url.length + 4 + HASH_BYTES;
  for (const e of events) size += 4 + e.bytes.length + SIG_BYTES;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  out.set(MAGIC, at);
  at += MAGIC.length;
  out[at++] = POOL_FILE_VERSION;
  out.set(genesis, at);
  at += HASH_BYTES;
  view.setUint16(at, url.length);
  at += 2;
  out.set(url, at);
  at += url.length;
  view.setUint32(at, events.length);
  at += 4;
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
  out.set(sha256(out.subarray(0, at)), at);
  return out;
}

/** Reads the container. Says nothing yet about the events' validity: see `checkPoolFile`. */
export function decodePoolFile(file: Uint8Array, sha256: Sha256): SyncResult<PoolFileContents> {
  if (file.length < MAGIC.length + 1 || !MAGIC.every((b, i) => file[i] === b)) return syncRefuse("file-not-pool-file");
  const version = file[MAGIC.length]!;
  if (version !== POOL_FILE_VERSION) return syncRefuse("file-version", `version ${version}`);
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
  if (at !== body.length) return syncRefuse("file-damaged", "trailing bytes");
  return syncOk({ genesisId, docUrl, events });
}

/**
 * Checks every event in a decoded file: it decodes, belongs to the file's pool, and its
 * signature verifies; the pool's genesis is there. One bad event refuses the whole file: a
 * file is one person's copy of a pool, and a changed event means someone changed the file.
 */
export async function checkPoolFile(
  contents: PoolFileContents,
  deps: { sha256: Sha256; verifier: SignatureVerifier },
  expectedGenesisId?: EventId,
): Promise<SyncResult<AnyDecodedEvent[]>> {
  if (expectedGenesisId !== undefined && contents.genesisId !== expectedGenesisId) {
    return syncRefuse("file-other-pool", `the file is for pool ${contents.genesisId}`);
  }
  const decoded: AnyDecodedEvent[] = [];
  for (const e of contents.events) {
    const r = decodeEvent(e.id, e, deps.sha256);
    if (!r.ok) return syncRefuse("file-tampered", `event ${e.id}: ${r.reason}`);
    const isGenesis = e.id === contents.genesisId;
    if (isGenesis ? r.value.body.type !== "pool.created" : r.value.body.pool !== contents.genesisId) {
      return syncRefuse("file-tampered", `event ${e.id}: wrong-pool`);
    }
    decoded.push(r.value);
  }
  if (!decoded.some((e) => e.id === contents.genesisId)) return syncRefuse("file-no-genesis");
  const byId = new Map(decoded.map((e) => [e.id, e]));
  const outcome = await verifyEvents(decoded, deps.verifier, (id) => byId.get(id));
  const bad = [...outcome.refused].sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  if (bad !== undefined) return syncRefuse("file-tampered", `event ${bad.id}: ${bad.reason}`);
  return syncOk(decoded);
}
