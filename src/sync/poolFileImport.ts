/**
 * Exporting a pool to a file and importing one, into a pool this device has open or as a pool
 * it has never seen (with no network at all). Merging is the union of events; events the core
 * refuses are left out and reported, like any other input.
 */
import { isValidAutomergeUrl, parseAutomergeUrl, type Repo } from "@automerge/automerge-repo/slim";
import type { Sha256 } from "../core/identity/cryptoPorts.ts";
import { importPoolKey } from "../crypto/aesGcmEntryCipher.ts";
import { createSeededDocument } from "./poolDocument.ts";
import { checkPoolFile, decodePoolFile, encodePoolFile } from "./poolFile.ts";
import { type AppendOk, type PoolSession, startPoolSession } from "./poolSession.ts";
import { openPool, type PoolDeps, poolRefOf } from "./pools.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

/** Every event this device holds for the pool that the core did not refuse, as a file (with the pool key, if any). */
export async function exportPoolFile(session: PoolSession, sha256: Sha256): Promise<Uint8Array> {
  const poolKey = await session.poolKeyForInvite();
  return encodePoolFile(
    {
      genesisId: session.poolId,
      docUrl: session.docUrl,
      events: session.knownEvents(),
      ...(poolKey ? { poolKey } : {}),
    },
    sha256,
  );
}

/** Merges a file into an open pool. A file of another pool, or a tampered one, changes nothing. */
export async function importIntoPool(
  session: PoolSession,
  file: Uint8Array,
  deps: PoolDeps,
): Promise<SyncResult<AppendOk>> {
  const contents = decodePoolFile(file, deps.sha256);
  if (!contents.ok) return contents;
  const checked = await checkPoolFile(contents.value, deps, session.poolId);
  if (!checked.ok) return checked;
  return session.append(contents.value.events, { partial: true });
}

/**
 * Opens the pool in a file on a device that does not have it: the document is rebuilt under
 * the file's document id from the shared seed (schema/poolDoc.ts), so that once online it
 * syncs with everyone else's copy as one history. A device that already has the pool merges
 * into it instead.
 */
export async function importPoolFile(
  repo: Repo,
  file: Uint8Array,
  deps: PoolDeps,
): Promise<SyncResult<{ session: PoolSession; merged: AppendOk }>> {
  const contents = decodePoolFile(file, deps.sha256);
  if (!contents.ok) return contents;
  const { genesisId, docUrl, events, poolKey } = contents.value;
  const checked = await checkPoolFile(contents.value, deps);
  if (!checked.ok) return checked;
  if (!isValidAutomergeUrl(docUrl)) return syncRefuse("file-damaged", "document URL");
  const { documentId } = parseAutomergeUrl(docUrl);

  let session: PoolSession;
  const known = await deps.device?.getPool(genesisId);
  // The file's key (rules §9): kept when this device remembers the pool, else lent to this session.
  if (poolKey !== undefined && deps.poolKeys !== undefined) {
    if (deps.device !== undefined) await deps.poolKeys.saveKey(genesisId, poolKey.epoch, poolKey.raw);
    else deps = { ...deps, extraKeys: [...(deps.extraKeys ?? []), await importPoolKey(poolKey.epoch, poolKey.raw)] };
  }
  const held = repo.handles[documentId];
  if (known !== undefined || held?.isReady()) {
    const opened = await openPool(repo, { docUrl: known?.docUrl ?? docUrl, genesisId }, deps);
    if (!opened.ok) return opened;
    session = opened.value;
  } else {
    session = await startPoolSession(createSeededDocument(repo, documentId), genesisId, deps);
  }
  const merged = await session.append(events, { partial: true });
  if (!merged.ok) {
    session.close();
    return merged;
  }
  if (deps.device !== undefined) await deps.device.savePool(poolRefOf(session));
  return syncOk({ session, merged: merged.value });
}
