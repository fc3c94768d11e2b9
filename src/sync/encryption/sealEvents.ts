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
  const values = await Promise.all(events.map((e) => sealEntry(crypto, entryKey(e.id, e.at), packEntry(e))));
  return new Map(events.map((e, i) => [e.id, values[i] as Uint8Array]));
}
