/**
 * docs/rules.md §10 "a damaged chunk is moved aside and the rest served", over PostgreSQL: a row
 * that does not load as Automerge chunks (restored from a bad dump, edited by hand, bit rot on a
 * cluster without data checksums) is moved to `pools_relay_damaged` with a `storage.chunk-damaged`
 * log line, the relay keeps running, a reader of a document with nothing sound left is told
 * `doc-unavailable`, and the next full copy a device syncs rebuilds it (sync-server/storageRepair.ts).
 */
import { load, save } from "@automerge/automerge";
import type { AutomergeUrl, DocumentId } from "@automerge/automerge-repo";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { DAMAGED_TABLE, TABLE } from "../../../sync-server/postgres/schema";
import { startPostgres, type TestPostgres } from "../../helpers/postgres";
import { makePeer, relayHolds, startTestRelay, type TestRelay, waitFor } from "../../helpers/relay";

type Doc = { entries: string[] };

let pg: TestPostgres;
const relays: TestRelay[] = [];

beforeAll(async () => {
  pg = await startPostgres();
});
afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
});
afterAll(async () => {
  await pg?.stop();
});

async function relayOn(databaseUrl: string): Promise<TestRelay> {
  const relay = await startTestRelay({ databaseUrl });
  relays.push(relay);
  return relay;
}

async function withSql<T>(databaseUrl: string, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Finds a document through a fresh stock client: its entries, or "unavailable" (bounded wait). */
async function lookUp(url: string, docUrl: AutomergeUrl): Promise<string[] | "unavailable"> {
  const reader = makePeer(url, "reader");
  try {
    const found = reader.find<Doc>(docUrl).then(
      (h) => [...h.doc().entries],
      (err: Error) => (/unavailable/i.test(err.message) ? ("unavailable" as const) : Promise.reject(err)),
    );
    const hang = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("the client is still waiting after 15 s")), 15_000),
    );
    return await Promise.race([found, hang]);
  } finally {
    await reader.close();
  }
}

const entries = (who: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${who} ${i} ${Math.random().toString(36).slice(2)}`);

describe("relay over PostgreSQL: a damaged row is moved aside and the rest served", { timeout: 120_000 }, () => {
  test("a cut-short snapshot row: moved aside and logged, the reader is told doc-unavailable, a device's full copy rebuilds it", async () => {
    const databaseUrl = await pg.createDatabase();
    let relay = await relayOn(databaseUrl);
    const alice = makePeer(relay.url, "alice");
    const original = entries("alice", 50);
    const handle = alice.repo.create<Doc>({ entries: original });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to store alice's document" });
    const fullCopy = save(handle.doc());
    await alice.close();
    await relay.close();

    const cut = await withSql(
      databaseUrl,
      (sql) => sql`
      update ${sql(TABLE)} set data = substring(data from 1 for 40)
      where key[1] = ${handle.documentId} and key[2] = 'snapshot' returning 1`,
    );
    expect(cut).toHaveLength(1);

    relay = await relayOn(databaseUrl);
    expect(await lookUp(relay.url, handle.url)).toBe("unavailable");
    expect(relay.logs.some((l) => l.event === "storage.chunk-damaged" && l.documentId === handle.documentId)).toBe(
      true,
    );
    const damaged = await withSql(
      databaseUrl,
      (sql) => sql<{ problem: string }[]>`
      select problem from ${sql(DAMAGED_TABLE)} where key[1] = ${handle.documentId}`,
    );
    expect(damaged.map((d) => d.problem)).toEqual([expect.stringMatching(/truncated/)]);

    // Alice's phone still has the whole document and syncs it again.
    const phone = makePeer(relay.url, "alice-phone");
    const again = phone.repo.import<Doc>(fullCopy, { docId: handle.documentId as DocumentId });
    await phone.connected();
    await waitFor(() => relayHolds(relay, again), { what: "the relay to take the full copy" });
    await phone.close();
    await relay.close();

    relay = await relayOn(databaseUrl);
    expect(await lookUp(relay.url, handle.url)).toEqual(original);
  });

  test("an incremental row with a flipped bit: moved aside and logged, the rest of the document served", async () => {
    const databaseUrl = await pg.createDatabase();
    let relay = await relayOn(databaseUrl);
    const alice = makePeer(relay.url, "alice");
    const base = entries("alice", 300);
    const handle = alice.repo.create<Doc>({ entries: base });
    const rows = (kind: string) =>
      withSql(
        databaseUrl,
        (sql) =>
          sql<
            { data: Uint8Array }[]
          >`select data from ${sql(TABLE)} where key[1] = ${handle.documentId} and key[2] = ${kind}`,
      );
    // The layout the test needs: the base alone in a snapshot row, the late change alone in an
    // incremental one. On a busy machine the relay may first store the base as increments and
    // compact them a moment later, so each step waits for the rows rather than for the sync.
    const snapshotHoldsBaseOnly = async () => {
      const snapshots = await rows("snapshot");
      return snapshots.length === 1 && load<Doc>(snapshots[0]!.data).entries.length === base.length;
    };
    await waitFor(async () => relayHolds(relay, handle) && (await snapshotHoldsBaseOnly()), {
      what: "the base document in one snapshot row",
    });
    handle.change((d) => {
      d.entries.push("bob's late entry");
    });
    await waitFor(() => relayHolds(relay, handle), { what: "the change on the relay" });
    await waitFor(async () => (await rows("incremental")).length > 0, { what: "an incremental row" });
    expect(await snapshotHoldsBaseOnly()).toBe(true);
    await alice.close();
    await relay.close();

    // One byte inside the chunk's body: its checksum no longer matches.
    await withSql(
      databaseUrl,
      (sql) => sql`
      update ${sql(TABLE)} set data = set_byte(data, octet_length(data) - 3, (get_byte(data, octet_length(data) - 3) + 1) % 256)
      where key[1] = ${handle.documentId} and key[2] = 'incremental'`,
    );

    relay = await relayOn(databaseUrl);
    const served = await lookUp(relay.url, handle.url);
    expect(served).toEqual(base);
    expect(relay.logs.filter((l) => l.event === "storage.chunk-damaged")).toHaveLength(1);
    expect(await rows("incremental")).toHaveLength(0);
  });
});
