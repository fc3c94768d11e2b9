/**
 * The entries of an encrypted pool's file (rules §9, poolFile.ts version 3): sealed exactly as a
 * pool document stores them, so the file reads as nothing without the pool's key.
 *
 * Each event goes into the file as the value its document holds, when that value opens to the
 * event: then every entry stays under the epoch it was written in, and a phone that has not yet
 * taken the newest key (it was offline through a rotation) still opens the rotation that hands
 * it over. An event the document does not hold that way (not written yet, or shed) is sealed
 * afresh under the newest key.
 */
import { eventIdOf } from "../../core/events/decodeEvent.ts";
import type { Sha256 } from "../../core/identity/cryptoPorts.ts";
import type { SealedFileEntry } from "../poolFile.ts";
import { bytesEqual } from "../schema/docValues.ts";
import { entryKey, parseEntryKey } from "../schema/entryKey.ts";
import { packEntry, unpackEntry } from "../schema/poolDoc.ts";
import type { ArchivedEvent } from "../storage/eventArchive.ts";
import type { EventToWrite } from "../writeEvents.ts";
import { type EntryCrypto, openEntry, sealEntry } from "./entryCrypto.ts";

/** The sealed entry of each event, reusing the document's value where it is that event's. */
export async function sealForFile(
  crypto: EntryCrypto,
  events: readonly EventToWrite[],
  storedValue: (mapKey: string) => unknown,
): Promise<SealedFileEntry[]> {
  return Promise.all(
    events.map(async (e) => {
      const key = entryKey(e.id, e.at);
      const packed = packEntry(e);
      const stored = storedValue(key);
      if (stored instanceof Uint8Array) {
        const opened = await openEntry(crypto, key, stored);
        if (opened instanceof Uint8Array && bytesEqual(opened, packed)) return { key, value: stored };
      }
      return { key, value: await sealEntry(crypto, key, packed) };
    }),
  );
}

/** What a phone could open of a sealed file with the keys it holds now. */
export interface OpenedFileEntries {
  events: ArchivedEvent[];
  /** Entries of an epoch whose key this phone does not hold (yet): a rotation in the file may hand it over. */
  waiting: SealedFileEntry[];
  /**
   * Why each entry was refused: it does not open under a key this phone holds, or it holds
   * another event than its map key names. A file is one person's copy of a pool: such an entry
   * means someone changed it (poolFileImport.ts refuses the whole file).
   */
  spoiled: string[];
}

/** Opens every entry it holds a key for. */
export async function openFileEntries(
  crypto: EntryCrypto,
  entries: readonly SealedFileEntry[],
  sha256: Sha256,
): Promise<OpenedFileEntries> {
  const opened = await Promise.all(entries.map((e) => openEntry(crypto, e.key, e.value)));
  const events: ArchivedEvent[] = [];
  const waiting: SealedFileEntry[] = [];
  const spoiled: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const packed = opened[i]!;
    if (!(packed instanceof Uint8Array)) {
      if (packed.reason === "key-missing") waiting.push(entry);
      else spoiled.push(`entry ${entry.key}: ${packed.detail}`);
      continue;
    }
    const stored = unpackEntry(packed);
    if (typeof stored === "string") {
      spoiled.push(`entry ${entry.key}: ${stored}`);
      continue;
    }
    const id = eventIdOf(stored.bytes, sha256);
    if (parseEntryKey(entry.key)?.id === id) events.push({ id, bytes: stored.bytes.slice(), sig: stored.sig.slice() });
    else spoiled.push(`entry ${entry.key}: holds another event (${id})`);
  }
  return { events, waiting, spoiled };
}
