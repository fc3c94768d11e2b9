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
import { type DocumentId, type PeerId, Repo } from "@automerge/automerge-repo";
import { WebSocketServer } from "ws";
import { releaseFinishedLoads } from "../src/sync/repo/releaseFinishedLoads";
import { ConnectionGuard } from "./connections/connectionGuard";
import { GuardedServerAdapter } from "./guardedAdapter";
import { GuardedWebSocket } from "./guardedSocket";
import { handleHealth, readVersion } from "./health";
import { CloseCode, DEFAULT_LIMITS, type Limits } from "./limits";
import { type Logger, silentLogger } from "./log";
import { RelayMetrics, serveMetrics } from "./metrics";
import { followOtherRelays } from "./postgres/followOtherRelays";
import { PostgresStorage } from "./postgres/postgresStorage";
import { type Push, type PushOptions, startPush } from "./push/startPush";
import { securityHeaders } from "./securityHeaders";
import { createStaticHandler } from "./staticFiles";
import { DEFAULT_STORAGE_QUOTAS, RelayStorage, type StorageQuotas } from "./storagePolicy";
import { StorageQuota } from "./storageQuota";
import { DocumentEvictor } from "./traffic/documentEvictor";
import { DocumentPresence } from "./traffic/documentPresence";
import { PendingChangeGuard } from "./traffic/pendingChanges";
import { RefusalCounter } from "./traffic/refusals";
import { WriteAheadGate } from "./writeAhead";

export interface RelayOptions extends Partial<Limits>, Partial<StorageQuotas> {
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
  /** Prometheus metrics on this port (0: a free one); undefined: none. */
  metricsPort?: number;
  /** Default 127.0.0.1. */
  metricsHost?: string;
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
  /** Refusals by reason since start, and connection/traffic gauges (for metrics). */
  traffic: TrafficStats;
  /** `http://host:port/metrics` when metrics are on. */
  metricsUrl?: string;
  /** Web Push, unless turned off. */
  push?: Push;
  /** Stops accepting, closes every socket (1001), writes everything to disk. Idempotent. */
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const log = options.logger ?? silentLogger;
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) {
    const value = options[key];
    if (value !== undefined) (limits as unknown as Record<string, unknown>)[key] = value;
  }
  const host = options.host ?? "127.0.0.1";
  const version = readVersion();
  const peerId = (options.peerId ?? `pools-relay-${randomBytes(4).toString("hex")}`) as PeerId;

  const quotas: StorageQuotas = {
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_STORAGE_QUOTAS.maxDocumentBytes,
    maxTotalBytes: options.maxTotalBytes ?? DEFAULT_STORAGE_QUOTAS.maxTotalBytes,
    maxNewDocumentsPerHour: options.maxNewDocumentsPerHour ?? DEFAULT_STORAGE_QUOTAS.maxNewDocumentsPerHour,
  };
  // The same policy (quotas, repair, no per-device sync state) over either store.
  const postgres = options.databaseUrl ? await PostgresStorage.open(options.databaseUrl, log) : undefined;
  const storage = postgres
    ? new RelayStorage(postgres, quotas, log)
    : await RelayStorage.open(options.dataDir, quotas, log);
  const quota = new StorageQuota(storage, quotas.maxNewDocumentsPerHour, log);
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
  // Without it, every document read from disk stays in memory after eviction (see the file).
  releaseFinishedLoads(repo);
  const gate = new WriteAheadGate(repo, log);
  // Another relay stored a document: requests for it answered `doc-unavailable` here are replayed.
  let storedElsewhere: (documentId: DocumentId) => void = () => {};
  if (postgres) {
    await followOtherRelays(
      repo,
      postgres,
      log,
      (id, heads) => gate.noteStored(id, heads),
      (id) => storedElsewhere(id),
    );
  }
  adapter.useWriteAhead(gate);
  // The repo connects its adapters after reading its storage id; only then can sockets be handed over.
  await adapter.connected;

  const push =
    options.push === false ? undefined : await startPush({ ...options.push, dataDir: options.dataDir, repo, log });
  const presence = new DocumentPresence();
  const refusals = new RefusalCounter();
  const pendingChanges = new PendingChangeGuard(repo, limits.maxPendingChangeBytes, (documentId, senders, bytes) => {
    log.warn("document.pending-changes-dropped", { documentId, bytes, limit: limits.maxPendingChangeBytes });
    guard.refuseConnections(
      senders,
      "missing-dependencies",
      CloseCode.policyViolation,
      "too many changes with missing dependencies",
    );
  });
  const guard = new ConnectionGuard(limits, log, peerId, {
    presence,
    refusals,
    inMemory: (documentId) => repo.handles[documentId] !== undefined,
    // Over PostgreSQL another process may have stored it a moment ago (its announcement not here yet).
    hasStored: async (documentId) =>
      storage.store.usage.has(documentId) || ((await postgres?.has(documentId)) ?? false),
    admitSync: (address, documentId, frame) => quota.admit(address, documentId, frame),
    onSync: (conn, documentId, bytes) => pendingChanges.noteSync(conn, documentId, bytes),
  });
  storedElsewhere = (documentId) => guard.documentStored(documentId);
  adapter.onSend = (message) => {
    if (message.type === "doc-unavailable" && message.documentId !== undefined) {
      guard.released(message.targetId, message.documentId);
    }
  };
  const evictor = new DocumentEvictor(repo, presence, limits.evictAfterMs, log);
  evictor.start();
  let closing: Promise<void> | undefined;
  const serveStatic = createStaticHandler(options.staticDir);
  const readyDocuments = () => Object.values(repo.handles).filter((h) => h.isReady());

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders(req))) res.setHeader(name, value);
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname === "/health") {
      handleHealth(req, res, () => closing === undefined);
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
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  if (options.metricsPort !== undefined) {
    const metrics = new RelayMetrics({
      connections: () => guard.connections,
      peers: () => guard.peers,
      documentsInMemory: () => Object.keys(repo.handles).length,
      documentsStored: () => storage.store.usage.documents,
      storedBytes: () => storage.store.usage.total,
      refusals,
    });
    adapter.onHandled = (seconds) => metrics.observe("handle", seconds);
    gate.onDelivered = (seconds) => metrics.observe("disk-wait", seconds);
    metricsServer = await serveMetrics(metrics, options.metricsPort, options.metricsHost ?? "127.0.0.1", log);
  }
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
    storageQuotas: quotas,
    metrics: metricsServer?.url ?? "off",
    push:
      options.push === false ? "off" : { subject: options.push?.subject, hosts: options.push?.endpointPolicy?.hosts },
  });

  const shutdown = async () => {
    const began = Date.now();
    log.info("relay.stopping", { connections: guard.connections });
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await guard.closeAll(CloseCode.goingAway, "relay shutting down", options.closeGraceMs ?? 2000);
    pendingChanges.stop();
    await evictor.stop();
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
    await metricsServer?.close();
    log.info("relay.stopped", { documents: documents.length, durationMs: Date.now() - began });
  };

  return {
    url,
    httpUrl,
    port,
    host,
    repo,
    metricsUrl: metricsServer?.url,
    traffic: {
      refusals,
      connections: () => guard.connections,
      peers: () => guard.peers,
      inFlightBytes: () => guard.inFlightBytes,
      documentsInMemory: () => Object.keys(repo.handles).length,
      documentsEvicted: () => evictor.evicted,
    },
    push,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}

export interface TrafficStats {
  /** Counts by reason (`snapshot()`), and a "refusal" event per refusal. */
  refusals: RefusalCounter;
  connections(): number;
  peers(): number;
  /** Bytes received that are not yet a whole message, all connections together. */
  inFlightBytes(): number;
  documentsInMemory(): number;
  documentsEvicted(): number;
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
