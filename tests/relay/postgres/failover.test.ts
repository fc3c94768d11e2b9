/**
 * Two relay processes over one PostgreSQL database behind a load balancer: when one is killed
 * (SIGKILL, no goodbye), its clients reconnect through the balancer to the other and lose nothing
 * the dead relay had acknowledged. "Acknowledged" is as in persistence.test.ts: the relay's sync
 * message to the writer carries heads that include the change, which it sends only once the
 * change is stored (sync-server/writeAhead.ts), here in the shared table.
 */
import type { DocHandle, PeerId, StorageId } from "@automerge/automerge-repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFailoverProxy } from "../../helpers/failoverProxy";
import { startPostgres, type TestPostgres } from "../../helpers/postgres";
import { makePeer, type Peer, removeDir, tempDir, waitFor } from "../../helpers/relay";
import { type RelayProcess, spawnRelay } from "../../helpers/relayProcess";

type Doc = { entries: string[] };

let pg: TestPostgres;
let databaseUrl: string;
const children: RelayProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  databaseUrl = await pg.createDatabase();
});
afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  await Promise.all(children.map((c) => c.exited));
  for (const d of dirs) removeDir(d);
  await pg?.stop();
});

async function spawn(): Promise<RelayProcess> {
  const dir = tempDir("pools-relay-pg-");
  dirs.push(dir);
  const relay = await spawnRelay({ DATABASE_URL: databaseUrl, DATA_DIR: dir });
  children.push(relay);
  return relay;
}

const portOf = (relay: RelayProcess) => Number(new URL(relay.httpUrl).port);

/** The heads the relay has acknowledged to this peer for `handle`. */
function acknowledgedHeads(peer: Peer, handle: DocHandle<unknown>): string[] | undefined {
  const relayPeer = peer.repo.peers[0] as PeerId | undefined;
  if (!relayPeer) return undefined;
  const storageId = peer.repo.peerMetadataByPeerId[relayPeer]?.storageId as StorageId | undefined;
  return storageId ? handle.getSyncInfo(storageId)?.lastHeads : undefined;
}

const sameHeads = (a: string[] | undefined, b: string[]) =>
  a !== undefined && a.length === b.length && a.every((h) => b.includes(h));

describe("relays over PostgreSQL behind a load balancer", { timeout: 120_000 }, () => {
  test("relay A killed with SIGKILL right after acknowledging: its clients reconnect to B and lose nothing acknowledged", async () => {
    const a = await spawn();
    const b = await spawn();
    const balancer = await startFailoverProxy([portOf(a), portOf(b)]);
    const alice = makePeer(balancer.url, "alice");
    const bob = makePeer(balancer.url, "bob");
    const carol = makePeer(b.url, "carol"); // on relay B from the start
    try {
      const handle = alice.repo.create<Doc>({ entries: ["first"] });
      await waitFor(() => sameHeads(acknowledgedHeads(alice, handle), handle.heads()), {
        what: "A's ack of the document",
      });
      const bobs = await bob.find<Doc>(handle.url);
      const carols = await carol.find<Doc>(handle.url);
      for (let i = 0; i < 5; i++) {
        handle.change((d) => {
          d.entries.push(`acknowledged ${i}`);
        });
      }
      const heads = handle.heads();
      await waitFor(() => sameHeads(acknowledgedHeads(alice, handle), heads), {
        what: "A's ack of the five changes",
        intervalMs: 1,
      });
      a.child.kill("SIGKILL");
      expect((await a.exited).signal).toBe("SIGKILL");
      const acknowledged = structuredClone(handle.doc().entries);

      // Alice and bob's clients reconnect by themselves, through the balancer, to relay B.
      await waitFor(() => bobs.doc().entries.length === acknowledged.length, {
        what: "bob to get every acknowledged entry",
      });
      await waitFor(() => carols.doc().entries.length === acknowledged.length, {
        what: "carol, on relay B, to get every acknowledged entry",
      });
      expect(bobs.doc().entries).toEqual(acknowledged);
      expect(carols.doc().entries).toEqual(acknowledged);

      // A newcomer reading straight from relay B finds everything A acknowledged.
      const dave = makePeer(b.url, "dave");
      try {
        const fresh = await dave.find<Doc>(handle.url);
        await waitFor(() => fresh.doc().entries.length === acknowledged.length, { what: "dave to read it all from B" });
        expect(fresh.doc().entries).toEqual(acknowledged);
      } finally {
        await dave.close();
      }

      // And the group keeps working through B.
      handle.change((d) => {
        d.entries.push("after the failover");
      });
      await waitFor(() => bobs.doc().entries.includes("after the failover"), {
        what: "bob to get alice's change through relay B",
      });
      await waitFor(() => carols.doc().entries.includes("after the failover"), { what: "carol to get it too" });
    } finally {
      await alice.close();
      await bob.close();
      await carol.close();
      await balancer.close();
      b.child.kill("SIGTERM");
      expect((await b.exited).code).toBe(0);
    }
  });
});
