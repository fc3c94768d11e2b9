import { ok, type Result, refuse } from "../result.ts";

/**
 * The stored form of an encrypted entry (rules §9): `version ‖ epoch ‖ nonce ‖ AEAD(poolKey_epoch,
 * signature ‖ body, associated data = the entry's map key)`.
 *
 * - `version` (1 byte) tells this layout from a future one; a pool's document says whether its
 *   entries are encrypted at all (plaintext entries start with a signature: random bytes).
 * - `epoch` (4 bytes, big-endian) names the pool key that sealed it, so a phone that missed a
 *   rotation knows which key it lacks instead of guessing.
 * - the map key as associated data binds the ciphertext to its place: a copy moved under another
 *   key does not open, so the relay cannot swap entries around.
 */
export const ENVELOPE_VERSION = 1;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const HEADER_BYTES = 1 + 4;

export interface Envelope {
  epoch: number;
  /** nonce ‖ ciphertext ‖ tag, as the entry cipher made it. */
  sealed: Uint8Array;
}

export function encodeEnvelope(epoch: number, sealed: Uint8Array): Uint8Array {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > 0xffff_ffff)
    throw new Error(`encodeEnvelope: bad epoch ${epoch}`);
  const out = new Uint8Array(HEADER_BYTES + sealed.length);
  out[0] = ENVELOPE_VERSION;
  new DataView(out.buffer).setUint32(1, epoch, false);
  out.set(sealed, HEADER_BYTES);
  return out;
}

/** Reads an untrusted stored value; refuses what cannot be an envelope before any decryption. */
export function decodeEnvelope(bytes: Uint8Array): Result<Envelope> {
  if (bytes.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES) return refuse("not-decryptable", "too short");
  if (bytes[0] !== ENVELOPE_VERSION) return refuse("not-decryptable", `envelope version ${bytes[0]}`);
  const epoch = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, false);
  return ok({ epoch, sealed: bytes.subarray(HEADER_BYTES) });
}

const encoder = new TextEncoder();

/** The associated data of an entry: its map key's UTF-8 bytes. */
export function entryAssociatedData(mapKey: string): Uint8Array {
  return encoder.encode(mapKey);
}
