/** What the connection guard asks of the rest of the relay (wired in relay.ts). */
import type { DocumentId } from "@automerge/automerge-repo";
import type { DocumentPresence } from "../traffic/documentPresence";
import type { RefusalCounter, RefusalReason } from "../traffic/refusals";

export interface TrafficHooks {
  presence: DocumentPresence;
  refusals: RefusalCounter;
  /** Whether the relay's repo holds a handle for the document. */
  inMemory(documentId: DocumentId): boolean;
  /** Whether storage holds anything for the document. */
  hasStored(documentId: DocumentId): Promise<boolean>;
  /** A sync message for `documentId` from `conn` is handed to the repo. */
  onSync?(conn: number, documentId: DocumentId, bytes: number): void;
  /**
   * Storage's say on a sync message before the repo sees it (quotas, storageQuota.ts): undefined
   * accepts; a refusal closes the connection with 1008 and `text` as the reason.
   */
  admitSync?(
    address: string,
    documentId: DocumentId,
    frame: Uint8Array,
  ): { reason: RefusalReason; text: string } | undefined;
}
