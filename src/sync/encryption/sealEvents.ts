/** Seals events for writing into an encrypted pool (rules §9): each under its own map key. */
import type { EventId } from "../../core/events/types.ts";
import { entryKey } from "../schema/entryKey.ts";
import { packEntry } from "../schema/poolDoc.ts";
import type { EventToWrite } from "../writeEvents.ts";
import { type EntryCrypto, sealEntry } from "./entryCrypto.ts";

/** The stored value of each event, by id; `undefined` for a plaintext pool (no crypto). */
export async function sealEvents(
  crypto: EntryCrypto | undefined,
  events: readonly EventToWrite[],
): Promise<Map<EventId, Uint8Array> | undefined> {
  if (crypto === undefined) return undefined;
  const values = await Promise.all(
    events.map((e) => sealEntry(crypto, entryKey(e.id, e.at), packEntry(e), rotationSealEpoch(e))),
  );
  return new Map(events.map((e, i) => [e.id, values[i] as Uint8Array]));
}

const decoder = new TextDecoder();

/**
 * The epoch a rotation is sealed under, whoever writes it (its author, or a device healing it):
 *
 * - A flood's rotation (`flood.key-rotated`, rules §9) is sealed under the flood's first key,
 *   which every member of the flood holds (it travels in every `flood.join` and flood link), not
 *   under the newest: a member who came to their pool after the last rotation lacks the newest
 *   key, and the rotation that reaches them must be readable to them. Its keys are sealed to
 *   people, so whoever else holds the first key reads only who received one.
 * - A pool's rotation to epoch N is sealed under epoch N − 1: the key that hands over epoch N's
 *   must never be sealed under epoch N's own, or a phone without it could never read it. (Healing
 *   once wrote it back under the healer's newest key, and a phone that counted another rotation
 *   for N then shed it, and the healer wrote it back, without end.)
 *
 * Undefined for every other event: sealed under the newest epoch that counts.
 */
function rotationSealEpoch(e: EventToWrite): number | undefined {
  const text = decoder.decode(e.bytes);
  if (!text.includes('"flood.key-rotated"') && !text.includes('"pool.key-rotated"')) return undefined; // most writes: no parse
  try {
    const body = JSON.parse(text) as { type?: unknown; data?: { epoch?: unknown } };
    if (body.type === "flood.key-rotated") return 0;
    const epoch = body.data?.epoch;
    if (body.type === "pool.key-rotated" && typeof epoch === "number" && Number.isInteger(epoch) && epoch > 0)
      return epoch - 1;
    return undefined;
  } catch {
    return undefined; // not an event body: sealed like any other value
  }
}
