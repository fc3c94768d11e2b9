/**
 * What this device opened of an encrypted pool (rules §9), kept with its verification cache so a
 * reopen decrypts only the values that changed since: per map key, the exact stored value and
 * the packed entry (signature ‖ body) it opened to.
 *
 * The stored value is kept whole and compared byte for byte, not by a hash: comparing costs less
 * than hashing (SHA-256 in JavaScript takes about a third of a decryption), and it is exact. A
 * value changed under a key opened before (tampered with, or sealed again) is no match, so it is
 * decrypted and judged like any new value. The opened bytes are what the event archive already
 * keeps in the clear on this device.
 *
 * Stored in chunks of one byte string each (`packOpened`), so a reload reads a few records rather
 * than one object per entry.
 */

export interface OpenedEntry {
  /** The entry's map key. */
  key: string;
  /** The stored (sealed) value, as it was when opened. */
  value: Uint8Array;
  /** What it opened to: the packed entry, signature ‖ body. */
  plain: Uint8Array;
}

/** One chunk: the keys, and the values and plaintexts as `u32 length ‖ bytes`, two per key. */
export interface OpenedChunk {
  keys: string[];
  bytes: Uint8Array;
}

export function packOpened(entries: readonly OpenedEntry[]): OpenedChunk {
  let size = 0;
  for (const e of entries) size += 8 + e.value.length + e.plain.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let o = 0;
  for (const e of entries) {
    for (const part of [e.value, e.plain]) {
      view.setUint32(o, part.length);
      bytes.set(part, o + 4);
      o += 4 + part.length;
    }
  }
  return { keys: entries.map((e) => e.key), bytes };
}

/** The entries of a chunk, as views into its bytes; a chunk that does not add up gives none (it came from storage). */
export function unpackOpened(chunk: OpenedChunk): OpenedEntry[] {
  const { keys, bytes } = chunk;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: OpenedEntry[] = [];
  let o = 0;
  const part = (): Uint8Array | undefined => {
    if (o + 4 > bytes.length) return undefined;
    const length = view.getUint32(o);
    if (o + 4 + length > bytes.length) return undefined;
    const p = bytes.subarray(o + 4, o + 4 + length);
    o += 4 + length;
    return p;
  };
  for (const key of keys) {
    const value = part();
    const plain = part();
    if (value === undefined || plain === undefined) return [];
    out.push({ key, value, plain });
  }
  return o === bytes.length ? out : [];
}

/** Chunks merged, one entry per key: a later chunk's entry replaces an earlier one's. */
export function mergeOpened(chunks: Iterable<readonly OpenedEntry[]>): OpenedEntry[] {
  const byKey = new Map<string, OpenedEntry>();
  for (const chunk of chunks) for (const e of chunk) byKey.set(e.key, e);
  return [...byKey.values()];
}
