/**
 * docs/rules.md §10 disk quotas: bytes the relay reserved for a change it let in at the door
 * (sync-server/storageQuota.ts) are given back when the write that would have stored it is refused
 * (sync-server/storagePolicy.ts, the last wall). Before, they stayed reserved for good, and each such
 * refusal brought the relay closer to answering "the relay is full" while its disk was empty.
 */
import { from, generateSyncMessage, initSyncState, receiveSyncMessage } from "@automerge/automerge";
import { cbor } from "@automerge/automerge-repo";
import { afterEach, describe, expect, test } from "vitest";
import { createLogger } from "../../sync-server/log";
import { RelayStorage } from "../../sync-server/storagePolicy";
import { StorageQuota } from "../../sync-server/storageQuota";
import { noise } from "../helpers/floodingClient";
import { removeDir, tempDir } from "../helpers/relay";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A `sync` frame that carries a new document's changes (`bytes` of filler), as a client sends it. */
function frameWithChanges(documentId: string, bytes: number): Uint8Array {
  const source = from({ junk: noise(bytes) });
  let sourceState = initSyncState();
  let target = from<{ junk?: string }>({});
  let targetState = initSyncState();
  let message: Uint8Array | null;
  [sourceState, message] = generateSyncMessage(source, sourceState);
  [target, targetState] = receiveSyncMessage(target, targetState, message as Uint8Array);
  [targetState, message] = generateSyncMessage(target, targetState);
  [, sourceState] = receiveSyncMessage(source, sourceState, message as Uint8Array);
  [, message] = generateSyncMessage(source, sourceState);
  return cbor.encode({ type: "sync", senderId: "alice", targetId: "relay", documentId, data: message });
}

describe("relay disk quotas: reservations", () => {
  test("rules §10 quotas: a change let in at the door whose write is refused gives its reserved bytes back", async () => {
    const dir = tempDir("pools-relay-reserve-");
    dirs.push(dir);
    const logs: string[] = [];
    const log = createLogger("debug", (line) => logs.push(line));
    const storage = await RelayStorage.open(
      dir,
      { maxDocumentBytes: 8_000, maxTotalBytes: 9_000, maxNewDocumentsPerHour: 100 },
      log,
    );
    const quota = new StorageQuota(storage, 100, log);
    try {
      // Alice's document gets in at the door with about 4.8 KB of changes (filler compresses to ~70 %)...
      expect(quota.admit("10.0.0.1", "docAlice", frameWithChanges("docAlice", 7_000))).toBeUndefined();
      // ...but what the repo then writes for it is past the document quota, so it is not stored.
      await storage.save(["docAlice", "incremental", "h1"], new Uint8Array(9_000));
      expect(logs.some((l) => l.includes("storage.quota-refused-write"))).toBe(true);
      expect(storage.store.usage.total).toBe(0);

      // Nothing is stored, so bob's 5.5 KB document fits in the 9 KB relay.
      expect(quota.admit("10.0.0.2", "docBob", frameWithChanges("docBob", 8_000))).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});
