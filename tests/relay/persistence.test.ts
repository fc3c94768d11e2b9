/**
 * The relay as a real process: what it accepted survives SIGTERM and SIGKILL, it exits 0 on
 * SIGTERM and SIGINT, and bad input does not end the process.
 *
 * "Accepted" means a peer has seen it from the relay: either the writer has the relay's
 * acknowledgement (the relay's sync message carries heads that include the change), or another
 * peer received the change through the relay. The relay sends neither before the document is on
 * disk (sync-server/writeAhead.ts), so the kill comes right after, with no grace period.
 */
import type { DocHandle, PeerId, StorageId } from "@automerge/automerge-repo";
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { afterAll, describe, expect, test } from "vitest";
import {
  corruptSyncExchange,
  joinFrame,
  makePeer,
  type Peer,
  rawClient,
  removeDir,
  tempDir,
  waitFor,
} from "../helpers/relay";
import { type RelayProcess, spawnRelay } from "../helpers/relayProcess";

type Doc = { entries: string[] };

const dirs: string[] = [];
const children: RelayProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  for (const d of dirs) removeDir(d);
});

async function spawn(dataDir: string, env: Record<string, string> = {}): Promise<RelayProcess> {
  const relay = await spawnRelay({ DATA_DIR: dataDir, ...env });
  children.push(relay);
  return relay;
}

function newDataDir(): string {
  const dir = tempDir("pools-relay-persist-");
  dirs.push(dir);
  return dir;
}

/** The heads the relay has acknowledged to this peer for `handle`. */
function acknowledgedHeads(peer: Peer, handle: DocHandle<unknown>): string[] | undefined {
  const relayPeer = peer.repo.peers[0] as PeerId | undefined;
  if (!relayPeer) return undefined;
  const storageId = peer.repo.peerMetadataByPeerId[relayPeer]?.storageId as StorageId | undefined;
  return storageId ? handle.getSyncInfo(storageId)?.lastHeads : undefined;
}

const sameHeads = (a: string[] | undefined, b: string[]) =>
  a !== undefined && a.length === b.length && a.every((h) => b.includes(h));

async function readBack(url: string, docUrl: string): Promise<Doc> {
  const reader = makePeer(url, "reader-after-restart");
  try {
    const handle = await reader.find<Doc>(docUrl as never);
    return structuredClone(handle.doc());
  } finally {
    await reader.close();
  }
}

describe("relay process", { timeout: 120_000 }, () => {
  test("SIGTERM: exits 0 after closing sockets and flushing; a restarted relay serves everything", async () => {
    const dataDir = newDataDir();
    const relay = await spawn(dataDir);
    const writer = makePeer(relay.url, "writer");
    const reader = makePeer(relay.url, "reader");
    const handle = writer.repo.create<Doc>({ entries: [] });
    for (let i = 0; i < 20; i++) {
      handle.change((d) => {
        d.entries.push(`entry ${i}`);
      });
    }
    await waitFor(() => sameHeads(acknowledgedHeads(writer, handle), handle.heads()), {
      what: "the relay to have it all",
    });
    const seen = await reader.find<Doc>(handle.url);
    await waitFor(() => seen.doc().entries.length === 20, { what: "reader to see all entries" });

    relay.child.kill("SIGTERM");
    const exit = await relay.exited;
    await writer.close();
    await reader.close();
    expect(exit).toEqual({ code: 0, signal: null });
    const events = relay.logs.map((l) => l.event);
    expect(events).toEqual(expect.arrayContaining(["relay.signal", "relay.stopping", "relay.stopped"]));
    expect(relay.logs.filter((l) => l.event === "connection.close").map((l) => l.code)).toEqual([1001, 1001]);
    expect(relay.logs.some((l) => l.event === "non-json-output")).toBe(false);

    const restarted = await spawn(dataDir);
    expect((await readBack(restarted.url, handle.url)).entries).toHaveLength(20);
    restarted.child.kill("SIGINT");
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
  });

  test("SIGKILL right after the relay acknowledged a change to its writer: the change survives", async () => {
    const dataDir = newDataDir();
    let relay = await spawn(dataDir);
    let writer = makePeer(relay.url, "writer");
    let handle = writer.repo.create<Doc>({ entries: ["first"] });
    const docUrl = handle.url;
    await waitFor(() => sameHeads(acknowledgedHeads(writer, handle), handle.heads()), {
      what: "ack of the new document",
    });

    for (let round = 1; round <= 3; round++) {
      handle.change((d) => {
        d.entries.push(`round ${round}`);
      });
      const heads = handle.heads();
      await waitFor(() => sameHeads(acknowledgedHeads(writer, handle), heads), {
        what: `ack of round ${round}`,
        intervalMs: 1,
      });
      relay.child.kill("SIGKILL");
      void writer.close();
      expect((await relay.exited).signal).toBe("SIGKILL");

      relay = await spawn(dataDir);
      expect((await readBack(relay.url, docUrl)).entries).toEqual([
        "first",
        ...Array.from({ length: round }, (_, i) => `round ${i + 1}`),
      ]);
      // The next round's writer picks the document up from the restarted relay.
      writer = makePeer(relay.url, "writer");
      handle = await writer.find<Doc>(docUrl);
    }
    await writer.close();
    relay.child.kill("SIGTERM");
    await relay.exited;
  });

  test("SIGKILL right after another peer received a change through the relay: the change survives", async () => {
    const dataDir = newDataDir();
    const relay = await spawn(dataDir);
    const writer = makePeer(relay.url, "writer");
    const reader = makePeer(relay.url, "reader");
    const handle = writer.repo.create<Doc>({ entries: [] });
    await waitFor(() => sameHeads(acknowledgedHeads(writer, handle), handle.heads()), { what: "the relay to have it" });
    const seen = await reader.find<Doc>(handle.url);
    handle.change((d) => {
      d.entries.push("relayed");
    });
    await waitFor(() => seen.doc().entries.includes("relayed"), {
      what: "reader to receive the change",
      intervalMs: 1,
    });
    relay.child.kill("SIGKILL");
    void writer.close();
    void reader.close();
    await relay.exited;

    const restarted = await spawn(dataDir);
    expect((await readBack(restarted.url, handle.url)).entries).toEqual(["relayed"]);
    restarted.child.kill("SIGTERM");
    await restarted.exited;
  });

  test("frames that crash a stock relay leave this process running", async () => {
    const relay = await spawn(newDataDir(), { MAX_FRAME_BYTES: "65536" });
    const frames: Uint8Array[] = [
      cbor.encode(null),
      cbor.encode(5),
      cbor.encode({ type: "join", senderId: "x", peerMetadata: {}, supportedProtocolVersions: 5 }),
      new Uint8Array(70_000),
    ];
    for (const frame of frames) {
      const client = await rawClient(relay.url);
      client.ws.send(frame);
      await client.closed;
    }
    const text = await rawClient(relay.url);
    text.ws.send(Buffer.from([0xff, 0xfe]), { binary: false }); // invalid UTF-8 text
    await text.closed;
    const corrupt = await rawClient(relay.url);
    const { opening, corrupt: bad } = corruptSyncExchange();
    const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
    const sync = (data: Uint8Array) =>
      cbor.encode({ type: "sync", senderId: "corrupt", targetId: "relay", documentId, data });
    corrupt.ws.send(joinFrame("corrupt"));
    corrupt.ws.send(sync(opening));
    await waitFor(() => corrupt.received.some((m) => (m as { type?: string }).type === "sync"), {
      what: "the relay's answer",
    });
    corrupt.ws.send(sync(bad));
    await waitFor(() => relay.logs.some((l) => l.event === "library.console"), {
      what: "automerge-repo's report, as JSON",
    });
    corrupt.ws.close();
    const joined = await rawClient(relay.url);
    joined.ws.send(joinFrame("still-here"));
    await waitFor(() => joined.received.length > 0, { what: "the relay to answer a join" });
    joined.ws.close();

    expect(relay.child.exitCode).toBeNull();
    expect(await (await fetch(`${relay.httpUrl}/health`)).text()).toBe("ok");
    expect(relay.logs.filter((l) => l.event === "frame.refused").length).toBeGreaterThanOrEqual(5);
    expect(relay.logs.filter((l) => l.event === "non-json-output")).toEqual([]);
    relay.child.kill("SIGTERM");
    expect((await relay.exited).code).toBe(0);
  });

  test("an invalid environment fails fast with a clear message and exit code 2", async () => {
    await expect(spawn(newDataDir(), { PORT: "eighty", MAX_CONNECTIONS: "-1" })).rejects.toThrow(
      /code 2[\s\S]*PORT must be an integer[\s\S]*MAX_CONNECTIONS must be an integer/,
    );
  });
});
