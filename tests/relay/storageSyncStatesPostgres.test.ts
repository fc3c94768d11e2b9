/**
 * Over PostgreSQL too, no per-device sync state is stored (it would let the operator link one
 * device across all its pools): a device with its own storage syncs through a relay on a database,
 * and the table holds the document's chunks and nothing keyed by the device.
 */
import { type PeerId, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TABLE } from "../../sync-server/postgres/schema";
import { startPostgres, type TestPostgres } from "../helpers/postgres";
import { relayHolds, removeDir, startTestRelay, type TestRelay, tempDir, waitFor } from "../helpers/relay";

let pg: TestPostgres;
let databaseUrl: string;
let relay: TestRelay;
const dirs: string[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  databaseUrl = await pg.createDatabase();
  relay = await startTestRelay({ databaseUrl });
});
afterAll(async () => {
  await relay?.close();
  await pg?.stop();
  for (const d of dirs) removeDir(d);
});

describe("relay over PostgreSQL", { timeout: 60_000 }, () => {
  test("no per-device sync state reaches the database", async () => {
    const deviceDir = tempDir("pools-device-");
    dirs.push(deviceDir);
    const device = new Repo({
      network: [new WebSocketClientAdapter(relay.url, 1000)],
      storage: new NodeFSStorageAdapter(deviceDir),
      peerId: `alice-phone-${process.pid}` as PeerId,
    });
    const handle = device.create<{ entries: string[] }>({ entries: ["tent"] });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to store the device's document" });
    handle.change((d) => {
      d.entries.push("stove");
    });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to store the change" });
    await new Promise((resolve) => setTimeout(resolve, 300)); // past automerge-repo's 100 ms save throttle
    await device.shutdown();

    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<
        { kind: string }[]
      >`SELECT key[2] AS kind FROM ${sql(TABLE)} WHERE key[1] = ${handle.documentId}`;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.kind).filter((k) => k === "sync-state")).toEqual([]);
    } finally {
      await sql.end();
    }
  });
});
