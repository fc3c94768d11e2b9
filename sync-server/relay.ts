/**
 * The Pools relay: an automerge-repo Repo that stores and forwards documents it is asked for by
 * id, never announces any, and takes stock automerge-repo websocket clients at `ws://host:port/`.
 * The same port serves `GET /health` and the built app.
 *
 * `startRelay` is the one way to run it: main.ts (the CLI), the tests and the benchmark use it.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { Duplex } from "node:stream";
import { type PeerId, Repo } from "@automerge/automerge-repo";
import { WebSocketServer } from "ws";
import { ConnectionGuard } from "./connections";
import { GuardedServerAdapter } from "./guardedAdapter";
import { GuardedWebSocket } from "./guardedSocket";
import { handleHealth, readVersion } from "./health";
import { CloseCode, DEFAULT_LIMITS, type Limits } from "./limits";
import { type Logger, silentLogger } from "./log";
import { followOtherRelays } from "./postgres/followOtherRelays";
import { PostgresStorage } from "./postgres/postgresStorage";
import { type Push, type PushOptions, startPush } from "./push/startPush";
import { securityHeaders } from "./securityHeaders";
import { createStaticHandler } from "./staticFiles";
import { DurableFSStorage } from "./storage";
import { WriteAheadGate } from "./writeAhead";

export interface RelayOptions extends Partial<Limits> {
  /** Where documents are stored; created if missing. */
  dataDir: string;
  /** When set, documents are stored in this PostgreSQL database instead, shared with other relays. */
  databaseUrl?: string;
  /** Default 3030; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The built app to serve at `/`; without it `/` says to run `npm run build`. */
  staticDir?: string;
  /** Default: silent. main.ts passes a stdout JSON logger. */
  logger?: Logger;
  peerId?: string;
  /** How long shutdown waits for clients to answer the close handshake. Default 2000 ms. */
  closeGraceMs?: number;
  /** Web Push wake-ups for subscribed devices (on by default); `false` turns the routes off. */
  push?: false | Pick<PushOptions, "subject" | "endpointPolicy" | "delayMs">;
}

export interface Relay {
  /** Websocket URL for automerge-repo clients, e.g. `ws://127.0.0.1:3030/`. */
  url: string;
  /** HTTP base URL, e.g. `http://127.0.0.1:3030`. */
  httpUrl: string;
  port: number;
  host: string;
  /** The relay's repo (tests inspect what it holds). */
  repo: Repo;
  /** Web Push, unless turned off. */
  push?: Push;
  /** Stops accepting, closes every socket (1001), writes everything to disk. Idempotent. */
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const log = options.logger ?? silentLogger;
  const limits: Limits = {
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes,
    maxConnections: options.maxConnections ?? DEFAULT_LIMITS.maxConnections,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? DEFAULT_LIMITS.handshakeTimeoutMs,
    keepAliveMs: options.keepAliveMs ?? DEFAULT_LIMITS.keepAliveMs,
  };
  const host = options.host ?? "127.0.0.1";
  const version = readVersion();
  const startedAt = Date.now();
  const peerId = (options.peerId ?? `pools-relay-${randomBytes(4).toString("hex")}`) as PeerId;

  const storage = options.databaseUrl
    ? await PostgresStorage.open(options.databaseUrl, log)
    : await DurableFSStorage.open(options.dataDir, log);
  const wss = new WebSocketServer<typeof GuardedWebSocket>({
    noServer: true,
    WebSocket: GuardedWebSocket,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
  });
  const adapter = new GuardedServerAdapter(wss, limits.keepAliveMs, log);
  const repo = new Repo({
    storage,
    network: [adapter],
    peerId,
    // Never announce a document to anyone; still answer whoever asks for one by id.
    sharePolicy: async () => false,
  });
  const gate = new WriteAheadGate(repo, log);
  if (storage instanceof PostgresStorage) {
    await followOtherRelays(repo, storage, log, (id, heads) => gate.noteStored(id, heads));
  }
  adapter.useWriteAhead(gate);
  // The repo connects its adapters after reading its storage id; only then can sockets be handed over.
  await adapter.connected;

  const push =
    options.push === false ? undefined : await startPush({ ...options.push, dataDir: options.dataDir, repo, log });
  const guard = new ConnectionGuard(limits, log, peerId);
  let closing: Promise<void> | undefined;
  const serveStatic = createStaticHandler(options.staticDir);
  const readyDocuments = () => Object.values(repo.handles).filter((h) => h.isReady());

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders(req))) res.setHeader(name, value);
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname === "/health") {
      handleHealth(
        req,
        res,
        {
          peers: () => guard.peers,
          connections: () => guard.connections,
          documents: () => readyDocuments().length,
          accepting: () => closing === undefined,
        },
        version,
        startedAt,
      );
      return;
    }
    if (push?.handle(req, res, pathname ?? "/")) return;
    serveStatic(req, res).catch((err) => {
      log.error("http.failed", { url: req.url, error: err });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on("clientError", (err: Error & { code?: string }, socket: Duplex) => {
    log.debug("http.client-error", { error: err.message, code: err.code });
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  server.on("upgrade", (req, socket, head) => {
    // Node hands the raw socket over without an error listener; a peer resetting it must not throw.
    socket.on("error", () => {});
    const pathname = (req.url ?? "/").split("?")[0];
    if (closing !== undefined) return refuseUpgrade(socket, 503, "Service Unavailable");
    if (pathname !== "/") {
      log.info("upgrade.refused", { url: req.url?.slice(0, 200), reason: "websocket endpoint is /" });
      return refuseUpgrade(socket, 404, "Not Found");
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (guard.admit(ws, req)) wss.emit("connection", ws, req);
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 3030, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    wss.close();
    adapter.disconnect();
    await storage.close();
    throw err;
  }
  server.on("error", (err) => log.error("http.error", { error: err }));

  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 3030);
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  const url = `ws://${hostInUrl}:${port}/`;
  const httpUrl = `http://${hostInUrl}:${port}`;
  log.info("relay.start", {
    url,
    httpUrl,
    version,
    pid: process.pid,
    peerId,
    dataDir: options.dataDir,
    storage: options.databaseUrl ? "postgres" : "files",
    staticDir: options.staticDir,
    limits,
  });

  const shutdown = async () => {
    const began = Date.now();
    log.info("relay.stopping", { connections: guard.connections });
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await guard.closeAll(CloseCode.goingAway, "relay shutting down", options.closeGraceMs ?? 2000);
    for (const ws of wss.clients) ws.terminate(); // e.g. sockets refused with 1013 still closing
    await push?.close();
    await gate.drain();
    const documents = readyDocuments().map((h) => h.documentId);
    try {
      await repo.flush(documents);
    } catch (err) {
      log.error("storage.flush-failed", { error: err });
    }
    await storage.close(); // waits for saves automerge-repo started on its own throttle
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    adapter.disconnect();
    server.closeAllConnections();
    await httpClosed;
    log.info("relay.stopped", { documents: documents.length, durationMs: Date.now() - began });
  };

  return {
    url,
    httpUrl,
    port,
    host,
    repo,
    push,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
