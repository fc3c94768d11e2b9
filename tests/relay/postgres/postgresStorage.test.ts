/**
 * The relay's PostgreSQL store passes automerge-repo's own storage adapter acceptance tests,
 * against a real PostgreSQL server.
 */
import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../sync-server/log";
import { PostgresStorage } from "../../../sync-server/postgres/postgresStorage";
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
    const heardByReader: string[][] = [];
    const heardByWriter: string[][] = [];
    await reader.listen(
      ({ key }) => heardByReader.push(key),
      () => {},
    );
    await writer.listen(
      ({ key }) => heardByWriter.push(key),
      () => {},
    );
    try {
      await writer.save(["doc1", "sync-state", "peer"], new Uint8Array([1]));
      await writer.save(["doc1", "incremental", "abc"], new Uint8Array([2, 3]));
      await expect.poll(() => heardByReader).toEqual([["doc1", "incremental", "abc"]]);
      // What was announced can be read by the process that heard it.
      expect(await reader.load(["doc1", "incremental", "abc"])).toEqual(new Uint8Array([2, 3]));
      expect(heardByWriter).toEqual([]);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
