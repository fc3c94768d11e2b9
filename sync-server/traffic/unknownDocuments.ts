/**
 * Requests for documents the relay does not have are answered without the repo.
 *
 * Handed to automerge-repo 2.5.6, a `request` for an unknown id creates a DocHandle (a state
 * machine), a synchronizer with a sync state and several cache entries, all kept after it answers
 * `doc-unavailable` (random ids at ~300/s grew the relay by ~300 MB in 20 s). So a `request` for an
 * id that is neither in memory nor on disk is answered `doc-unavailable` here, and nothing about it
 * is kept. A `sync` for an unknown id still goes to the repo: that is how a device uploads a new
 * document.
 */
import fs from "node:fs";
import path from "node:path";
import type { DocumentId } from "@automerge/automerge-repo";

/**
 * Whether the file store under `dataDir` holds anything for `documentId`, in the stock NodeFS
 * layout (`<dataDir>/<first 2 chars>/<rest>/…`) that storage.ts keeps.
 */
export function storedInDirectory(dataDir: string): (documentId: DocumentId) => Promise<boolean> {
  return async (documentId) => {
    try {
      const entries = await fs.promises.readdir(path.join(dataDir, documentId.slice(0, 2), documentId.slice(2)));
      return entries.length > 0;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") {
        return false;
      }
      throw err;
    }
  };
}

/** The reply the relay sends for a document it does not have, as the stock server would. */
export function docUnavailable(relayPeerId: string, targetId: string, documentId: DocumentId) {
  return { type: "doc-unavailable", senderId: relayPeerId, targetId, documentId } as const;
}
