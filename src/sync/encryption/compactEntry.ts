/**
 * A lossless, smaller form of an entry's plaintext, made before sealing (rules §9). Automerge
 * compresses plaintext entries well (every event repeats the pool id and the same JSON keys),
 * but a sealed entry is random bytes; without this a sealed vote took about 420 stored bytes
 * against 127 in plaintext, over the 400-byte budget.
 *
 * In the canonical body (RFC 8785 JSON, which never holds a raw byte below 0x20):
 *   `"<the pool id>"`           → 0x02
 *   `"<43 base64url chars>"`   → 0x01 ‖ the 32 bytes they encode (ids, member ids, keys)
 * The signature is kept as it is. Expanding gives back the exact signed bytes, and readers check
 * them against the event id as always, so a crafted compact form can only make junk.
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import { SIGNATURE_BYTES } from "../schema/poolDoc.ts";

const ID = 0x01;
const POOL = 0x02;
const QUOTE = 0x22;
const B64 = /^[A-Za-z0-9_-]{43}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function compactEntry(packed: Uint8Array, poolId: string): Uint8Array {
  const body = decoder.decode(packed.subarray(SIGNATURE_BYTES));
  const out: number[] = [];
  let i = 0;
  while (i < body.length) {
    const start = body.indexOf('"', i);
    if (start < 0) break;
    const candidate = body.slice(start + 1, start + 44);
    const bytes = body[start + 44] === '"' && B64.test(candidate) ? fromBase64url(candidate) : undefined;
    if (bytes === undefined || toBase64url(bytes) !== candidate) {
      // Not a 43-character id (or not in its one canonical spelling): copied as it is.
      out.push(...encoder.encode(body.slice(i, start + 1)));
      i = start + 1;
      continue;
    }
    out.push(...encoder.encode(body.slice(i, start)));
    if (candidate === poolId) out.push(POOL);
    else out.push(ID, ...bytes);
    i = start + 45;
  }
  out.push(...encoder.encode(body.slice(i)));
  const result = new Uint8Array(SIGNATURE_BYTES + out.length);
  result.set(packed.subarray(0, SIGNATURE_BYTES));
  result.set(out, SIGNATURE_BYTES);
  return result;
}

/** The signed bytes back from the compact form; a string says why it is malformed. Two passes, no garbage per byte. */
export function expandEntry(compact: Uint8Array, poolId: string): Uint8Array | string {
  if (compact.length <= SIGNATURE_BYTES) return "too short";
  const pool = encoder.encode(`"${poolId}"`);
  let size = SIGNATURE_BYTES;
  for (let i = SIGNATURE_BYTES; i < compact.length; i++) {
    const b = compact[i] as number;
    if (b === POOL) size += pool.length;
    else if (b === ID) {
      if (i + 33 > compact.length) return "truncated id";
      size += 45;
      i += 32;
    } else size += 1;
  }
  const out = new Uint8Array(size);
  out.set(compact.subarray(0, SIGNATURE_BYTES));
  let o = SIGNATURE_BYTES;
  for (let i = SIGNATURE_BYTES; i < compact.length; i++) {
    const b = compact[i] as number;
    if (b === POOL) {
      out.set(pool, o);
      o += pool.length;
    } else if (b === ID) {
      const text = toBase64url(compact.subarray(i + 1, i + 33));
      out[o++] = QUOTE;
      for (let k = 0; k < text.length; k++) out[o++] = text.charCodeAt(k);
      out[o++] = QUOTE;
      i += 32;
    } else out[o++] = b;
  }
  return out;
}
