/**
 * Values sealed under an epoch no rotation introduced (rules §9). A device holding the key of
 * epoch m and of no later one treats a value of an epoch after m as junk, unless it can read a
 * `pool.key-rotated` (in a flood, `flood.key-rotated`) naming epoch m + 1 (counted or not: waiting
 * for its time, or refused).
 *
 * Why this never sheds a member's value: a value of epoch m + 1 or later exists only after a
 * rotation to m + 1, which is sealed under m's key, and a document delivers an entry only with the
 * changes it was written after, so this device can read that rotation. Until it has taken the
 * new key (it has not derived the rotation yet, the rotation waits for its time, or it was not
 * sealed to this device because its person left), it sheds nothing of a later epoch: those values
 * stay `key-missing`. An epoch before m whose key it lacks (it joined later) is never junk.
 *
 * Someone with the document's URL who deletes the rotation itself can make devices shed later
 * values; deleting those values directly is as easy, and either way healing writes them back.
 */
import { decodeEnvelope } from "../../core/encryption/envelope.ts";
import type { AnyDecodedEvent } from "../../core/events/types.ts";

/** The epoch after which values are junk, or undefined when a readable rotation names `newest + 1`. */
export function junkAfterEpoch(newest: number, events: Iterable<AnyDecodedEvent>): number | undefined {
  for (const e of events)
    if ((e.body.type === "pool.key-rotated" || e.body.type === "flood.key-rotated") && e.body.data.epoch === newest + 1)
      return undefined;
  return newest;
}

/** The epoch a stored value names, if it reads as an envelope. */
export function epochOfValue(value: unknown): number | undefined {
  if (!(value instanceof Uint8Array)) return undefined;
  const envelope = decodeEnvelope(value);
  return envelope.ok ? envelope.value.epoch : undefined;
}

/**
 * The last part of a junk mark (storage/verificationCache.ts `junkMark`) for a value shed for its
 * epoch: such a mark is forgotten once the rule above no longer calls that epoch junk. It cannot
 * be mistaken for a member id (43 characters).
 */
export function epochMarkTag(epoch: number): string {
  return `epoch-${epoch}`;
}

export function epochOfMarkTag(tag: string): number | undefined {
  const m = /^epoch-(\d{1,10})$/.exec(tag);
  return m === null ? undefined : Number(m[1]);
}
