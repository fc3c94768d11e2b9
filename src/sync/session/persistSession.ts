import { bytesEqual } from "../schema/docValues.ts";
import type { SessionInternals } from "./sessionInternals.ts";

/**
 * Saves what the session learned since the last call: verified (id, signature) pairs, first-seen
 * times, opened entries, and verified events in the archive. Archive before cache: a cached key
 * then always has its bytes in the archive, for healing after a reload.
 */
export async function persistSession(s: SessionInternals, verifiedNow: readonly string[]): Promise<void> {
  for (const k of verifiedNow) s.verifiedKeys.add(k);
  const newKeys = [...s.unpersisted, ...verifiedNow];
  s.unpersisted = [];
  const arrivals = s.newArrivals;
  s.newArrivals = [];
  // Kept only once decoded: a reload then parses them without hashing them again (readEvents).
  const opened = s.opener?.takeOpened((key, value) => decodedFine(s, key, value)) ?? [];
  // Not awaited: on a first open this is every entry, and the state need not wait for the write.
  if (opened.length > 0) s.deps.cache?.addOpened(s.poolId, opened).catch(s.onError);
  if (arrivals.length > 0) await s.deps.cache?.addNotes(s.poolId, { arrivals: new Map(arrivals) }).catch(s.onError);
  // A flood's event refused earlier may be accepted once a member pool arrives, with no new key.
  const flood = s.deps.genesisType === "flood.created";
  if (newKeys.length === 0 && !flood) return;
  try {
    if (s.deps.archive !== undefined) {
      const fresh = [...s.known.values()].filter((e) => !s.archived.has(e.id) && !s.refusedByCore.has(e.id));
      if (fresh.length > 0 || newKeys.length > 0) await s.deps.archive.addMany(s.poolId, fresh);
      for (const e of fresh) s.archived.add(e.id);
    }
    if (newKeys.length > 0) await s.deps.cache?.addMany(s.poolId, newKeys);
  } catch (err) {
    s.onError(err);
  }
}

/** Whether the last read decoded this stored value into an event (the decode memo says). */
function decodedFine(s: SessionInternals, key: string, value: Uint8Array): boolean {
  const seen = s.memo.get(key);
  return seen?.result.ok === true && bytesEqual(seen.value, value);
}
