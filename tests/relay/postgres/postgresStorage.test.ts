/**
 * The relay's PostgreSQL store passes automerge-repo's own storage adapter acceptance tests,
 * against a real PostgreSQL server.
 */
import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../sync-server/log";
import { PostgresStorage, type StoredElsewhere } from "../../../sync-server/postgres/postgresStorage";
import { TABLE, USAGE_TABLE } from "../../../sync-server/postgres/schema";
import { startPostgres, type TestPostgres } from "../../helpers/postgres";

let pg: TestPostgres;
let databaseUrl: string;

beforeAll(async () => {
  pg = await startPostgres();
  databaseUrl = await pg.createDatabase();
});
afterAll(async () => {
  await pg?.stop();
});

describe("PostgreSQL storage", () => {
  runStorageAdapterTests(async () => {
    const adapter = await PostgresStorage.open(databaseUrl, silentLogger);
    const teardown = async () => {
      const sql = postgres(databaseUrl, { max: 1 });
      await sql`truncate ${sql(TABLE)}`;
      await sql.end();
      await adapter.close();
    };
    return { adapter, teardown };
  }, "PostgreSQL");

  it("announces a document chunk to the other processes once it is stored, never to itself", async () => {
    const writer = await PostgresStorage.open(databaseUrl, silentLogger);
    const reader = await PostgresStorage.open(databaseUrl, silentLogger);
    const heardByReader: StoredElsewhere[] = [];
    const heardByWriter: StoredElsewhere[] = [];
    await reader.listen(
      (stored) => heardByReader.push(stored),
      () => {},
    );
    await writer.listen(
      (stored) => heardByWriter.push(stored),
      () => {},
    );
    try {
      const big = new Uint8Array(20_000).map((_, i) => i % 251);
      await writer.save(["doc1", "sync-state", "peer"], new Uint8Array([1]));
      await writer.save(["doc1", "incremental", "abc"], new Uint8Array([2, 3]));
      await writer.save(["doc1", "snapshot", "def"], big);
      await expect.poll(() => heardByReader.length).toBe(2);
      // A small chunk travels with its announcement; a large one is read from the table.
      expect(heardByReader[0]).toEqual({ key: ["doc1", "incremental", "abc"], data: new Uint8Array([2, 3]) });
      expect(heardByReader[1]).toEqual({ key: ["doc1", "snapshot", "def"] });
      expect(await reader.load(["doc1", "snapshot", "def"])).toEqual(big);
      expect(heardByWriter).toEqual([]);
      // The same chunk stored again (another relay saving a change it merged) is not announced again.
      await reader.save(["doc1", "incremental", "abc"], new Uint8Array([2, 3]));
      await writer.save(["doc1", "incremental", "ghi"], new Uint8Array([4]));
      await expect.poll(() => heardByReader.length).toBe(3);
      expect(heardByWriter).toEqual([]);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it("rules §10 quotas: every process reads each document's stored bytes, kept by the database and rebuilt when dropped", async () => {
    const url = await pg.createDatabase();
    const counted = async () => {
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        return await sql<{ document_id: string; bytes: string; document_bytes: string; rows: string }[]>`
          select u.document_id, u.bytes, u.document_bytes,
                 (select sum(octet_length(data)) from ${sql(TABLE)} where key[1] = u.document_id) as rows
          from ${sql(USAGE_TABLE)} u order by u.document_id`;
      } finally {
        await sql.end();
      }
    };
    const writer = await PostgresStorage.open(url, silentLogger);
    const reader = await PostgresStorage.open(url, silentLogger);
    await reader.listen(
      () => {},
      () => {},
    );
    try {
      await writer.save(["storage-adapter-id"], new Uint8Array(7)); // not a document: not counted
      await writer.save(["doc1", "snapshot", "s1"], new Uint8Array(100));
      await writer.save(["doc1", "incremental", "i1"], new Uint8Array(30));
      await writer.save(["doc2", "incremental", "i2"], new Uint8Array(5));
      expect(writer.usage.of("doc1")).toBe(130);
      await expect.poll(() => reader.usage.total).toBe(135); // from the announcements
      expect(reader.usage.of("doc1")).toBe(130);
      // A new snapshot replaces what came before for the document quota, before the old rows go.
      await writer.save(["doc1", "snapshot", "s2"], new Uint8Array(110));
      expect(writer.documentBytes("doc1")).toBe(110);
      await writer.remove(["doc1", "snapshot", "s1"]);
      await writer.remove(["doc1", "incremental", "i1"]);
      expect(writer.usage.of("doc1")).toBe(110);
      // Refused past the document quota: nothing written.
      expect(await writer.saveWithinQuota(["doc1", "incremental", "i3"], new Uint8Array(50), 150)).toBe(false);
      expect(await writer.load(["doc1", "incremental", "i3"])).toBeUndefined();
      expect(await writer.saveWithinQuota(["doc1", "incremental", "i4"], new Uint8Array(40), 150)).toBe(true);
      // The same chunk saved again at the quota (a relay saving what it merged) takes no room.
      expect(await reader.saveWithinQuota(["doc1", "incremental", "i4"], new Uint8Array(40), 150)).toBe(true);
      const rows = await counted();
      expect(rows.map((r) => [r.document_id, Number(r.bytes), Number(r.document_bytes), Number(r.rows)])).toEqual([
        ["doc1", 150, 150, 150],
        ["doc2", 5, 5, 5],
      ]);
      // Removals are not announced: the other process learns them when it reads the table again.
      await reader.refreshUsage();
      expect(reader.usage.total).toBe(155);
    } finally {
      await writer.close();
      await reader.close();
    }
    // Dropped by the operator: the next process to start counts the rows again.
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    await sql`drop table ${sql(USAGE_TABLE)}`;
    await sql.end();
    const again = await PostgresStorage.open(url, silentLogger);
    try {
      expect(again.usage.of("doc1")).toBe(150);
      expect(again.usage.total).toBe(155);
      await again.save(["doc2", "incremental", "i5"], new Uint8Array(10));
      expect(Number((await counted()).find((r) => r.document_id === "doc2")?.bytes)).toBe(15);
    } finally {
      await again.close();
    }
  });
});
