/**
 * One document chunk written under its document's quota and announced to the other relay
 * processes, in a single statement.
 *
 * The check and the write hold the document's usage row (`for update`), so two relays writing the
 * same document take turns and the second sees the first's bytes. The announcement (`pg_notify`)
 * is delivered at commit, so the others learn about the chunk only once it can be read; a chunk
 * already stored with the same bytes is neither written nor announced again: a relay that merged
 * another's change saves it too (automerge-repo saves every change to an open document), usually
 * as the very same chunk, and that echo would otherwise bounce between the relays.
 */
import type { StorageKey } from "@automerge/automerge-repo";
import type postgres from "postgres";
import { inlineData } from "./announcements";
import { CHANNEL, TABLE, USAGE_TABLE } from "./schema";

export interface ChunkWrite {
  /** The chunk's key: `[documentId, "incremental" | "snapshot", hash]`. */
  key: StorageKey;
  data: Uint8Array;
  /** The document quota in bytes; undefined for none. */
  maxDocumentBytes: number | undefined;
  /** Tells this process's announcements from the others'. */
  origin: string;
  /** Whether this process already knows of a usage row for the document. */
  usageKnown: boolean;
}

/** The document's counts after the statement (before it, when nothing was written). */
export interface ChunkWriteResult {
  bytes: number;
  documentBytes: number;
  /** False when the quota refused the chunk (nothing written). */
  allowed: boolean;
}

export async function writeChunkWithinQuota(
  sql: postgres.Sql,
  { key, data, maxDocumentBytes, origin, usageKnown }: ChunkWrite,
): Promise<ChunkWriteResult> {
  const documentId = key[0] as string;
  const limit = maxDocumentBytes ?? -1;
  const inline = inlineData(data);
  if (!usageKnown) {
    // A first write has no usage row to hold: make one, so that first writes take turns too
    // (automerge-repo may run two saves of a new document at once; so may two relays).
    await sql`
      insert into ${sql(USAGE_TABLE)} (document_id, bytes, document_bytes) values (${documentId}, 0, 0)
      on conflict (document_id) do nothing`;
  }
  const snapshot = key[1] === "snapshot";
  const [result] = await sql<{ bytes: string; document_bytes: string; allowed: boolean; written: boolean }[]>`
    with held as (
      select bytes, document_bytes from ${sql(USAGE_TABLE)} where document_id = ${documentId} for update
    ), before as (
      select coalesce((select bytes from held), 0) as bytes,
             coalesce((select document_bytes from held), 0) as document_bytes
    ), after as (
      select bytes + ${data.length} as bytes,
             case when ${snapshot} then ${data.length} else document_bytes + ${data.length} end as document_bytes
      from before
    ), check_ as (
      -- The same bytes already stored under this key (a relay saving a chunk it merged from
      -- another) take no room: never refused.
      select ${limit}::bigint < 0 or (select document_bytes from after) <= ${limit}::bigint
        or exists (select 1 from ${sql(TABLE)} where key = ${key}::text[] and data = ${data}::bytea) as allowed
    ), saved as (
      insert into ${sql(TABLE)} as t (key, data)
      select ${key}::text[], ${data}::bytea where (select allowed from check_)
      on conflict (key) do update set data = excluded.data where t.data is distinct from excluded.data
      returning 1
    )
    select case when w.written then a.bytes else b.bytes end::text as bytes,
           case when w.written then a.document_bytes else b.document_bytes end::text as document_bytes,
           c.allowed, w.written,
           (select pg_notify(${CHANNEL}, json_build_object(
              'origin', ${origin}::text, 'key', ${key}::text[], 'data', ${inline}::text,
              'bytes', a.bytes, 'documentBytes', a.document_bytes
            )::text) from saved) as announced
    from before b, after a, check_ c, (select exists (select 1 from saved) as written) w`;
  return {
    bytes: Number(result?.bytes ?? 0),
    documentBytes: Number(result?.document_bytes ?? 0),
    allowed: result?.allowed ?? false,
  };
}
