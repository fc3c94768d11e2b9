/**
 * Creating, finding and upgrading pool documents in a repo. Knows the schema, not the rules:
 * sessions (poolSession.ts) decide what goes in.
 */
import {
  type AutomergeUrl,
  type DocHandle,
  type DocumentId,
  generateAutomergeUrl,
  isValidAutomergeUrl,
  parseAutomergeUrl,
  type Repo,
} from "@automerge/automerge-repo/slim";
import type { RelayLink } from "./repo/relayLink.ts";
import { migratePoolDoc } from "./schema/migrations.ts";
import { POOL_SCHEMA_VERSION, type PoolDoc, poolDocSeed } from "./schema/poolDoc.ts";
import { schemaVersionOf, validatePoolDoc } from "./schema/validatePoolDoc.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

/**
 * A new document holding only the shared seed change (schema/poolDoc.ts), under a fresh id,
 * or under `documentId` when rebuilding a pool's document on a device that has never seen it.
 */
export function createSeededDocument(repo: Repo, documentId?: DocumentId): DocHandle<PoolDoc> {
  const id = documentId ?? parseAutomergeUrl(generateAutomergeUrl()).documentId;
  return repo.import<PoolDoc>(poolDocSeed(), { docId: id });
}

export interface FindOptions {
  /** The relay connection: when it is still connecting, the search waits for it. */
  relay?: RelayLink;
  /** How long to wait for the relay and then for the document from it (ms). Default 10,000. */
  relayWaitMs?: number;
}

const DEFAULT_RELAY_WAIT_MS = 10_000;

/**
 * Finds the document (in local storage, else from peers), upgrades an old schema, and checks its
 * frame. A repo asks only the peers it has at that moment, and gives up on the relay's
 * websocket after a second; on a slow network the relay may not be there yet. So when the
 * document is not found and the relay was not connected, this waits for the relay and for the
 * document to arrive from it (a handle marked unavailable still syncs when a peer brings it).
 */
export async function findPoolDocument(
  repo: Repo,
  docUrl: string,
  options: FindOptions = {},
): Promise<SyncResult<DocHandle<PoolDoc>>> {
  if (!isValidAutomergeUrl(docUrl)) return syncRefuse("doc-unavailable", "not an automerge URL");
  const { relay } = options;
  const relayWasConnected = relay?.connected === true;
  let handle: DocHandle<PoolDoc>;
  try {
    handle = await repo.find<PoolDoc>(docUrl as AutomergeUrl, { allowableStates: ["ready", "unavailable"] });
  } catch (err) {
    return syncRefuse("doc-unavailable", err instanceof Error ? err.message : String(err));
  }
  if (!handle.isReady() && relay !== undefined && !relayWasConnected) {
    const wait = options.relayWaitMs ?? DEFAULT_RELAY_WAIT_MS;
    if (await relay.whenConnected(wait)) {
      await handle.whenReady(["ready"], { signal: AbortSignal.timeout(wait) }).catch(() => undefined);
    }
  }
  if (!handle.isReady()) return syncRefuse("doc-unavailable");
  const upgraded = upgradePoolDocument(handle);
  return upgraded.ok ? syncOk(handle) : upgraded;
}

/** Runs any migrations the document needs (in one change), then validates it. */
export function upgradePoolDocument(handle: DocHandle<PoolDoc>): SyncResult<PoolDoc> {
  const version = schemaVersionOf(handle.doc());
  if (version !== undefined && version < POOL_SCHEMA_VERSION) {
    handle.change((doc) => {
      migratePoolDoc(doc as unknown as Record<string, unknown>);
    });
  }
  return validatePoolDoc(handle.doc());
}
