/**
 * Runtime check of a loaded pool document's frame. Entries themselves are untrusted events
 * and are judged one by one by `readEvents` and the core; this only says whether the document
 * is a Pools document this app can read and write, and which schema version it is.
 */
import { type SyncResult, syncOk, syncRefuse } from "../syncReasons.ts";
import { POOL_SCHEMA_VERSION, type PoolDoc } from "./poolDoc.ts";

const isPlainMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/**
 * The schema version a document claims: its `schemaVersion`, or 0 for the draft layout that
 * had `events` and no version. `undefined` when it is no Pools document at all.
 */
export function schemaVersionOf(doc: unknown): number | undefined {
  if (!isPlainMap(doc)) return undefined;
  const v = doc.schemaVersion;
  if (v === undefined) return isPlainMap(doc.events) ? 0 : undefined;
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

export function validatePoolDoc(doc: unknown): SyncResult<PoolDoc> {
  const version = schemaVersionOf(doc);
  if (version === undefined) return syncRefuse("doc-not-a-pool");
  if (version > POOL_SCHEMA_VERSION) return syncRefuse("doc-newer-schema", `version ${version}`);
  if (version < POOL_SCHEMA_VERSION) return syncRefuse("doc-bad-schema", `version ${version} needs migrating`);
  if (!isPlainMap((doc as Record<string, unknown>).events)) return syncRefuse("doc-bad-schema", "events is not a map");
  return syncOk(doc as PoolDoc);
}
