/**
 * Two relays over one PostgreSQL database serve the same documents: stock automerge-repo peers on
 * different relays see each other's changes, as if they shared one relay.
 */
import { change, clone, getHeads, saveSince } from "@automerge/automerge";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLE } from "../../../sync-server/postgres/schema";
import { startPostgres, type TestPostgres } from "../../helpers/postgres";
import { makePeer, relayHolds, startTestRelay, type TestRelay, waitFor } from "../../helpers/relay";
import { isStored } from "../../helpers/relayStore";

type Doc = { entries: string[] };

let pg: TestPostgres;
let databaseUrl: string;
let a: TestRelay;
let b: TestRelay;

beforeAll(async () => {
  pg = await startPostgres();
  databaseUrl = await pg.createDatabase();
  a = await startTestRelay({ databaseUrl });
  b = await startTestRelay({ databaseUrl });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await pg?.stop();
});

describe("two relays over PostgreSQL", () => {
  it("a document made through relay A can be opened by a stock peer on relay B", async () => {
    const alice = makePeer(a.url, "alice");
    const bob = makePeer(b.url, "bob");
    try {
      const handle = alice.repo.create<Doc>({ entries: ["tent"] });
      await waitFor(() => relayHolds(a, handle), { what: "relay A to hold alice's document" });
      // In memory is not yet in the table, where relay B looks for it.
      await waitFor(() => isStored(a, handle.documentId), { what: "relay A to store the document" });
      const seen = await bob.find<Doc>(handle.url);
      expect(seen.doc().entries).toEqual(["tent"]);
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it("a change made through relay A reaches a stock peer on relay B, and B's answer comes back", async () => {
    const alice = makePeer(a.url, "alice");
    const bob = makePeer(b.url, "bob");
    try {
      const handle = alice.repo.create<Doc>({ entries: [] });
      await waitFor(() => relayHolds(a, handle), { what: "relay A to hold the document" });
      // In memory is not yet in the table, where relay B looks for it.
      await waitFor(() => isStored(a, handle.documentId), { what: "relay A to store the document" });
      const seen = await bob.find<Doc>(handle.url);
      for (let i = 0; i < 5; i++) {
        handle.change((d) => {
          d.entries.push(`alice ${i}`);
        });
      }
      await waitFor(() => seen.doc().entries.length === 5, { what: "bob, on relay B, to get alice's changes" });
      seen.change((d) => {
        d.entries.push("bob");
      });
      await waitFor(() => handle.doc().entries.includes("bob"), { what: "alice, on relay A, to get bob's change" });
      expect(handle.doc().entries).toEqual(seen.doc().entries);
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it("peers on both relays writing at once converge to the same document", async () => {
    const alice = makePeer(a.url, "alice");
    const bob = makePeer(b.url, "bob");
    const carol = makePeer(a.url, "carol");
    try {
      const handle = alice.repo.create<Doc>({ entries: [] });
      await waitFor(() => relayHolds(a, handle), { what: "relay A to hold the document" });
      // In memory is not yet in the table, where relay B looks for it.
      await waitFor(() => isStored(a, handle.documentId), { what: "relay A to store the document" });
      const [onB, onA] = [await bob.find<Doc>(handle.url), await carol.find<Doc>(handle.url)];
      for (let i = 0; i < 10; i++) {
        for (const [who, h] of [
          ["alice", handle],
          ["bob", onB],
          ["carol", onA],
        ] as const) {
          h.change((d) => {
            d.entries.push(`${who} ${i}`);
          });
        }
      }
      const all = (h: typeof handle) => h.doc().entries.length === 30;
      await waitFor(() => all(handle) && all(onB) && all(onA), { what: "all three to hold all 30 entries" });
      expect(onB.doc().entries).toEqual(handle.doc().entries);
      expect(onA.doc().entries).toEqual(handle.doc().entries);
    } finally {
      await alice.close();
      await bob.close();
      await carol.close();
    }
  });

  it("a relay whose LISTEN connection dropped reloads its open documents when it is back", async () => {
    const alice = makePeer(a.url, "alice");
    const bob = makePeer(b.url, "bob");
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const handle = alice.repo.create<Doc>({ entries: ["before"] });
      await waitFor(() => relayHolds(a, handle), { what: "relay A to hold the document" });
      // In memory is not yet in the table, where relay B looks for it.
      await waitFor(() => isStored(a, handle.documentId), { what: "relay A to store the document" });
      const seen = await bob.find<Doc>(handle.url);
      // A change stored without its announcement, as if it was made while the connections were down.
      const held = handle.doc();
      const changed = change(clone(held), (d) => {
        d.entries.push("missed");
      });
      const chunk = saveSince(changed, getHeads(held));
      await sql`insert into ${sql(TABLE)} (key, data) values (${[handle.documentId, "incremental", "missed"]}, ${chunk})`;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen.doc().entries).toEqual(["before"]); // nothing announced it
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen%'`;
      await waitFor(() => seen.doc().entries.includes("missed"), { what: "bob to get the change after B reloads" });
      await waitFor(() => handle.doc().entries.includes("missed"), { what: "alice to get it after A reloads" });
    } finally {
      await sql.end();
      await alice.close();
      await bob.close();
    }
  });
});
