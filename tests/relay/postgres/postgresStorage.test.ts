/**
 * The relay's PostgreSQL store passes automerge-repo's own storage adapter acceptance tests,
 * against a real PostgreSQL server.
 */
import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../sync-server/log";
import { PostgresStorage, type StoredElsewhere } from "../../../sync-server/postgres/postgresStorage";
import { TABLE } from "../../../sync-server/postgres/schema";
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
});
