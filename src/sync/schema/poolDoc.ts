/**
 * The pool document, schema v2 (docs/rules.md §3, §9):
 *
 *   { schemaVersion: 2, encryption?: 1, movedTo?: bytes, movedFrom?: bytes, events: { [key]: entry } }
 *   key   = base36(at), zero-padded to 11 characters, "." event id     (entryKey.ts)
 *   entry = signature (64 bytes) ‖ canonical body bytes                (no `encryption`)
 *         = envelope(epoch, AEAD(pool key, signature ‖ body, key))    (`encryption: 1`, core/encryption/envelope.ts)
 *
 * `encryption` tells a device that holds no key for the pool that its entries are sealed (so it
 * must not write plaintext beside them); a device that holds a key always seals and always
 * opens, whatever the document says, since anyone with the URL can edit that field. v1 had no
 * `encryption`; its pools are plaintext until a member re-writes them encrypted
 * (encryption/encryptPool.ts).
 *
 * Bytes, never strings: Automerge 3 turns every plain string into a character-level text
 * CRDT, which is slow to load and lets concurrent writers interleave characters. Map keys are
 * plain keys, not text, so ids are fine as keys.
 *
 * One bytes value per event rather than a { b, s } map: measured on 10,000 vote events written
 * in batches of 100, loading the saved document took 257 ms packed against 1,479 ms as nested
 * maps (about 110 stored bytes per event either way), and only the packed form fits the
 * "open 10,000 events in 500 ms" budget (docs/rules.md §8). It also makes every write of an event
 * one atomic value: nobody can swap the signature alone, and a conflict is between whole
 * entries. The draft layout with { b, s } maps is schema v0 (migrations.ts).
 */
import * as A from "@automerge/automerge/slim";
import type { StoredEvent } from "../../core/events/types.ts";

export const POOL_SCHEMA_VERSION = 2;

/** Ed25519 signatures are 64 bytes; the entry starts with one. */
export const SIGNATURE_BYTES = 64;

export interface PoolDocV2 {
  schemaVersion: 2;
  /** The envelope version its entries are sealed with; absent in a plaintext pool. */
  encryption?: number;
  /** Keyed by `entryKeyOf(event)`: the event's time, then its id. */
  events: { [entryKey: string]: Uint8Array };
  /** A plaintext pool moved into an encrypted document: that document's id, as bytes (encryption/encryptPool.ts). */
  movedTo?: Uint8Array;
  /** In the encrypted document: the plaintext document it moved from, as bytes (members ask there for keys). */
  movedFrom?: Uint8Array;
}

/** The current schema. */
export type PoolDoc = PoolDocV2;

/** The stored value of one event: its signature, then its exact signed bytes. */
export function packEntry(event: StoredEvent): Uint8Array {
  if (event.sig.length !== SIGNATURE_BYTES)
    throw new Error(`packEntry: a signature is ${SIGNATURE_BYTES} bytes, got ${event.sig.length}`);
  const entry = new Uint8Array(SIGNATURE_BYTES + event.bytes.length);
  entry.set(event.sig, 0);
  entry.set(event.bytes, SIGNATURE_BYTES);
  return entry;
}

/** Splits an untrusted stored value; a string says why it is no entry. The parts are views, not copies. */
export function unpackEntry(value: unknown): StoredEvent | string {
  if (!(value instanceof Uint8Array)) return "entry is not bytes";
  if (value.length <= SIGNATURE_BYTES) return "entry is too short to hold a signature and a body";
  return { sig: value.subarray(0, SIGNATURE_BYTES), bytes: value.subarray(SIGNATURE_BYTES) };
}

/**
 * Every pool document starts with the same first change: same actor, time and content, so the
 * same hash everywhere. A device that imports a pool file with no network can then rebuild the
 * document under its id and later sync with the relay's copy as one history: both write into
 * the same `events` map instead of two rival maps. Local changes after the seed use the
 * device's own random actor (the repo gives each handle one), never this one.
 */
const SEED_ACTOR = "506f6f6c7320736565642076310a0000"; // "Pools seed v1\n" in hex, padded

let seed: Uint8Array | undefined;

export function poolDocSeed(): Uint8Array {
  if (seed === undefined) {
    const doc = A.change(A.init<PoolDoc>({ actor: SEED_ACTOR }), { time: 0 }, (d) => {
      d.schemaVersion = POOL_SCHEMA_VERSION;
      d.events = {};
    });
    seed = A.save(doc);
  }
  return seed;
}
