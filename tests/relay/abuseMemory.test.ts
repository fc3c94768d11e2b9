/**
 * A stranger cannot grow the relay's memory without bound: requests for unknown ids hold nothing,
 * unfinished fragmented messages are capped in all, documents nobody has open leave memory, and
 * changes waiting for missing dependencies are dropped past a bound. Memory is the relay
 * process's own RSS (a real `npm run relay` process), read from /proc.
 */
import fs from "node:fs";
import {
  change,
  clone,
  encodeSyncMessage,
  generateSyncMessage,
  getChanges,
  getHeads,
  getMissingDeps,
  init,
  initSyncState,
  load,
  save,
} from "@automerge/automerge";
import { type AutomergeUrl, cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { afterEach, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { stillAlive } from "../helpers/garbage";
import {
  expectHealthySync,
  httpGet,
  joinFrame,
  makePeer,
  type Peer,
  relayHolds,
  removeDir,
  startTestRelay,
  type TestRelay,
  tempDir,
  waitFor,
} from "../helpers/relay";
import { type RelayProcess, spawnRelay } from "../helpers/relayProcess";

const MB = 1024 * 1024;
/**
 * RSS growth that only a relay buffering every unfinished message reaches in the fragment test.
 * DESIGN §8's 100 MB is measured by the abuse benchmark (relay-rss-growth-under-abuse), not here.
 */
const UNGUARDED_MB = 140;
let relay: TestRelay | undefined;
let processRelay: RelayProcess | undefined;
const dirs: string[] = [];
const peers: Peer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(peers.splice(0).map((p) => p.close()));
  if (relay) {
    await relay.close();
    removeDir(relay.dataDir);
    relay = undefined;
  }
  if (processRelay) {
    processRelay.child.kill("SIGKILL");
    await processRelay.exited;
    processRelay = undefined;
  }
  for (const dir of dirs.splice(0)) removeDir(dir);
});

/** The relay process's resident memory, in MB. */
function rssMb(r: RelayProcess): number {
  const status = fs.readFileSync(`/proc/${r.child.pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

async function spawn(env: Record<string, string> = {}): Promise<RelayProcess> {
  const dataDir = tempDir();
  dirs.push(dataDir);
  processRelay = await spawnRelay({ DATA_DIR: dataDir, ...env });
  return processRelay;
}

interface Joined {
  senderId: string;
  ws: WebSocket;
  received: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A raw websocket from `localAddress`, joined as `senderId` (resolves once the relay answered). */
async function joined(url: string, senderId: string, localAddress = "127.0.0.1"): Promise<Joined> {
  const ws = new WebSocket(url, { localAddress });
  sockets.push(ws);
  const received: Array<Record<string, unknown>> = [];
  ws.on("error", () => {});
  ws.on("message", (data) => received.push(cbor.decode(data as Buffer) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("close", (code) => reject(new Error(`closed before open (${code})`)));
  });
  ws.send(joinFrame(senderId));
  await waitFor(() => received.some((m) => m.type === "peer"), { what: `${senderId}'s join to be answered` });
  return { senderId, ws, received, closed };
}

const emptySync = () => generateSyncMessage(init(), initSyncState())[1] as Uint8Array;

describe("memory under abuse", () => {
  test("requests for random ids hold nothing once answered: the relay's RSS stays flat", {
    timeout: 120_000,
  }, async () => {
    // Slow keepalive: a busy test process answering pings late must not lose its sockets.
    const r = await spawn({ KEEPALIVE_MS: "600000" });
    const relayPeer = "relay";
    const clients = await Promise.all([1, 2, 3].map((n) => joined(r.url, `prober-${n}`, `127.0.0.${n}`)));
    const before = rssMb(r);
    const perClient = 1000;
    for (const c of clients) {
      for (let i = 0; i < perClient; i++) {
        const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
        c.ws.send(
          cbor.encode({
            type: "request",
            senderId: c.senderId,
            targetId: relayPeer,
            documentId,
            data: emptySync(),
          }),
        );
      }
    }
    expect((await httpGet(`${r.httpUrl}/health`)).status).toBe(200);
    await waitFor(
      () => clients.every((c) => c.received.filter((m) => m.type === "doc-unavailable").length === perClient),
      { what: "every request to be answered", timeoutMs: 100_000 },
    );
    const grown = rssMb(r) - before;
    expect(grown).toBeLessThan(40);
  });

  test("unfinished fragmented messages on 40 sockets are capped by MAX_INFLIGHT_BYTES", {
    timeout: 150_000,
  }, async () => {
    // The per-address byte buckets are opened wide here, so that the in-flight budget alone is
    // tested; keepalive is slowed so a busy test process's late pongs do not close sockets first.
    const r = await spawn({
      KEEPALIVE_MS: "600000",
      MAX_INFLIGHT_BYTES: String(16 * MB),
      RATE_ADDRESS_BYTE_BURST: String(256 * MB),
      RATE_BYTE_BURST: String(256 * MB),
    });
    const clients = await Promise.all(
      Array.from({ length: 40 }, (_, i) => joined(r.url, `fragmenter-${i}`, `127.0.0.${1 + (i % 4)}`)),
    );
    const before = rssMb(r);
    const fragment = Buffer.alloc(MB, 1);
    // Each socket starts a 4 MiB binary message and never finishes it (160 MiB in all).
    for (const c of clients) for (let i = 0; i < 4; i++) c.ws.send(fragment, { binary: true, fin: false });
    expect((await httpGet(`${r.httpUrl}/health`)).status).toBe(200);
    const refusals = () =>
      r.logs.filter((l) => l.event === "connection.refused" && l.reason === "relay busy: too many bytes in flight");
    // Shedding happens as the bytes arrive: wait until all but the few the budget holds are gone
    // (or, unguarded, until memory shows everything buffered).
    await waitFor(() => refusals().length >= 30 || rssMb(r) - before > UNGUARDED_MB, {
      what: "the relay to shed or buffer",
      timeoutMs: 120_000,
    });
    // 160 MiB sent; held at most the 16 MiB budget at once. RSS keeps the high-water mark of what
    // was read before the shedding (120-140 MiB in all): freed read buffers stay in the process's
    // malloc arenas, and forcing a GC after shedding did not lower it. So RSS grows 79-103 MB here
    // (docs/benchmarks.md), and unguarded it passes 189 MB while the bytes are still arriving.
    expect(rssMb(r) - before).toBeLessThan(UNGUARDED_MB);
    // A refusal is logged before its close frame reaches the client.
    await waitFor(() => clients.filter((c) => c.ws.readyState !== WebSocket.OPEN).length >= 30, {
      what: "the refused connections to close",
    });
    const closed = await Promise.all(clients.filter((c) => c.ws.readyState !== WebSocket.OPEN).map((c) => c.closed));
    expect(closed.length).toBeGreaterThanOrEqual(30);
    for (const { code } of closed) expect(code).toBe(1013);
  });
});

describe("documents in memory", () => {
  test("documents no connected peer has open are evicted, and served again from disk", async () => {
    relay = await startTestRelay({ evictAfterMs: 200 });
    const writer = makePeer(relay.url, "writer");
    peers.push(writer);
    const kept = makePeer(relay.url, "keeper");
    peers.push(kept);
    const handles = Array.from({ length: 20 }, (_, i) => writer.repo.create<{ i: number }>({ i }));
    const r = relay;
    await waitFor(() => handles.every((h) => relayHolds(r, h)), { what: "the relay to hold every document" });
    // The keeper has one of them open: that one stays.
    const first = handles[0];
    if (!first) throw new Error("no documents");
    await kept.find<{ i: number }>(first.url);
    await writer.close();

    await waitFor(() => Object.keys(r.repo.handles).length === 1, { what: "the unheld documents to be evicted" });
    expect(Object.keys(r.repo.handles)).toEqual([first.documentId]);

    const reader = makePeer(r.url, "reader");
    peers.push(reader);
    const last = handles[19] as (typeof handles)[number];
    const found = await reader.find<{ i: number }>(last.url as AutomergeUrl);
    expect(found.doc().i).toBe(19);
  });

  test("documents read from disk and then evicted leave the relay's memory", async () => {
    // automerge-repo 2.5.6 kept every document it loaded from storage for the life of the process
    // (src/sync/repo/releaseFinishedLoads.ts), so eviction freed nothing of what was read from disk.
    const first = await startTestRelay({ evictAfterMs: 200 });
    relay = first;
    const writer = makePeer(first.url, "writer");
    peers.push(writer);
    const handles = Array.from({ length: 5 }, (_, i) =>
      writer.repo.create<{ i: number; pad: string }>({ i, pad: "p".repeat(20_000) }),
    );
    await waitFor(() => handles.every((h) => relayHolds(first, h)), { what: "the relay to hold every document" });
    await writer.close();
    peers.splice(peers.indexOf(writer), 1);
    await first.close();
    relay = undefined;
    dirs.push(first.dataDir);

    const second = await startTestRelay({ dataDir: first.dataDir, evictAfterMs: 200 });
    relay = second;
    // The relay reads each document from disk, as it does for a peer that asks for one.
    // In a function of its own, so that no local of this test's frame still holds the last one.
    const readFromDisk = async (h: (typeof handles)[number], i: number) => {
      const found = await second.repo.find<{ i: number }>(h.url);
      expect(found.doc().i).toBe(i);
      return new WeakRef<object>(found.doc());
    };
    const loaded: WeakRef<object>[] = [];
    for (const [i, h] of handles.entries()) loaded.push(await readFromDisk(h, i));
    await waitFor(() => Object.keys(second.repo.handles).length === 0, { what: "the read documents to be evicted" });
    expect(await stillAlive(loaded)).toEqual([]);
  });

  test("changes with missing dependencies are dropped past MAX_PENDING_CHANGE_BYTES and their sender closed", async () => {
    relay = await startTestRelay({ maxPendingChangeBytes: 64 * 1024 });
    const r = relay;
    const member = makePeer(r.url, "member");
    peers.push(member);
    const handle = member.repo.create<{ note: string }>({ note: "hello" });
    await waitFor(() => relayHolds(r, handle), { what: "the relay to hold the member's document" });

    // A fork of the document with a first change the relay will never see, then big ones on top.
    const base = load<{ note: string; pad?: string }>(save(handle.doc()));
    let fork = change(clone(base), (d) => {
      d.note = "withheld";
    });
    const afterWithheld = fork;
    for (let i = 0; i < 6; i++) {
      fork = change(fork, (d) => {
        d.pad = `${i}`.repeat(20_000);
      });
    }
    const orphans = getChanges(afterWithheld, fork);

    const s = await joined(r.url, "orphaner");
    for (const c of orphans) {
      const data = encodeSyncMessage({ heads: getHeads(fork), need: [], have: [], changes: [c] });
      s.ws.send(
        cbor.encode({
          type: "sync",
          senderId: "orphaner",
          targetId: r.repo.peerId,
          documentId: handle.documentId,
          data,
        }),
      );
    }
    const { code, reason } = await s.closed;
    expect(code).toBe(1008);
    expect(reason).toMatch(/missing dependencies/);
    const held = r.repo.handles[handle.documentId];
    if (!held) throw new Error("the relay dropped the member's document");
    expect(getMissingDeps(held.doc(), getHeads(held.doc()))).toEqual([]);
    await expectHealthySync(r);
  });
});
