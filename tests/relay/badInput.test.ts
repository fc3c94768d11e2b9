/**
 * Bad input never takes the relay down: each kind is refused with a close code and a logged
 * reason, a peer that was already connected stays connected, and fresh peers sync normally after.
 */

import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { generateSyncMessage, init, initSyncState } from "@automerge/automerge";
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { afterEach, describe, expect, test, vi } from "vitest";
import { WebSocket } from "ws";
import type { RelayOptions } from "../../sync-server/relay";
import {
  corruptSyncExchange,
  expectHealthySync,
  joinFrame,
  makePeer,
  type Peer,
  rawClient,
  removeDir,
  startTestRelay,
  type TestRelay,
  tempDir,
  waitFor,
} from "../helpers/relay";

const encode = (value: unknown) => cbor.encode(value);
const documentId = () => parseAutomergeUrl(generateAutomergeUrl()).documentId;
/** A real first sync message for an empty document, as a stock client sends in a request. */
const syncData = () => generateSyncMessage(init(), initSyncState())[1] as Uint8Array;

let relay: TestRelay | undefined;
const peers: Peer[] = [];

async function start(options: Partial<RelayOptions> = {}): Promise<TestRelay> {
  relay = await startTestRelay(options);
  return relay;
}

afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
  if (relay) {
    await relay.close();
    removeDir(relay.dataDir);
    relay = undefined;
  }
});

/** A stock peer connected before the trouble starts; it must still be connected after. */
async function bystander(r: TestRelay): Promise<Peer> {
  const p = makePeer(r.url, "bystander");
  peers.push(p);
  await waitFor(() => r.repo.peers.includes(p.peerId), { what: "bystander to join" });
  return p;
}

function expectStillConnected(r: TestRelay, p: Peer): void {
  expect(r.repo.peers).toContain(p.peerId);
  expect(r.logs.some((l) => l.event === "connection.close" && l.peer === p.peerId)).toBe(false);
}

type Frame = Uint8Array | string;
interface FrameCase {
  name: string;
  /** Send a valid join as this sender first. */
  joinAs?: string;
  frame: (sender: string) => Frame;
  code: number;
  reason: RegExp;
}

const frameCases: FrameCase[] = [
  { name: "garbage bytes", frame: () => Buffer.from("ff00ff00deadbeef", "hex"), code: 1007, reason: /not CBOR/ },
  {
    name: "truncated CBOR",
    frame: () => encode({ type: "join", senderId: "x" }).subarray(0, 9),
    code: 1007,
    reason: /not CBOR/,
  },
  { name: "an empty binary frame", frame: () => new Uint8Array(0), code: 1007, reason: /empty frame/ },
  { name: "a text frame", frame: () => "hello", code: 1003, reason: /text frame/ },
  {
    name: "a text frame holding a join",
    frame: (s) => JSON.stringify({ type: "join", senderId: s }),
    code: 1003,
    reason: /text frame/,
  },
  { name: "CBOR null", frame: () => encode(null), code: 1007, reason: /null, not a map/ },
  { name: "a CBOR number", frame: () => encode(5), code: 1007, reason: /number, not a map/ },
  { name: "a CBOR array", frame: () => encode(["join"]), code: 1007, reason: /array, not a map/ },
  { name: "a CBOR date (tagged value)", frame: () => encode(new Date()), code: 1007, reason: /Date, not a map/ },
  { name: "a map without type", frame: (s) => encode({ senderId: s }), code: 1007, reason: /type must be/ },
  { name: "a map without senderId", frame: () => encode({ type: "join" }), code: 1007, reason: /senderId must be/ },
  {
    name: "a join whose supportedProtocolVersions is not a list",
    frame: (s) => encode({ type: "join", senderId: s, peerMetadata: {}, supportedProtocolVersions: 5 }),
    code: 1007,
    reason: /supportedProtocolVersions/,
  },
  {
    name: "a join whose storageId is a path",
    frame: (s) => joinFrame(s, { storageId: "../../escaped", isEphemeral: false }),
    code: 1007,
    reason: /storageId/,
  },
  {
    name: "a sync message before join",
    frame: (s) => encode({ type: "sync", senderId: s, targetId: "relay", documentId: documentId(), data: syncData() }),
    code: 1008,
    reason: /before join/,
  },
  {
    name: "a sync message with an invalid documentId",
    joinAs: "joined",
    frame: (s) =>
      encode({ type: "sync", senderId: s, targetId: "relay", documentId: "../../etc/passwd", data: syncData() }),
    code: 1007,
    reason: /documentId/,
  },
  {
    name: "a request whose data is not a sync message",
    joinAs: "joined",
    frame: (s) =>
      encode({
        type: "request",
        senderId: s,
        targetId: "relay",
        documentId: documentId(),
        data: new Uint8Array([1, 2, 3]),
      }),
    code: 1007,
    reason: /not an Automerge sync message/,
  },
  {
    name: "a sync message whose data is not bytes",
    joinAs: "joined",
    frame: (s) => encode({ type: "sync", senderId: s, targetId: "relay", documentId: documentId(), data: "abc" }),
    code: 1007,
    reason: /data must be/,
  },
  {
    name: "an ephemeral message without a count",
    joinAs: "joined",
    frame: (s) =>
      encode({
        type: "ephemeral",
        senderId: s,
        targetId: "relay",
        documentId: documentId(),
        data: new Uint8Array([1]),
        sessionId: "s",
      }),
    code: 1007,
    reason: /count/,
  },
  {
    name: "a message sent as another peer",
    joinAs: "joined",
    frame: () =>
      encode({ type: "sync", senderId: "someone-else", targetId: "relay", documentId: documentId(), data: syncData() }),
    code: 1008,
    reason: /senderId does not match/,
  },
  {
    name: "a second join as a different peer",
    joinAs: "joined",
    frame: () => joinFrame("someone-else"),
    code: 1008,
    reason: /different peer/,
  },
];

describe("bad frames are refused with a clear code, the relay keeps serving", () => {
  test.each(frameCases)("$name → $code", async ({ joinAs, frame, code, reason }) => {
    const r = await start();
    const other = await bystander(r);
    const client = await rawClient(r.url);
    const sender = joinAs ?? "raw-client";
    if (joinAs) {
      client.ws.send(joinFrame(joinAs));
      await waitFor(() => client.received.some((m) => (m as { type?: string }).type === "peer"), {
        what: "peer reply",
      });
    }
    client.ws.send(frame(sender));

    const closed = await client.closed;
    expect(closed.code).toBe(code);
    const refused = r.logs.find((l) => l.event === "frame.refused");
    expect(refused).toMatchObject({ code, level: "warn" });
    expect(String(refused?.reason)).toMatch(reason);
    expect(closed.reason).toMatch(reason);

    expectStillConnected(r, other);
    await expectHealthySync(r);
  });

  test("a join whose storageId is a path writes nothing outside the data directory", async () => {
    const dataDir = path.join(tempDir(), "data");
    const r = await start({ dataDir });
    const client = await rawClient(r.url);
    client.ws.send(joinFrame("sneaky", { storageId: "../../escaped", isEphemeral: false }));
    await client.closed;
    await expectHealthySync(r);
    expect(fs.existsSync(path.join(dataDir, "..", "escaped"))).toBe(false);
    await r.close(); // before removing its directory: it may still be saving
    removeDir(path.dirname(dataDir));
  });

  test("a join claiming the relay's own peer id is refused with 1008", async () => {
    const r = await start();
    const client = await rawClient(r.url);
    client.ws.send(joinFrame(r.repo.peerId));
    expect((await client.closed).code).toBe(1008);
    await expectHealthySync(r);
  });

  test("a message of an unknown type is ignored and the connection stays open", async () => {
    const r = await start();
    const client = await rawClient(r.url);
    client.ws.send(joinFrame("curious"));
    client.ws.send(encode({ type: "from-the-future", senderId: "curious", targetId: "relay" }));
    await waitFor(() => r.logs.some((l) => l.event === "frame.ignored"), { what: "ignored log" });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
    await expectHealthySync(r);
  });
});

describe("well-formed messages that fail deeper down", () => {
  test("a sync message whose change fails its checksum is caught by automerge-repo; the relay keeps serving", async () => {
    const r = await start();
    const libraryLog = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const client = await rawClient(r.url);
      const { opening, corrupt } = corruptSyncExchange();
      const docId = documentId();
      const sync = (data: Uint8Array) =>
        encode({ type: "sync", senderId: "corrupt", targetId: "relay", documentId: docId, data });
      client.ws.send(joinFrame("corrupt"));
      client.ws.send(sync(opening));
      // The relay answers the opening message once it has set up its sync state for this peer.
      await waitFor(() => client.received.some((m) => (m as { type?: string }).type === "sync"), {
        what: "the relay's answer",
      });
      client.ws.send(sync(corrupt));
      await waitFor(() => libraryLog.mock.calls.some((args) => String(args[0]).includes("error receiving message")), {
        what: "automerge-repo to report the bad change",
      });
      expect(r.repo.handles[docId]?.isReady()).toBe(false); // nothing of the bad change was kept
      client.ws.close();
      await expectHealthySync(r);
    } finally {
      libraryLog.mockRestore();
    }
  });
});

describe("oversized frames", () => {
  test("a frame above MAX_FRAME_BYTES closes that connection with 1009", async () => {
    const r = await start({ maxFrameBytes: 64 * 1024 });
    const other = await bystander(r);
    const client = await rawClient(r.url);
    client.ws.send(joinFrame("big"));
    client.ws.send(new Uint8Array(64 * 1024 + 1));
    const closed = await client.closed;
    expect(closed.code).toBe(1009);
    await waitFor(
      () => r.logs.some((l) => l.event === "frame.refused" && l.wsError === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH"),
      {
        what: "oversize log",
      },
    );
    expectStillConnected(r, other);
    await expectHealthySync(r);
  });

  test("a frame header announcing gigabytes is refused before any of it is buffered", async () => {
    const r = await start({ maxFrameBytes: 64 * 1024 });
    const client = await rawClient(r.url);
    // Binary frame, FIN, masked, 64-bit length of 2^32: ws refuses on the header alone.
    const header = Buffer.from([0x82, 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4]);
    (client.ws as unknown as { _socket: net.Socket })._socket.write(header);
    const closed = await client.closed;
    expect(closed.code).toBe(1009);
    await expectHealthySync(r);
  });
});

describe("connections that never speak or stop answering", () => {
  test("a connection that never sends join is closed with 1008 after HANDSHAKE_TIMEOUT_MS", async () => {
    const r = await start({ handshakeTimeoutMs: 1000 });
    const other = await bystander(r);
    const started = Date.now();
    const client = await rawClient(r.url);
    const closed = await client.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/no join within 1000 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(r.logs.some((l) => l.event === "connection.refused" && /no join/.test(String(l.reason)))).toBe(true);
    expectStillConnected(r, other);
    await expectHealthySync(r);
  });

  test("a joined peer that stops answering pings is dropped by the keepalive", async () => {
    const r = await start({ keepAliveMs: 1000 });
    const ws = new WebSocket(r.url, { autoPong: false });
    ws.on("error", () => {});
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send(joinFrame("silent"));
    await waitFor(() => r.repo.peers.includes("silent" as never), { what: "silent peer to join" });
    expect(await closed).toBe(1006); // terminated: no close handshake with a dead peer
    await waitFor(() => !r.repo.peers.includes("silent" as never), { what: "relay to forget the silent peer" });
    await expectHealthySync(r);
  });
});

describe("abrupt disconnects", () => {
  test("a socket cut in the middle of a frame", async () => {
    const r = await start();
    const client = await rawClient(r.url);
    client.ws.send(joinFrame("cut"));
    const socket = (client.ws as unknown as { _socket: net.Socket })._socket;
    // Header for a 1000-byte masked binary frame, then only 10 bytes of it, then gone.
    socket.write(Buffer.from([0x82, 0xfe, 0x03, 0xe8, 1, 2, 3, 4]));
    socket.write(Buffer.alloc(10));
    socket.destroy();
    await waitFor(() => r.logs.some((l) => l.event === "connection.close" && l.peer === "cut"), { what: "close log" });
    await expectHealthySync(r);
  });

  test("a TCP connection that upgrades halfway and vanishes", async () => {
    const r = await start();
    const socket = net.connect(r.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
    socket.destroy();
    await expectHealthySync(r);
  });

  test.each(["/", "/elsewhere"])("a TCP reset right after a full upgrade request to %s", async (target) => {
    const r = await start();
    for (let i = 0; i < 5; i++) {
      const socket = net.connect(r.port, "127.0.0.1");
      socket.on("error", () => {});
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      );
      socket.resetAndDestroy();
    }
    await expectHealthySync(r);
  });

  test("a stock peer killed right after writing, mid-sync", async () => {
    const r = await start();
    const writer = makePeer(r.url, "doomed");
    peers.push(writer);
    await waitFor(() => r.repo.peers.includes(writer.peerId), { what: "writer to join" });
    const handle = writer.repo.create<{ n: number[] }>({ n: [] });
    for (let i = 0; i < 50; i++) {
      handle.change((d) => {
        d.n.push(i);
      });
    }
    const adapter = writer.repo.networkSubsystem.adapters[0] as unknown as { socket?: WebSocket };
    adapter.socket?.on("error", () => {});
    adapter.socket?.terminate();
    await waitFor(() => !r.repo.peers.includes(writer.peerId), { what: "relay to notice the cut" });
    await expectHealthySync(r);
  });
});

describe("connection floods", () => {
  test("beyond MAX_CONNECTIONS new sockets are closed with 1013, and service resumes when they go", async () => {
    const r = await start({ maxConnections: 10 });
    const codes: number[] = [];
    const sockets = Array.from({ length: 30 }, () => {
      const ws = new WebSocket(r.url);
      ws.on("error", () => {});
      ws.on("close", (code) => codes.push(code));
      return ws;
    });
    await waitFor(() => codes.length >= 20, { what: "20 refusals" });
    expect(codes).toEqual(Array(20).fill(1013));
    // The ten admitted sockets are open and stay so (none closed while the others were refused).
    await waitFor(() => sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length === 10, { what: "10 open" });
    expect(codes).toHaveLength(20);
    expect(r.logs.filter((l) => l.event === "connection.refused" && l.code === 1013)).toHaveLength(20);

    for (const ws of sockets) ws.terminate();
    await waitFor(() => r.traffic.connections() === 0, { what: "connections to drain" });
    await expectHealthySync(r);
  });
});
