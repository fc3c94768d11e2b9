/** Checking a decoded pool file's events before anything of it is kept (poolFile.ts). */
import { decodeEvent } from "../core/events/decodeEvent.ts";
import type { AnyDecodedEvent, EventId } from "../core/events/types.ts";
import { verifyEvents } from "../core/events/verifyEvents.ts";
import type { Sha256, SignatureVerifier } from "../core/identity/cryptoPorts.ts";
import type { PoolFileContents } from "./poolFile.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

/**
 * Checks every event in a decoded file: it decodes, belongs to the file's pool, and its
 * signature verifies; the pool's genesis is there. One bad event refuses the whole file: a
 * file is one person's copy of a pool, and a changed event means someone changed the file.
 * `verified` leaves out a join whose invite is not in the file: its proof waits for the invite.
 */
export async function checkPoolFile(
  contents: PoolFileContents,
  deps: { sha256: Sha256; verifier: SignatureVerifier },
  expectedGenesisId?: EventId,
): Promise<SyncResult<{ decoded: AnyDecodedEvent[]; verified: ReadonlySet<EventId> }>> {
  if (expectedGenesisId !== undefined && contents.genesisId !== expectedGenesisId) {
    return syncRefuse("file-other-pool", `the file is for pool ${contents.genesisId}`);
  }
  const decoded: AnyDecodedEvent[] = [];
  for (const e of contents.events) {
    const r = decodeEvent(e.id, e, deps.sha256);
    if (!r.ok) return syncRefuse("file-tampered", `event ${e.id}: ${r.reason}`);
    const isGenesis = e.id === contents.genesisId;
    if (isGenesis ? r.value.body.type !== "pool.created" : r.value.body.pool !== contents.genesisId) {
      return syncRefuse("file-tampered", `event ${e.id}: wrong-pool`);
    }
    decoded.push(r.value);
  }
  if (!decoded.some((e) => e.id === contents.genesisId)) return syncRefuse("file-no-genesis");
  const byId = new Map(decoded.map((e) => [e.id, e]));
  const outcome = await verifyEvents(decoded, deps.verifier, (id) => byId.get(id));
  const bad = [...outcome.refused].sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  if (bad !== undefined) return syncRefuse("file-tampered", `event ${bad.id}: ${bad.reason}`);
  return syncOk({ decoded, verified: new Set(outcome.verified) });
}
