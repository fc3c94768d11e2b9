/**
 * One unauthenticated stranger on 127.0.0.1 cannot take the relay from everyone else: connection
 * slots are shared out per client address, idle peers are closed, frames are typed before they
 * are decoded, and ephemeral messages never fan out to members (README "Limits").
 */
import { generateSyncMessage, init, initSyncState } from "@automerge/automerge";
import { cbor, generateAutomergeUrl, type PeerId, parseAutomergeUrl, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { afterEach, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import type { RelayOptions } from "../../sync-server/relay";
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
  waitFor,
} from "../helpers/relay";

let relay: TestRelay | undefined;
const peers: Peer[] = [];
const sockets: WebSocket[] = [];

async function start(options: Partial<RelayOptions> = {}): Promise<TestRelay> {
  relay = await startTestRelay(options);
  return relay;
}

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(peers.splice(0).map((p) => p.close()));
  if (relay) {
    await relay.close();
    removeDir(relay.dataDir);
    relay = undefined;
  }
});

interface Stranger {
  ws: WebSocket;
  received: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<boolean>;
}

/** A raw websocket from `localAddress` (127.0.0.x), optionally joined as `joinAs`. */
function stranger(url: string, localAddress = "127.0.0.1", joinAs?: string): Stranger {
  const ws = new WebSocket(url, { localAddress });
  sockets.push(ws);
  const received: Array<Record<string, unknown>> = [];
  ws.on("error", () => {});
  ws.on("message", (data) => received.push(cbor.decode(data as Buffer) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<boolean>((resolve) => {
    ws.once("open", () => {
      if (joinAs) ws.send(joinFrame(joinAs));
      resolve(true);
    });
    ws.once("close", () => resolve(false));
  });
  return { ws, received, closed, opened };
}

const joinedReply = (s: Stranger) => s.received.some((m) => m.type === "peer");

describe("connection slots", () => {
  test("one address gets MAX_CONNECTIONS_PER_ADDRESS slots; a client from 127.0.0.2 still gets in", async () => {
    const r = await start({ maxConnections: 30, maxConnectionsPerAddress: 20 });
    // The stranger holds as many joined, idle sockets as it can, from one address.
    const flood = Array.from({ length: 30 }, (_, i) => stranger(r.url, "127.0.0.1", `stranger-${i}`));
    await Promise.all(flood.map((s) => s.opened));
    await waitFor(
      () => flood.filter((s) => s.ws.readyState === WebSocket.CLOSED).length >= 10 || flood.every(joinedReply),
      {
        what: "the flood to be admitted or refused",
      },
    );

    const newcomer = stranger(r.url, "127.0.0.2", "newcomer");
    expect(await newcomer.opened).toBe(true);
    await waitFor(() => joinedReply(newcomer) || newcomer.ws.readyState === WebSocket.CLOSED, {
      what: "the newcomer to be answered",
    });
    expect(newcomer.ws.readyState).toBe(WebSocket.OPEN);
    expect(joinedReply(newcomer)).toBe(true);

    const refused = await Promise.all(flood.filter((s) => s.ws.readyState !== WebSocket.OPEN).map((s) => s.closed));
    expect(refused).toHaveLength(10);
    for (const { code, reason } of refused) {
      expect(code).toBe(1013);
      expect(reason).toMatch(/too many connections from this address/);
    }
    expect(r.traffic.refusals.snapshot()["connections-per-address"]).toBe(10);
  });

  test("a peer that joins and asks for nothing is closed after IDLE_PEER_TIMEOUT_MS; one with a document open stays", async () => {
    // Long enough that a healthy peer on a loaded machine asks for its document in time.
    const r = await start({ idlePeerMs: 1000 });
    const member = makePeer(r.url, "member");
    peers.push(member);
    const handle = member.repo.create<{ n: number }>({ n: 1 });
    await waitFor(() => relayHolds(r, handle), { what: "the relay to hold the member's document" });

    const idle = stranger(r.url, "127.0.0.1", "idler");
    const { code, reason } = await idle.closed;
    expect(code).toBe(1000);
    expect(reason).toMatch(/idle/);
    expect(r.logs.some((l) => l.event === "connection.idle" && l.peer === "idler")).toBe(true);
    // The member, idle just as long but with a document open, is still connected and syncing.
    expect(r.repo.peers).toContain(member.peerId);
    await expectHealthySync(r);
  });
});

describe("frames are typed before they are decoded", () => {
  /** 16 MiB of CBOR: a list header, then one empty map (0xa0) per byte. */
  const bomb = () => {
    const body = Buffer.alloc(16 * 1024 * 1024 - 16, 0xa0);
    const header = Buffer.from([0x9a, 0, 0, 0, 0]);
    header.writeUInt32BE(body.length, 1);
    return Buffer.concat([header, body]);
  };

  test("a 16 MiB CBOR bomb of empty maps before join is refused unread, and /health answers", async () => {
    const r = await start();
    const s = stranger(r.url);
    await s.opened;
    s.ws.send(bomb());
    const health = await httpGet(`${r.httpUrl}/health`);
    expect(health.status).toBe(200);
    const { code, reason } = await s.closed;
    expect(code).toBe(1009);
    expect(reason).toMatch(/before join/);
    await expectHealthySync(r);
  });

  test("after join, a frame of millions of CBOR items is refused from its headers", async () => {
    const r = await start();
    const s = stranger(r.url, "127.0.0.1", "bomber");
    await waitFor(() => joinedReply(s), { what: "the join to be answered" });
    const body = Buffer.alloc(4 * 1024 * 1024, 0xa0);
    s.ws.send(Buffer.concat([Buffer.from([0xa1, 0x64, ...Buffer.from("data"), 0x9a, 0, 0x40, 0, 0]), body]));
    const { code, reason } = await s.closed;
    expect(code).toBe(1007);
    expect(reason).toMatch(/more than \d+ CBOR items/);
  });
});

describe("ephemeral messages", () => {
  test("a stranger's flood of ephemeral messages for a member's document reaches no member", async () => {
    const r = await start();
    const member = makePeer(r.url, "member");
    peers.push(member);
    const handle = member.repo.create<{ n: number }>({ n: 1 });
    await waitFor(() => relayHolds(r, handle), { what: "the relay to hold the member's document" });
    let ephemeralBytes = 0;
    handle.on("ephemeral-message", ({ message }) => {
      ephemeralBytes += (message as Uint8Array).byteLength ?? 1;
    });

    const s = stranger(r.url, "127.0.0.1", "flooder");
    await waitFor(() => joinedReply(s), { what: "the stranger's join to be answered" });
    // It opens the document (it knows the id), then floods: 400 messages of 10 kB (4 MB).
    s.ws.send(
      cbor.encode({
        type: "request",
        senderId: "flooder",
        targetId: r.repo.peerId,
        documentId: handle.documentId,
        data: generateSyncMessage(init(), initSyncState())[1],
      }),
    );
    const data = cbor.encode(new Uint8Array(10_000).fill(7));
    const count = 400;
    for (let i = 0; i < count; i++) {
      s.ws.send(
        cbor.encode({
          type: "ephemeral",
          senderId: "flooder",
          targetId: r.repo.peerId,
          documentId: handle.documentId,
          sessionId: "s",
          count: i,
          data,
        }),
      );
    }
    await waitFor(() => ephemeralBytes > 0 || (r.traffic?.refusals.snapshot()["ephemeral-dropped"] ?? 0) >= count, {
      what: "the flood to be relayed or dropped",
    });
    expect(ephemeralBytes).toBe(0);
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
    await expectHealthySync(r);
  });
});

describe("message rate", () => {
  test("a stranger's flood of tiny messages is slowed to its token bucket while members keep syncing", async () => {
    const r = await start({ messagesPerSecond: 100, messageBurst: 200 });
    const s = stranger(r.url, "127.0.0.1", "chatterbox");
    await waitFor(() => joinedReply(s), { what: "the stranger's join to be answered" });
    const tiny = cbor.encode({
      type: "remote-subscription-change",
      senderId: "chatterbox",
      targetId: r.repo.peerId,
      add: [],
    });
    for (let i = 0; i < 5_000; i++) s.ws.send(tiny);
    await waitFor(() => (r.traffic?.refusals.snapshot()["rate-limited"] ?? 0) > 0, {
      what: "the stranger to be slowed",
    });
    // While the relay reads the stranger at 100 messages a second, two members sync as usual.
    await expectHealthySync(r);
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("bytes in flight", () => {
  test("keepalive pings and pongs are not counted as bytes in flight on an idle connection", async () => {
    // The stock adapter drops a socket whose pong is not read by the next tick: 100 ms was too
    // tight for a loaded machine, where the peer then reconnects on a socket this test is not watching.
    const r = await start({ keepAliveMs: 500 });
    const member = makePeer(r.url, "member");
    peers.push(member);
    const handle = member.repo.create<{ n: number }>({ n: 1 });
    await waitFor(() => relayHolds(r, handle), { what: "the relay to hold the member's document" });
    const socket = (member.repo.networkSubsystem.adapters[0] as unknown as { socket: WebSocket }).socket;
    let pings = 0;
    socket.on("ping", () => pings++);
    await waitFor(() => pings >= 3, { what: "three keepalive pings" });
    await waitFor(() => r.traffic.inFlightBytes() === 0, { what: "nothing in flight" });
  });
});

describe("unknown documents", () => {
  test("a request for an id the relay never had is answered doc-unavailable and leaves nothing in memory", async () => {
    const r = await start();
    const s = stranger(r.url, "127.0.0.1", "prober");
    await waitFor(() => joinedReply(s), { what: "the join to be answered" });
    const ids = Array.from({ length: 50 }, () => parseAutomergeUrl(generateAutomergeUrl()).documentId);
    for (const documentId of ids) {
      s.ws.send(
        cbor.encode({
          type: "request",
          senderId: "prober",
          targetId: r.repo.peerId,
          documentId,
          data: generateSyncMessage(init(), initSyncState())[1],
        }),
      );
    }
    await waitFor(() => s.received.filter((m) => m.type === "doc-unavailable").length === ids.length, {
      what: "every request to be answered",
    });
    expect(Object.keys(r.repo.handles)).toEqual([]);
  });

  test("a device that asked for a document just before its upload still receives it, as from a stock relay", async () => {
    const r = await start();
    // alice made the document offline; bob has its id (an invite) and asks before she is online.
    const alice = new Repo({ peerId: "alice-offline" as PeerId });
    const handle = alice.create<{ pool: string }>({ pool: "Garden" });
    const bob = stranger(r.url, "127.0.0.2", "bob");
    await waitFor(() => joinedReply(bob), { what: "bob's join to be answered" });
    bob.ws.send(
      cbor.encode({
        type: "request",
        senderId: "bob",
        targetId: r.repo.peerId,
        documentId: handle.documentId,
        data: generateSyncMessage(init(), initSyncState())[1],
      }),
    );
    await waitFor(() => bob.received.some((m) => m.type === "doc-unavailable"), { what: "bob to be told unavailable" });

    const adapter = new WebSocketClientAdapter(r.url, 1000);
    alice.networkSubsystem.addNetworkAdapter(adapter);
    try {
      await waitFor(() => bob.received.some((m) => m.type === "sync" && m.documentId === handle.documentId), {
        what: "bob to receive alice's document",
      });
    } finally {
      adapter.socket?.on("error", () => {});
      await alice.shutdown();
    }
  });
});
