/**
 * Loading a document's chunks when some may be damaged: keep what is sound, move the rest aside,
 * and never hand automerge-repo bytes that make the document unservable.
 *
 * - A chunk whose framing or checksum fails (storageChunks.ts) is moved aside (`<dataDir>/.damaged/`
 *   in the file store, the `pools_relay_damaged` table over PostgreSQL) with a `storage.chunk-damaged`
 *   log line. The whole Automerge chunks at its start, if any, are
 *   written back under the same key, so a cut-short incremental file loses only its cut-off tail.
 * - If, after that, what is left gives a document with no visible state (say, its snapshot was the
 *   damaged or lost part and the incremental changes all build on it), the relay treats the document as not
 *   stored: a peer asking for it gets `doc-unavailable` instead of waiting forever, and the next
 *   device that syncs its full copy rebuilds it (the relay then saves a fresh snapshot). The sound
 *   chunks stay on disk and are merged in again at the next load.
 */
import { getHeads, init, loadIncremental } from "@automerge/automerge";
import type { Chunk, StorageKey } from "@automerge/automerge-repo";
import type { Logger } from "./log";
import { checkChunks } from "./storageChunks";

export interface ChunkStore {
  /** Moves the chunk out of its document, kept for the operator; returns where it went. */
  moveAside(key: StorageKey, problem: string): Promise<string | undefined>;
  save(key: StorageKey, data: Uint8Array): Promise<void>;
}

export interface DocumentChunks {
  snapshots: Chunk[];
  incrementals: Chunk[];
}

export async function soundChunks(
  documentId: string,
  loaded: DocumentChunks,
  store: ChunkStore,
  log: Logger,
  /** Whether `loaded` is all of the document (only then can "nothing visible is left" be judged). */
  whole = true,
): Promise<DocumentChunks & { repaired: boolean }> {
  let damaged = 0;
  const keep = async (chunks: Chunk[]): Promise<Chunk[]> => {
    const kept: Chunk[] = [];
    for (const chunk of chunks) {
      if (chunk.data === undefined) continue;
      const check = checkChunks(chunk.data);
      if (check.problem === undefined) {
        kept.push(chunk);
        continue;
      }
      damaged++;
      const movedTo = await store.moveAside(chunk.key, check.problem);
      log.warn("storage.chunk-damaged", {
        documentId,
        key: chunk.key.join("/"),
        bytes: chunk.data.byteLength,
        soundBytes: check.validBytes,
        problem: check.problem,
        movedTo,
      });
      if (check.validBytes > 0) {
        const data = chunk.data.slice(0, check.validBytes);
        await store.save(chunk.key, data);
        kept.push({ key: chunk.key, data });
      }
    }
    return kept;
  };
  const snapshots = await keep(loaded.snapshots);
  const incrementals = await keep(loaded.incrementals);
  // automerge-repo writes a snapshot before any incremental, so incrementals without one mean the
  // snapshot was lost: then, as after damage, check what is left shows anything (one extra load,
  // only in these cases). A relay handing out an empty document would leave readers waiting.
  const snapshotLost = snapshots.length === 0 && incrementals.length > 0;
  if (!whole || (damaged === 0 && !snapshotLost)) return { snapshots, incrementals, repaired: damaged > 0 };

  if (!hasVisibleState([...snapshots, ...incrementals])) {
    log.warn("storage.document-unavailable", {
      documentId,
      reason: damaged > 0 ? "what is left after moving damaged chunks aside does not load" : "its snapshot is missing",
      next: "rebuilt from the next full copy a device syncs",
    });
    return { snapshots: [], incrementals: [], repaired: true };
  }
  return { snapshots, incrementals, repaired: true };
}

function hasVisibleState(chunks: Chunk[]): boolean {
  if (chunks.length === 0) return false;
  try {
    let doc = init();
    for (const chunk of chunks) if (chunk.data) doc = loadIncremental(doc, chunk.data);
    return getHeads(doc).length > 0;
  } catch {
    return false;
  }
}
