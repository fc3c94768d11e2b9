/**
 * Is a stored file whole? Checks the framing of Automerge's binary format without loading it.
 *
 * A stored snapshot or incremental file is a sequence of Automerge chunks, each
 * `magic (85 6f 4a 83) · checksum (4) · type (1) · length (uLEB128) · body (length bytes)`, where the
 * checksum is the first 4 bytes of SHA-256 over `type · length · body`. A file cut short (a full disk,
 * a copy interrupted by a backup tool, a bad sector) fails the length check; flipped bits fail the
 * checksum. Compressed change chunks (type 2) are checked by inflating them (their checksum covers
 * the uncompressed form, which Automerge checks itself).
 *
 * Why not just load it: `loadIncremental` throws on a truncated snapshot, which leaves the document
 * unservable, and on a truncated incremental it silently drops every chunk after the bad one.
 */
import { createHash } from "node:crypto";
import { inflateRawSync } from "node:zlib";

const MAGIC = [0x85, 0x6f, 0x4a, 0x83] as const;
const DOCUMENT = 0;
const CHANGE = 1;
const COMPRESSED_CHANGE = 2;

export interface ChunkCheck {
  /** How many leading bytes are whole, valid chunks (the length of the file when it is sound). */
  validBytes: number;
  /** Why the rest is not, when it is not. */
  problem?: string;
}

export function checkChunks(bytes: Uint8Array): ChunkCheck {
  if (bytes.byteLength === 0) return { validBytes: 0, problem: "empty file" };
  let offset = 0;
  while (offset < bytes.byteLength) {
    const problem = checkOne(bytes, offset);
    if (typeof problem === "string") return { validBytes: offset, problem };
    offset = problem;
  }
  return { validBytes: offset };
}

/** Returns the offset after the chunk at `offset`, or why it is not a valid chunk. */
function checkOne(bytes: Uint8Array, offset: number): number | string {
  const at = `chunk at byte ${offset}`;
  if (bytes.byteLength - offset < 10) return `${at}: truncated header`;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[offset + i] !== MAGIC[i]) return `${at}: not an Automerge chunk`;
  const type = bytes[offset + 8];
  if (type !== DOCUMENT && type !== CHANGE && type !== COMPRESSED_CHANGE) return `${at}: unknown chunk type ${type}`;
  const length = readUleb(bytes, offset + 9);
  if (length === undefined) return `${at}: bad length`;
  const end = length.next + length.value;
  if (end > bytes.byteLength) return `${at}: truncated (${bytes.byteLength - length.next} of ${length.value} bytes)`;
  const body = bytes.subarray(length.next, end);
  if (type === COMPRESSED_CHANGE) {
    try {
      inflateRawSync(body);
    } catch {
      return `${at}: compressed change does not inflate`;
    }
    return end;
  }
  const sum = createHash("sha256")
    .update(bytes.subarray(offset + 8, end))
    .digest();
  for (let i = 0; i < 4; i++) if (sum[i] !== bytes[offset + 4 + i]) return `${at}: checksum mismatch`;
  return end;
}

function readUleb(bytes: Uint8Array, start: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[start + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: start + i + 1 };
  }
  return undefined;
}
