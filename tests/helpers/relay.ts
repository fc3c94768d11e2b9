/**
 * Helpers for relay tests: a real relay on 127.0.0.1 with an ephemeral port, real automerge-repo
 * client peers (stock WebSocketClientAdapter), raw websocket clients for sending garbage, and
 * polling instead of sleeping.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { from, generateSyncMessage, init, initSyncState, receiveSyncMessage } from "@automerge/automerge";
import { type AutomergeUrl, cbor, type DocHandle, type PeerId, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { inject } from "vitest";
import { WebSocket } from "ws";
import { createLogger } from "../../sync-server/log";
import { type Relay, type RelayOptions, startRelay } from "../../sync-server/relay";
import { createDatabaseIn } from "./postgres";

export type LogRecord = { event: string; level: string; [field: string]: unknown };

export interface TestRelay extends Relay {
  dataDir: string;
  /** The PostgreSQL database it stores documents in, when it is not the file store under `dataDir`. */
  databaseUrl?: string;
  /** Every log line the relay wrote, parsed. */
  logs: LogRecord[];
}

export function tempDir(prefix = "pools-relay-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts an in-process relay on an ephemeral port, logging (captured, not printed) at debug.
 * Under `RELAY_TEST_STORE=postgres` (tests/helpers/postgresGlobalSetup.ts) a relay given no data
 * directory stores its documents in a fresh PostgreSQL database instead.
 */
export async function startTestRelay(options: Partial<RelayOptions> = {}): Promise<TestRelay> {
  const cluster = options.dataDir === undefined ? inject("relayTestPostgres") : undefined;
  const databaseUrl = options.databaseUrl ?? (cluster ? await createDatabaseIn(cluster) : undefined);
  const dataDir = options.dataDir ?? tempDir();
  const logs: LogRecord[] = [];
  const logger = createLogger("debug", (line) => logs.push(JSON.parse(line) as LogRecord));
  const relay = await startRelay({
    port: 0,
    host: "127.0.0.1",
    closeGraceMs: 500,
    ...options,
    dataDir,
    logger,
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  const close = relay.close.bind(relay);
  relay.close = async () => {
    await close();
    // A document whose changes were refused at the door keeps a handle that never becomes ready,
    // and automerge-repo awaits it with a 60 s timeout it does not catch. A running relay's evictor
    // settles such handles within seconds (traffic/documentEvictor.ts) and a real relay process
    // exits after closing; an in-process test relay does neither, so settle them here as the
    // evictor does (its store is closed: nothing is written).
    for (const handle of Object.values(relay.repo.handles)) if (!handle.isReady()) handle.doneLoading();
  };
  return Object.assign(relay, { dataDir, logs, ...(databaseUrl ? { databaseUrl } : {}) });
}

export interface Peer {
  repo: Repo;
  peerId: PeerId;
  /** Resolves once the peer is connected to the relay. */
  connected(): Promise<void>;
  /**
   * repo.find once connected. (A stock client that is still connecting gives up after 1 s and
   * calls the document unavailable, which on a loaded 2-core machine makes tests flaky.)
   */
  find<T>(url: AutomergeUrl): Promise<DocHandle<T>>;
  /** Disconnects and stops reconnecting. */
  close(): Promise<void>;
}

let peerCount = 0;

/** A stock automerge-repo client: in-memory repo, one WebSocketClientAdapter to `url`. */
export function makePeer(url: string, name = `peer-${++peerCount}`): Peer {
  const peerId = `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}` as PeerId;
  const adapter = new WebSocketClientAdapter(url, 1000);
  const repo = new Repo({ network: [adapter], peerId });
  let closing: Promise<void> | undefined;
  const connected = async () => {
    await waitFor(() => repo.peers.length > 0, { what: `${name} to connect to the relay` });
  };
  return {
    repo,
    peerId,
    connected,
    find: async <T>(url: AutomergeUrl) => {
      await connected();
      return repo.find<T>(url);
    },
    // The stock client adapter asserts it has a socket when disconnecting (so only once), and
    // closing a socket that is still connecting makes ws emit an "error" after the adapter has
    // removed its listeners: keep a listener so that does not surface as an uncaught exception.
    close: () => {
      closing ??= (async () => {
        // The repo connects its adapter asynchronously; disconnecting before that asserts.
        await waitFor(() => adapter.socket, { what: "the client adapter to connect" });
        adapter.socket?.on("error", () => {});
        await repo.shutdown();
      })();
      return closing;
    },
  };
}

/** Polls `condition` until it returns a truthy value; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  {
    timeoutMs = 20_000,
    intervalMs = 20,
    what = "condition",
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface RawClient {
  ws: WebSocket;
  /** Resolves with the close code and reason the client saw. */
  closed: Promise<{ code: number; reason: string }>;
  /** Decoded messages the relay sent. */
  received: unknown[];
}

/** A bare `ws` client, for sending what no automerge-repo client would. */
export async function rawClient(url: string): Promise<RawClient> {
  const ws = new WebSocket(url);
  const received: unknown[] = [];
  ws.on("error", () => {}); // errors show up as the close code
  ws.on("message", (data) => {
    try {
      received.push(cbor.decode(data as Buffer));
    } catch {
      received.push(data);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("close", (code) => reject(new Error(`closed before open (${code})`)));
  });
  return { ws, closed, received };
}

/** A valid join message, as the stock client sends it. */
export function joinFrame(senderId: string, peerMetadata: Record<string, unknown> = { isEphemeral: true }): Uint8Array {
  return cbor.encode({ type: "join", senderId, peerMetadata, supportedProtocolVersions: ["1"] });
}

/** Fetches JSON or text from the relay's HTTP side. */
export async function httpGet(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** True once the relay holds `handle`'s document with the same heads. */
export function relayHolds(relay: Relay, handle: { documentId: string; heads(): string[] }): boolean {
  const held = relay.repo.handles[handle.documentId as keyof typeof relay.repo.handles];
  if (!held?.isReady()) return false;
  const mine = handle.heads();
  const theirs = held.heads();
  return mine.length === theirs.length && mine.every((h) => theirs.includes(h));
}

/** Proves the relay still works: a fresh writer and a fresh reader sync a new document through it. */
export async function expectHealthySync(relay: Relay): Promise<void> {
  const writer = makePeer(relay.url, "healthy-writer");
  let reader: Peer | undefined;
  try {
    const token = Math.random().toString(36).slice(2);
    const handle = writer.repo.create<{ token: string }>({ token });
    await waitFor(() => relayHolds(relay, handle), { what: "the relay to hold the healthy peer's document" });
    // The reader connects only now: a relay with a short idle timeout would rightly close a peer
    // that joined and asked for nothing while the writer's upload was under way.
    reader = makePeer(relay.url, "healthy-reader");
    const found = await reader.find<{ token: string }>(handle.url);
    if (found.doc().token !== token) throw new Error("reader got a different document");
    handle.change((d) => {
      d.token = `${token}-2`;
    });
    await waitFor(() => found.doc().token === `${token}-2`, { what: "a change to reach the reader" });
  } finally {
    await writer.close();
    await reader?.close();
  }
}

/**
 * Two Automerge sync messages from a peer that has a document: `opening` (valid, no changes) and
 * `corrupt`, well-formed but carrying a change whose bytes were altered, so that applying it fails
 * the change's checksum. automerge-repo only surfaces that failure (console.log "error receiving
 * message") once the sender's sync state is loaded, hence the opening message first.
 */
export function corruptSyncExchange(): { opening: Uint8Array; corrupt: Uint8Array } {
  const source = from({ x: 1 });
  let sourceState = initSyncState();
  let target = init<{ x: number }>();
  let targetState = initSyncState();
  let message: Uint8Array | null;
  [sourceState, message] = generateSyncMessage(source, sourceState);
  const opening = message as Uint8Array;
  [target, targetState] = receiveSyncMessage(target, targetState, opening);
  [targetState, message] = generateSyncMessage(target, targetState);
  [, sourceState] = receiveSyncMessage(source, sourceState, message as Uint8Array);
  [sourceState, message] = generateSyncMessage(source, sourceState);
  const corrupt = new Uint8Array(message as Uint8Array);
  corrupt[corrupt.length - 5] = (corrupt[corrupt.length - 5] ?? 0) ^ 0xff;
  return { opening, corrupt };
}
