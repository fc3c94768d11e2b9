/**
 * docs/rules.md §10 disk quotas over PostgreSQL, where several relay processes share one database:
 * a document's size is counted in the database (sync-server/postgres/schema.ts), so a relay that
 * never wrote a document (another process, or the same one after a restart) knows it is full, and
 * two relays writing one document at once take turns at the check, so it does not pass its quota.
 */
import type { AutomergeUrl, Repo } from "@automerge/automerge-repo";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { TABLE, USAGE_TABLE } from "../../../sync-server/postgres/schema";
import { appendUntilRefused, floodingClient } from "../../helpers/floodingClient";
import { startPostgres, type TestPostgres } from "../../helpers/postgres";
import { startTestRelay, type TestRelay, waitFor } from "../../helpers/relay";
import { isStored } from "../../helpers/relayStore";

type Doc = { junk: string[] };
const QUOTA = 256 * 1024;

let pg: TestPostgres;
const relays: TestRelay[] = [];
const repos: Repo[] = [];

beforeAll(async () => {
  pg = await startPostgres();
});
afterEach(async () => {
  for (const repo of repos.splice(0)) await repo.shutdown().catch(() => {});
  for (const r of relays.splice(0)) await r.close();
});
afterAll(async () => {
  await pg?.stop();
});

async function relayOn(databaseUrl: string): Promise<TestRelay> {
  const relay = await startTestRelay({ databaseUrl, maxDocumentBytes: QUOTA });
  relays.push(relay);
  return relay;
}

function client(url: string, name: string) {
  const c = floodingClient(url, name);
  repos.push(c.repo);
  return c;
}

/** What the usage table says about a document, and what its chunk rows really add up to. */
async function counts(databaseUrl: string, documentId: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    // One statement: one snapshot of both tables.
    const [row] = await sql<{ bytes: string | null; document_bytes: string | null; row_bytes: string }[]>`
      select (select bytes from ${sql(USAGE_TABLE)} where document_id = ${documentId}) as bytes,
             (select document_bytes from ${sql(USAGE_TABLE)} where document_id = ${documentId}) as document_bytes,
             (select coalesce(sum(octet_length(data)), 0) from ${sql(TABLE)} where key[1] = ${documentId}) as row_bytes`;
    return {
      bytes: Number(row?.bytes ?? 0),
      documentBytes: Number(row?.document_bytes ?? 0),
      rowBytes: Number(row?.row_bytes ?? 0),
    };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 500)); // past automerge-repo's save throttle

describe("rules §10 disk quotas over PostgreSQL", { timeout: 120_000 }, () => {
  test("a document filled through relay A is refused by relay B, which never wrote it", async () => {
    const databaseUrl = await pg.createDatabase();
    const a = await relayOn(databaseUrl);
    const alice = client(a.url, "alice");
    const handle = alice.repo.create<Doc>({ junk: [] });
    await appendUntilRefused(handle, alice.closes, 40);
    await waitFor(() => alice.closes.some((c) => c.code === 1008), { what: "relay A to refuse the flood" });
    await settled();
    expect((await counts(databaseUrl, handle.documentId)).documentBytes).toBeLessThanOrEqual(QUOTA);

    const b = await relayOn(databaseUrl);
    const bob = client(b.url, "bob");
    await waitFor(() => bob.repo.peers.length > 0, { what: "bob to connect to relay B" });
    const seen = await bob.repo.find<Doc>(handle.url as AutomergeUrl);
    expect(seen.doc().junk.length).toBeGreaterThan(0); // reading a full document still works
    // 200 KB more would fit in an empty count: B refuses because it reads what A stored.
    await appendUntilRefused(seen, bob.closes, 10);
    // At the door when relay B's count is current; when A's last saves landed after B read its
    // counts, at write time, and bob is told on his next change: so the wait allows for a busy machine.
    await waitFor(() => bob.closes.some((c) => c.code === 1008), {
      what: "relay B to refuse bob's change",
      timeoutMs: 60_000,
    });
    expect(bob.closes.find((c) => c.code === 1008)?.reason).toMatch(/storage quota: this document is full/);
    expect(b.logs.some((l) => l.event === "storage.refused" && l.reason === "document-quota")).toBe(true);
    await settled();
    expect((await counts(databaseUrl, handle.documentId)).documentBytes).toBeLessThanOrEqual(QUOTA);
  });

  test("two relays writing one document at once: it stays within its quota, and the count matches the rows", async () => {
    const databaseUrl = await pg.createDatabase();
    const a = await relayOn(databaseUrl);
    const b = await relayOn(databaseUrl);
    const alice = client(a.url, "alice");
    const bob = client(b.url, "bob");
    const mine = alice.repo.create<Doc>({ junk: [] });
    await waitFor(() => bob.repo.peers.length > 0, { what: "bob to connect to relay B" });
    await waitFor(() => a.repo.handles[mine.documentId]?.isReady(), { what: "relay A to hold alice's document" });
    // Relay B finds it in the database: before relay A has stored it there, B answers "unavailable".
    await waitFor(() => isStored(a, mine.documentId), { what: "relay A to store alice's document" });
    const theirs = await bob.repo.find<Doc>(mine.url);
    await Promise.all([appendUntilRefused(mine, alice.closes, 40), appendUntilRefused(theirs, bob.closes, 40)]);
    await waitFor(() => alice.closes.some((c) => c.code === 1008) || bob.closes.some((c) => c.code === 1008), {
      what: "a relay to refuse the flood",
    });
    await settled();
    const after = await counts(databaseUrl, mine.documentId);
    expect(after.documentBytes).toBeLessThanOrEqual(QUOTA);
    expect(after.bytes).toBe(after.rowBytes);
  });
});
