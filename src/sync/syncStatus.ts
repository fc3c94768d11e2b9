/**
 * What the UI shows about syncing a pool: whether the relay is connected, and whether this
 * device's latest changes have reached it. The relay reports its heads for the document as we
 * sync (automerge-repo keeps them per storage id: `handle.getSyncInfo(storageId)`); the changes
 * this device holds beyond those heads are the ones the relay still lacks.
 */
import * as A from "@automerge/automerge/slim";
import { type DocHandle, decodeHeads, type Repo, type StorageId } from "@automerge/automerge-repo/slim";
import type { RelayLink } from "./repo/relayLink.ts";

export interface SyncStatus {
  /** The relay is connected right now. */
  online: boolean;
  /**
   * Changes on this device the relay does not hold yet: 0 when it has everything, a count when
   * known, `true` when it cannot be told yet (never synced with the relay, or the relay holds
   * changes this device has not received, so it is mid-sync).
   */
  pending: number | true;
}

export interface SyncStatusWatch {
  get(): SyncStatus;
  /** Called with the current status now and on every change. Returns an unsubscribe. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
  close(): void;
}

/**
 * The relay's last known heads of a document, kept on the device: automerge-repo forgets them
 * on reload, and a phone reloaded offline must still know which of its changes the relay lacks.
 */
const HEADS_KEY = (docId: string) => `pools.relayHeads.${docId}`;
const store = (): Storage | undefined => (typeof localStorage === "undefined" ? undefined : localStorage);

function rememberedHeads(docId: string): A.Heads | undefined {
  const text = store()?.getItem(HEADS_KEY(docId));
  if (!text) return undefined;
  try {
    const heads = JSON.parse(text) as unknown;
    return Array.isArray(heads) && heads.every((h) => typeof h === "string") ? (heads as A.Heads) : undefined;
  } catch {
    // A damaged entry is only a lost hint: the next sync with the relay writes it again.
    return undefined;
  }
}

export function watchSyncStatus<T>(repo: Repo, handle: DocHandle<T>, relay: RelayLink | undefined): SyncStatusWatch {
  const listeners = new Set<(status: SyncStatus) => void>();
  /** Remembered across disconnects, so that offline edits still count against what the relay last had. */
  let relayStorageId: StorageId | undefined;

  const compute = (): SyncStatus => {
    const online = relay?.connected ?? false;
    const peer = relay?.relayPeerId;
    if (peer !== undefined) relayStorageId = repo.getStorageIdOfPeer(peer) ?? relayStorageId;
    const info = relayStorageId === undefined ? undefined : handle.getSyncInfo(relayStorageId);
    if (!handle.isReady()) return { online, pending: true };
    let relayHeads: A.Heads | undefined;
    if (info !== undefined) {
      relayHeads = decodeHeads(info.lastHeads);
      store()?.setItem(HEADS_KEY(handle.documentId), JSON.stringify(relayHeads));
    } else relayHeads = rememberedHeads(handle.documentId);
    if (relayHeads === undefined) return { online, pending: true };
    const doc = handle.doc();
    if (!A.hasHeads(doc, relayHeads)) return { online, pending: true };
    return { online, pending: A.getChangesMetaSince(doc, relayHeads).length };
  };

  let status = compute();
  const update = () => {
    const next = compute();
    if (next.online === status.online && next.pending === status.pending) return;
    status = next;
    for (const l of listeners) l(status);
  };
  const unlink = relay?.onChange(update);
  handle.on("heads-changed", update);
  handle.on("remote-heads", update);

  return {
    get: () => status,
    subscribe(listener) {
      listeners.add(listener);
      listener(status);
      return () => listeners.delete(listener);
    },
    close() {
      unlink?.();
      handle.off("heads-changed", update);
      handle.off("remote-heads", update);
      listeners.clear();
    },
  };
}
