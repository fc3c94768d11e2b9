/**
 * What a test relay has stored, read from outside the relay in whichever store it uses: its data
 * directory (the file store) or its PostgreSQL database. Quota and repair tests assert on these,
 * so the same test holds for both stores.
 */
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { DAMAGED_TABLE, TABLE, USAGE_TABLE } from "../../sync-server/postgres/schema";
import type { TestRelay } from "./relay";

/** automerge-repo's own id for the store: saved like a document, but none. */
const ADAPTER_ID = "storage-adapter-id";

async function query<T>(databaseUrl: string, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Bytes stored for documents, as the operator would count them: every file under the data
 * directory (`du`, damaged and temporary files included), or every chunk row's bytes in the
 * database (moved-aside rows included).
 */
export async function storedBytes(relay: TestRelay): Promise<number> {
  const { databaseUrl } = relay;
  if (databaseUrl === undefined) {
    let total = 0;
    for (const entry of fs.readdirSync(relay.dataDir, { recursive: true, withFileTypes: true })) {
      // A compaction may rename a file away between the listing and the stat: it no longer counts.
      if (entry.isFile())
        total += fs.statSync(path.join(entry.parentPath, entry.name), { throwIfNoEntry: false })?.size ?? 0;
    }
    return total;
  }
  return query(databaseUrl, async (sql) => {
    const [row] = await sql<{ bytes: string }[]>`
      select coalesce(sum(octet_length(data)), 0)
        + (select coalesce(sum(octet_length(data)), 0) from ${sql(DAMAGED_TABLE)}) as bytes
      from ${sql(TABLE)}`;
    return Number(row?.bytes ?? 0);
  });
}

/** How many documents have something stored. */
export async function storedDocuments(relay: TestRelay): Promise<number> {
  const { databaseUrl } = relay;
  if (databaseUrl === undefined) {
    // <2 chars>/<rest of id>/ per document (files at the top, such as vapid.json, are not documents)
    return fs
      .readdirSync(relay.dataDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith("."))
      .flatMap((d) =>
        fs.readdirSync(path.join(relay.dataDir, d.name)).filter((rest) => `${d.name}${rest}` !== ADAPTER_ID),
      ).length;
  }
  return query(databaseUrl, async (sql) => {
    const [row] = await sql<{ n: string }[]>`
      select count(distinct key[1]) as n from ${sql(TABLE)} where key[1] <> ${ADAPTER_ID}`;
    return Number(row?.n ?? 0);
  });
}

/** Whether anything is stored for one document. */
export async function isStored(
  relay: Pick<TestRelay, "dataDir" | "databaseUrl">,
  documentId: string,
): Promise<boolean> {
  const { databaseUrl } = relay;
  if (databaseUrl === undefined) {
    return fs.existsSync(path.join(relay.dataDir, documentId.slice(0, 2), documentId.slice(2)));
  }
  return query(databaseUrl, async (sql) => {
    const rows = await sql`select 1 from ${sql(TABLE)} where key[1] = ${documentId} limit 1`;
    return rows.length > 0;
  });
}

/**
 * What the document quota measures for one document: its bytes on disk in the file store; over
 * PostgreSQL its `document_bytes` (latest snapshot plus the rows after it). Rows can briefly, or
 * after automerge-repo ran two saves of the document at once, hold more (docs/deploy.md).
 */
export async function documentQuotaBytes(relay: TestRelay, documentId: string): Promise<number> {
  const { databaseUrl } = relay;
  if (databaseUrl === undefined) return storedBytes(relay);
  return query(databaseUrl, async (sql) => {
    const [row] = await sql<{ bytes: string }[]>`
      select document_bytes as bytes from ${sql(USAGE_TABLE)} where document_id = ${documentId}`;
    return Number(row?.bytes ?? 0);
  });
}
