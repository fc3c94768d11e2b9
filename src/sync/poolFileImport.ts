/**
 * Exporting a pool to a file and importing one, into a pool this device has open or as a pool
 * it has never seen (with no network at all). Merging is the union of events; events the core
 * refuses are left out and reported, like any other input.
 *
 * An encrypted pool's file is sealed (rules §9): it opens with the keys this phone holds, or with
 * the keys of the pool's invite link handed over beside it. Entries sealed under an epoch this
 * phone has no key for wait while the rest is merged, since a rotation among those may hand the
 * key over; what still does not open is reported, never guessed at.
 */
import { isValidAutomergeUrl, parseAutomergeUrl, type Repo } from "@automerge/automerge-repo/slim";
import type { EventId } from "../core/events/types.ts";
import type { Sha256 } from "../core/identity/cryptoPorts.ts";
import { checkPoolFile } from "./checkPoolFile.ts";
import { cryptoOf } from "./encryption/poolCrypto.ts";
import { type OpenedFileEntries, openFileEntries } from "./encryption/sealedFileEntries.ts";
import { createSeededDocument } from "./poolDocument.ts";
import { decodePoolFile, encodePoolFile, type PoolFileContents, type SealedFileEntry } from "./poolFile.ts";
import { type AppendOk, type PoolSession, startPoolSession } from "./poolSession.ts";
import { type LinkedPoolKey, openPool, type PoolDeps, poolRefOf, withExtraKeys } from "./pools.ts";
import type { ArchivedEvent } from "./storage/eventArchive.ts";
import { verificationKey } from "./storage/verificationCache.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

/** What merging a file did. */
export interface FileImportOk extends AppendOk {
  /** Sealed entries under a key this phone does not hold, even after the merge. */
  unreadable: number;
  /**
   * Entries that waited for a key the merge handed over and then did not open under it, or
   * held another event than their map key names: changed by someone, and left out. (An entry
   * the phone could open at once refuses the whole file instead.)
   */
  changed: number;
}

/** Every event this device holds for the pool that the core did not refuse, as a file (sealed, for an encrypted pool). */
export async function exportPoolFile(session: PoolSession, sha256: Sha256): Promise<Uint8Array> {
  const sealed = await session.sealedForFile();
  return encodePoolFile(
    {
      genesisId: session.poolId,
      docUrl: session.docUrl,
      events: sealed === undefined ? session.knownEvents() : [],
      ...(sealed === undefined ? {} : { sealed }),
    },
    sha256,
  );
}

/** Merges a file into an open pool. A file of another pool, or a tampered one, changes nothing. */
export async function importIntoPool(
  session: PoolSession,
  file: Uint8Array,
  deps: PoolDeps,
): Promise<SyncResult<FileImportOk>> {
  const contents = decodePoolFile(file, deps.sha256);
  if (!contents.ok) return contents;
  if (contents.value.genesisId !== session.poolId)
    return syncRefuse("file-other-pool", `the file is for pool ${contents.value.genesisId}`);
  const first = await firstEvents(contents.value, deps, () => session.openSealedEntries(contents.value.sealed ?? []));
  if (!first.ok) return first;
  const appended = await session.append(first.value.events, { partial: true, verifiedBefore: first.value.verified });
  if (!appended.ok) return appended;
  return openTheRest(session, appended.value, first.value.events, first.value.waiting);
}

/**
 * Opens the pool in a file on a device that does not have it: the document is rebuilt under
 * the file's document id from the shared seed (schema/poolDoc.ts), so that once online it
 * syncs with everyone else's copy as one history. A device that already has the pool merges
 * into it instead. `link`: the pool's invite link handed over beside a sealed file, for its keys.
 */
export async function importPoolFile(
  repo: Repo,
  file: Uint8Array,
  deps: PoolDeps,
  link?: { genesisId: EventId; keys: readonly LinkedPoolKey[] },
): Promise<SyncResult<{ session: PoolSession; merged: FileImportOk }>> {
  const contents = decodePoolFile(file, deps.sha256);
  if (!contents.ok) return contents;
  const { genesisId, docUrl, poolKey } = contents.value;
  if (!isValidAutomergeUrl(docUrl)) return syncRefuse("file-damaged", "document URL");
  if (link !== undefined && link.genesisId !== genesisId)
    return syncRefuse("file-other-pool", `the invite link is for pool ${link.genesisId}, the file for ${genesisId}`);
  const { documentId } = parseAutomergeUrl(docUrl);
  // A version-2 file carried its key; a sealed file opens with this device's keys and the link's.
  const given = [...(link?.keys ?? []), ...(poolKey ? [poolKey] : [])];
  const keyDeps = await withExtraKeys(deps, given);
  const first = await firstEvents(contents.value, deps, async () => {
    const crypto = await cryptoOf(genesisId, keyDeps);
    return crypto === undefined
      ? syncRefuse("file-key-missing", "this phone holds no key for the pool")
      : syncOk(await openFileEntries(crypto, contents.value.sealed ?? [], deps.sha256));
  });
  if (!first.ok) return first;

  // The keys proved to be the pool's: kept when this device remembers the pool, else lent to this session.
  if (given.length > 0 && deps.poolKeys !== undefined && deps.device !== undefined)
    for (const k of given) await deps.poolKeys.saveKey(genesisId, k.epoch, k.raw);
  const sessionDeps = deps.device === undefined ? keyDeps : deps;
  const known = await deps.device?.getPool(genesisId);
  let session: PoolSession;
  const held = repo.handles[documentId];
  if (known !== undefined || held?.isReady()) {
    const opened = await openPool(repo, { docUrl: known?.docUrl ?? docUrl, genesisId }, sessionDeps);
    if (!opened.ok) return opened;
    session = opened.value;
  } else {
    session = await startPoolSession(createSeededDocument(repo, documentId), genesisId, sessionDeps);
  }
  const appended = await session.append(first.value.events, { partial: true, verifiedBefore: first.value.verified });
  if (!appended.ok) {
    session.close();
    return appended;
  }
  const merged = await openTheRest(session, appended.value, first.value.events, first.value.waiting);
  if (deps.device !== undefined) await deps.device.savePool(poolRefOf(session));
  if (!merged.ok) {
    session.close();
    return merged;
  }
  return syncOk({ session, merged: merged.value });
}

/**
 * The events a file gives with the keys at hand, all checked (checkPoolFile.ts): the
 * whole file is refused when one of them, or one sealed entry, was changed.
 */
async function firstEvents(
  contents: PoolFileContents,
  deps: PoolDeps,
  open: () => Promise<SyncResult<OpenedFileEntries>>,
): Promise<SyncResult<{ events: ArchivedEvent[]; waiting: SealedFileEntry[]; verified: Set<string> }>> {
  let events = contents.events;
  let waiting: SealedFileEntry[] = [];
  if (contents.sealed !== undefined) {
    const opened = await open();
    if (!opened.ok) return opened;
    if (opened.value.spoiled.length > 0) return syncRefuse("file-tampered", opened.value.spoiled[0]);
    if (opened.value.events.length === 0 && opened.value.waiting.length > 0)
      return syncRefuse(
        "file-key-missing",
        `${opened.value.waiting.length} sealed entries, none under a key this phone holds`,
      );
    ({ events, waiting } = opened.value);
  }
  const checked = await checkPoolFile({ ...contents, events }, deps);
  if (!checked.ok) return checked;
  // What verified here need not be checked again by the merge.
  const verified = events.filter((e) => checked.value.verified.has(e.id)).map((e) => verificationKey(e.id, e.sig));
  return syncOk({ events, waiting, verified: new Set(verified) });
}

/**
 * Entries that waited for a key: each merge may have handed the session a rotated key, so open
 * again while that gives more. These are checked as the session checks any input (append); an
 * entry that does not open under the key it waited for is counted as changed, and left out: the
 * events merged before it stay.
 */
async function openTheRest(
  session: PoolSession,
  merged: AppendOk,
  opened: readonly ArchivedEvent[],
  waiting: SealedFileEntry[],
): Promise<SyncResult<FileImportOk>> {
  const total = { written: [...merged.written], pending: [...merged.pending], refused: [...merged.refused] };
  const held = new Set<EventId>(opened.map((e) => e.id));
  let left = waiting;
  let spoiled = 0;
  while (left.length > 0) {
    const again = await session.openSealedEntries(left);
    if (!again.ok) break;
    spoiled += again.value.spoiled.length;
    const fresh = again.value.events.filter((e) => !held.has(e.id));
    left = again.value.waiting;
    if (fresh.length === 0) break;
    for (const e of fresh) held.add(e.id);
    const appended = await session.append(fresh, { partial: true });
    if (!appended.ok) return appended;
    total.written.push(...appended.value.written);
    total.pending.push(...appended.value.pending);
    total.refused.push(...appended.value.refused);
  }
  return syncOk({ ...total, unreadable: left.length, changed: spoiled });
}
