/**
 * Keeps this relay's open documents up to date with what other relay processes store in the same
 * PostgreSQL database: when another process announces a chunk of a document this one has open,
 * the chunk is read and merged into the open copy (`Automerge.loadIncremental`, which skips
 * changes already held), and automerge-repo then syncs the change to this relay's peers as it
 * would a change from one of them. Documents not open here are left alone: they are read from the
 * table when someone asks for them.
 *
 * Announcements made while the listening connection was down are lost, so each time it comes
 * back every open document is reloaded from the table.
 */
import { getHeads, loadIncremental } from "@automerge/automerge";
import type { DocHandle, DocumentId, Repo, StorageKey } from "@automerge/automerge-repo";
import type { Logger } from "../log";
import type { PostgresStorage } from "./postgresStorage";

/** States in which the handle's document is settled (the repo is not in the middle of loading it). */
const SETTLED = ["ready", "unavailable"] as const;

/**
 * Heads that a merge added: they came from the table, so they and their history are stored. The
 * relay's write-ahead gate uses this to forward them without writing them again first.
 */
export type OnMerged = (documentId: DocumentId, storedHeads: string[]) => void;

export async function followOtherRelays(
  repo: Repo,
  storage: PostgresStorage,
  log: Logger,
  onMerged: OnMerged = () => {},
  /** Any document another process stored, whether or not this relay holds it in memory. */
  onAnnounced: (documentId: DocumentId) => void = () => {},
): Promise<void> {
  let listening = 0;
  await storage.listen(
    ({ key, data }) => {
      onAnnounced(key[0] as DocumentId);
      void merge(repo, storage, log, onMerged, key[0] as DocumentId, key, data);
    },
    () => {
      if (listening++ === 0) return; // the first subscription: nothing can have been missed yet
      log.warn("postgres.relisten", { reloading: Object.keys(repo.handles).length });
      for (const documentId of Object.keys(repo.handles) as DocumentId[])
        void merge(repo, storage, log, onMerged, documentId);
    },
  );
}

/** Merges one stored chunk (or, without a key, everything stored for the document) into the open copy. */
async function merge(
  repo: Repo,
  storage: PostgresStorage,
  log: Logger,
  onMerged: OnMerged,
  documentId: DocumentId,
  key?: StorageKey,
  announced?: Uint8Array,
): Promise<void> {
  const handle = repo.handles[documentId] as DocHandle<unknown> | undefined;
  if (handle === undefined) return;
  try {
    if (!handle.inState([...SETTLED])) {
      // The repo is reading the document from the table right now and will replace the document
      // with what it read (which may predate this chunk): merge after it is done.
      await handle.whenReady([...SETTLED]);
    }
    // An unavailable copy is empty, so a lone incremental chunk would not apply to it; and a chunk
    // may be gone by the time it is read (another process compacted the document into a
    // snapshot). In both cases read everything stored for the document.
    const wanted = key && !handle.isUnavailable();
    const chunk = wanted ? (announced ?? (await storage.load(key))) : undefined;
    const data = chunk ?? (await everything(storage, documentId));
    if (data.length === 0 || !handle.inState([...SETTLED])) return;
    let added: string[] = [];
    handle.update((doc) => {
      const before = new Set(getHeads(doc));
      const merged = loadIncremental(doc, data);
      added = getHeads(merged).filter((head) => !before.has(head));
      return merged;
    });
    if (added.length > 0) onMerged(documentId, added);
  } catch (err) {
    log.error("postgres.merge-failed", { documentId, key, error: err });
  }
}

async function everything(storage: PostgresStorage, documentId: DocumentId): Promise<Uint8Array> {
  const chunks = [
    ...(await storage.loadRange([documentId, "snapshot"])),
    ...(await storage.loadRange([documentId, "incremental"])),
  ];
  const total = chunks.reduce((n, c) => n + (c.data?.length ?? 0), 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    if (c.data === undefined) continue;
    out.set(c.data, at);
    at += c.data.length;
  }
  return out;
}
