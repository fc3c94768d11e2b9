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
    events.map((e) => sealEntry(crypto, entryKey(e.id, e.at), packEntry(e), isFloodRotation(e) ? 0 : undefined)),
  );
  return new Map(events.map((e, i) => [e.id, values[i] as Uint8Array]));
}

const decoder = new TextDecoder();

/**
 * A flood's rotation (`flood.key-rotated`, rules §9) is sealed under the flood's first key, which
 * every member of the flood holds (it travels in every `flood.join` and flood link), not under the
 * newest: a member who came to their pool after the last rotation lacks the newest key, and the
 * rotation that reaches them must be readable to them. Its keys are sealed to people, so whoever
 * else holds the first key reads only who received one.
 */
function isFloodRotation(e: EventToWrite): boolean {
  const text = decoder.decode(e.bytes);
  if (!text.includes('"flood.key-rotated"')) return false; // most writes: no parse
  try {
    return (JSON.parse(text) as { type?: unknown }).type === "flood.key-rotated";
  } catch {
    return false; // not an event body: sealed like any other value
  }
}
