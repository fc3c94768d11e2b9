/**
 * Admission and policing of websocket connections, one place for each connection's life:
 * the connection limits in all and per client address (1013), the join deadline (1008), the
 * frame guard (1003/1007/1008/1009), rate and in-flight limits (traffic/connectionMeter.ts),
 * documents open per connection (1008), idle peers (1000), ws-level errors such as oversized
 * frames (1009), and the open/close log lines.
 *
 * Every refusal closes only that socket, with a code and a logged reason, and is counted by
 * reason (traffic/refusals.ts) for the operator's metrics.
 */
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { cbor, type DocumentId } from "@automerge/automerge-repo";
import { type RawData, WebSocket } from "ws";
import { checkFrame, type PeerState } from "./frameGuard";
import type { GuardedWebSocket } from "./guardedSocket";
import { CloseCode, type Limits, MAX_CLOSE_REASON } from "./limits";
import type { Logger } from "./log";
import { clientAddress } from "./traffic/clientAddress";
import { ConnectionMeter } from "./traffic/connectionMeter";
import type { DocumentPresence } from "./traffic/documentPresence";
import type { RefusalCounter, RefusalReason } from "./traffic/refusals";
import { TokenBucket } from "./traffic/tokenBucket";
import { docUnavailable } from "./traffic/unknownDocuments";
import { UnknownRequests } from "./traffic/unknownRequests";

/** Unknown-id requests kept for a replay are this small (a stock client's is ~150 bytes). */
const MAX_REMEMBERED_REQUEST_BYTES = 4096;

/** What the guard asks of the rest of the relay. */
export interface TrafficHooks {
  presence: DocumentPresence;
  refusals: RefusalCounter;
  /** Whether the relay's repo holds a handle for the document. */
  inMemory(documentId: DocumentId): boolean;
  /** Whether storage holds anything for the document. */
  hasStored(documentId: DocumentId): Promise<boolean>;
  /** A sync message for `documentId` from `conn` is handed to the repo. */
  onSync?(conn: number, documentId: DocumentId, bytes: number): void;
  /**
   * Storage's say on a sync message before the repo sees it (quotas, storageQuota.ts): undefined
   * accepts; a refusal closes the connection with 1008 and `text` as the reason.
   */
  admitSync?(
    address: string,
    documentId: DocumentId,
    frame: Uint8Array,
  ): { reason: RefusalReason; text: string } | undefined;
}

interface Connection {
  conn: number;
  socket: GuardedWebSocket;
  address: string;
  peer: PeerState;
  meter: ConnectionMeter;
  /** Last accepted message (or the join): idle peers are measured from here. */
  lastActivity: number;
  refuse(event: string, reason: RefusalReason, code: CloseCode, text: string, fields?: Record<string, unknown>): void;
}

export class ConnectionGuard {
  readonly #limits: Limits;
  readonly #log: Logger;
  readonly #relayPeerId: string;
  readonly #hooks: TrafficHooks;
  readonly #open = new Map<GuardedWebSocket, Connection>();
  readonly #byConn = new Map<number, Connection>();
  readonly #byPeer = new Map<string, Connection>();
  /** Per client address: open connections and the bytes bucket they share. */
  readonly #perAddress = new Map<string, { connections: number; bytes: TokenBucket }>();
  readonly #idleTimer: NodeJS.Timeout;
  /** Unknown-id requests to replay if the document arrives soon after (traffic/unknownRequests.ts). */
  readonly #unknownRequests = new UnknownRequests<{ c: Connection; data: RawData; isBinary: boolean }>(60_000, 10_000);
  #inFlight = 0;
  #nextId = 1;

  constructor(limits: Limits, log: Logger, relayPeerId: string, hooks: TrafficHooks) {
    this.#limits = limits;
    this.#log = log;
    this.#relayPeerId = relayPeerId;
    this.#hooks = hooks;
    const every = Math.max(20, Math.min(5_000, Math.floor(limits.idlePeerMs / 4)));
    this.#idleTimer = setInterval(() => this.#closeIdle(Date.now()), every);
    this.#idleTimer.unref();
  }

  /** Open websocket connections. */
  get connections(): number {
    return this.#open.size;
  }

  /** Connections that have joined as a peer. */
  get peers(): number {
    let n = 0;
    for (const c of this.#open.values()) if (c.peer.joinedAs !== undefined) n++;
    return n;
  }

  /** Bytes received on all connections that are not yet a whole message. */
  get inFlightBytes(): number {
    return this.#inFlight;
  }

  /**
   * Takes charge of a freshly upgraded socket. Returns false when it was refused
   * (the caller must then not hand it to the adapter).
   */
  admit(socket: GuardedWebSocket, req: IncomingMessage): boolean {
    const conn = this.#nextId++;
    const limits = this.#limits;
    const address = clientAddress(req, limits.clientAddressHeader);
    // Logs carry client addresses only when the operator asks (LOG_CLIENT_ADDRESSES).
    const remote = limits.logClientAddresses ? `${address}:${req.socket.remotePort ?? "?"}` : undefined;
    const log = this.#log;
    const { refusals, presence } = this.#hooks;

    // ws reports protocol errors (oversized frame, invalid UTF-8, bad opcode) as an "error" event
    // and closes the socket itself with the right code. With no listener, as in the stock adapter,
    // that event would throw and end the process.
    socket.on("error", (err: Error & { code?: string }) => {
      const isFrame = err.code?.startsWith("WS_ERR_") ?? false;
      if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") refusals.count("frame-too-big");
      log.warn(isFrame ? "frame.refused" : "connection.error", {
        conn,
        remote,
        reason: err.message,
        wsError: err.code,
      });
    });

    const refuseAtOnce = (reason: RefusalReason, text: string, limit: number) => {
      refusals.count(reason);
      log.warn("connection.refused", { conn, remote, code: CloseCode.tryAgainLater, reason: text, limit });
      closeSocket(socket, CloseCode.tryAgainLater, `${text}, try again later`);
      return false;
    };
    if (this.#open.size >= limits.maxConnections) {
      return refuseAtOnce("connections-total", "too many connections", limits.maxConnections);
    }
    let fromAddress = this.#perAddress.get(address);
    if (fromAddress !== undefined && fromAddress.connections >= limits.maxConnectionsPerAddress) {
      return refuseAtOnce("connections-per-address", "too many connections from this address", fromAddress.connections);
    }
    if (fromAddress === undefined) {
      fromAddress = {
        connections: 0,
        bytes: new TokenBucket(limits.addressBytesPerSecond, limits.addressByteBurst, Date.now()),
      };
      this.#perAddress.set(address, fromAddress);
    }
    fromAddress.connections++;
    const addressBytes = fromAddress.bytes;

    const raw: Socket = req.socket;
    const opened = Date.now();
    let ignored = 0;
    const peer: PeerState = {};
    const c: Connection = {
      conn,
      socket,
      address,
      peer,
      lastActivity: opened,
      meter: new ConnectionMeter(socket, limits, addressBytes, opened, () => {
        refusals.count("rate-limited");
        log.debug("connection.throttled", { conn, remote, peer: peer.joinedAs });
      }),
      refuse: (event, reason, code, text, fields) => {
        refusals.count(reason);
        log.warn(event, { conn, remote, peer: peer.joinedAs, code, reason: text, ...fields });
        socket.frameFilter = () => false;
        closeSocket(socket, code, text);
        if (reason === "in-flight" || reason === "prejoin-too-big") {
          // Stop reading at once: what is in flight must not keep growing during the close handshake.
          // The close frame is already with the kernel; what the receiver buffered is freed now.
          raw.off("data", onData);
          raw.pause();
          setImmediate(() => socket.terminate());
        }
      },
    };
    this.#open.set(socket, c);
    this.#byConn.set(conn, c);

    const joinTimer = setTimeout(() => {
      c.refuse(
        "connection.refused",
        "join-timeout",
        CloseCode.policyViolation,
        `no join within ${limits.handshakeTimeoutMs} ms`,
      );
    }, limits.handshakeTimeoutMs);

    const onData = (chunk: Buffer) => {
      const now = Date.now();
      c.meter.received(chunk.byteLength, now);
      this.#inFlight += chunk.byteLength;
      if (peer.joinedAs === undefined && c.meter.over(limits.maxPreJoinFrameBytes)) {
        c.refuse(
          "frame.refused",
          "prejoin-too-big",
          CloseCode.messageTooBig,
          `more than ${limits.maxPreJoinFrameBytes} bytes before join`,
        );
        return;
      }
      if (this.#inFlight > limits.maxInFlightBytes) this.#shedInFlight();
    };
    // Before ws's own listener: bytes are counted (and a pre-join excess refused) before ws parses
    // them, so a message or pong that this chunk completes settles them.
    raw.prependListener("data", onData);
    // Keepalive pongs (and pings) are whole frames too: without this, months of them would count
    // as bytes in flight on an idle connection.
    const settle = () => {
      this.#inFlight -= c.meter.settled();
    };
    socket.on("pong", settle);
    socket.on("ping", settle);

    socket.frameFilter = (data, isBinary) => {
      const now = Date.now();
      this.#inFlight -= c.meter.message(now);
      if (socket.readyState !== WebSocket.OPEN) return false;
      let verdict: ReturnType<typeof checkFrame>;
      try {
        verdict = checkFrame(data, isBinary, peer, limits.maxPreJoinFrameBytes);
      } catch (err) {
        // A bug in the guard itself: say so loudly, drop this connection, keep the relay up.
        log.error("guard.failed", { conn, remote, error: err, stack: (err as Error)?.stack });
        c.refuse("frame.refused", "bad-frame", CloseCode.internalError, "internal error");
        return false;
      }
      switch (verdict.kind) {
        case "accept":
          if (verdict.join?.senderId === this.#relayPeerId) {
            c.refuse("frame.refused", "bad-frame", CloseCode.policyViolation, "join as the relay itself");
            return false;
          }
          c.lastActivity = now;
          if (verdict.join && peer.joinedAs === undefined) {
            clearTimeout(joinTimer);
            peer.joinedAs = verdict.join.senderId;
            this.#byPeer.set(peer.joinedAs, c);
            log.info("connection.joined", { conn, remote, peer: peer.joinedAs });
          }
          if (verdict.documentId === undefined) return true;
          if (verdict.type === "request" || verdict.type === "sync") {
            return this.#openDocument(c, verdict.type, verdict.documentId, data, isBinary);
          }
          return true;
        case "ignore":
          refusals.count(verdict.type === "ephemeral" ? "ephemeral-dropped" : "unknown-type-dropped");
          // The first one per connection at info; the rest only at debug, so a chatty peer cannot flood the log.
          (ignored++ === 0 ? log.info : log.debug)("frame.ignored", {
            conn,
            remote,
            peer: peer.joinedAs,
            type: verdict.type,
            reason: verdict.reason,
          });
          return false;
        case "refuse":
          c.refuse("frame.refused", "bad-frame", verdict.code, verdict.reason, { bytes: byteLength(data) });
          return false;
      }
    };

    socket.on("close", (code: number, reason: Buffer) => {
      clearTimeout(joinTimer);
      raw.off("data", onData);
      c.meter.dispose();
      this.#inFlight -= c.meter.inFlight;
      c.meter.inFlight = 0;
      this.#open.delete(socket);
      this.#byConn.delete(conn);
      if (peer.joinedAs !== undefined && this.#byPeer.get(peer.joinedAs) === c) this.#byPeer.delete(peer.joinedAs);
      const entry = this.#perAddress.get(address);
      if (entry !== undefined && --entry.connections <= 0) this.#perAddress.delete(address);
      presence.closeConnection(conn, Date.now());
      log.info("connection.close", {
        conn,
        remote,
        peer: peer.joinedAs,
        code,
        reason: reason.toString("utf8") || undefined,
        durationMs: Date.now() - opened,
        ignoredFrames: ignored || undefined,
      });
    });

    log.info("connection.open", { conn, remote, connections: this.#open.size });
    return true;
  }

  /** The client address `socket` is counted under (see traffic/clientAddress.ts). */
  addressOf(socket: GuardedWebSocket): string | undefined {
    return this.#open.get(socket)?.address;
  }

  /** The relay told `peerId` it does not have `documentId`: that peer no longer has it open. */
  released(peerId: string, documentId: DocumentId): void {
    const c = this.#byPeer.get(peerId);
    if (c !== undefined) this.#hooks.presence.release(c.conn, documentId, Date.now());
  }

  /** A document was stored by someone else (another relay process): replay requests that missed it. */
  documentStored(documentId: DocumentId): void {
    const waiting = this.#unknownRequests.take(documentId, Date.now());
    if (waiting.length > 0) this.#replay(documentId, waiting);
  }

  /** Closes the given connections (by id) with `code`, counted under `reason`. */
  refuseConnections(conns: Iterable<number>, reason: RefusalReason, code: CloseCode, text: string): void {
    for (const conn of conns) this.#byConn.get(conn)?.refuse("connection.refused", reason, code, text);
  }

  /** Closes every connection with `code`; sockets still open after `graceMs` are cut. */
  async closeAll(code: CloseCode, reason: string, graceMs: number): Promise<void> {
    clearInterval(this.#idleTimer);
    const sockets = [...this.#open.keys()];
    const closed = sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once("close", () => resolve());
        }),
    );
    for (const socket of sockets) {
      socket.frameFilter = () => false;
      closeSocket(socket, code, reason);
    }
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(closed), grace]);
    clearTimeout(timer);
    for (const socket of sockets) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
  }

  /**
   * A `sync` or `request` about to reach the repo: the document counts as open on this
   * connection. A `request` for an id the relay has neither in memory nor on disk is answered
   * `doc-unavailable` here instead, so nothing about that id is kept (traffic/unknownDocuments.ts).
   */
  #openDocument(c: Connection, type: string, documentId: DocumentId, data: RawData, isBinary: boolean): boolean {
    const { presence, refusals } = this.#hooks;
    const admit = (): boolean => {
      if (presence.open(c.conn, documentId) > this.#limits.maxDocumentsPerConnection) {
        presence.release(c.conn, documentId, Date.now());
        c.refuse(
          "frame.refused",
          "too-many-documents",
          CloseCode.policyViolation,
          `more than ${this.#limits.maxDocumentsPerConnection} documents open on one connection`,
        );
        return false;
      }
      if (type === "sync") {
        const refused = this.#hooks.admitSync?.(c.address, documentId, toBytes(data));
        if (refused !== undefined) {
          c.refuse("storage.refused", refused.reason, CloseCode.policyViolation, refused.text);
          return false;
        }
        this.#hooks.onSync?.(c.conn, documentId, byteLength(data));
        const waiting = this.#unknownRequests.take(documentId, Date.now());
        // After this sync has reached the repo, so the requests find the document's handle.
        if (waiting.length > 0) setImmediate(() => this.#replay(documentId, waiting));
      }
      return true;
    };
    if (type === "sync" || presence.has(c.conn, documentId) || this.#hooks.inMemory(documentId)) return admit();

    this.#hooks.hasStored(documentId).then(
      (stored) => {
        if (c.socket.readyState !== WebSocket.OPEN) return;
        if (stored || this.#hooks.inMemory(documentId)) {
          if (admit()) c.socket.deliver(data, isBinary);
          return;
        }
        refusals.count("unknown-document");
        // A copy: ws may hand over a view of a whole 64 KiB read buffer. Big requests are not kept.
        const frame = toBytes(data);
        if (frame.byteLength <= MAX_REMEMBERED_REQUEST_BYTES) {
          this.#unknownRequests.add(documentId, { c, data: Buffer.from(frame), isBinary }, Date.now());
        }
        const peerId = c.peer.joinedAs as string;
        c.socket.send(cbor.encode(docUnavailable(this.#relayPeerId, peerId, documentId)));
      },
      (err: unknown) => {
        this.#log.error("storage.lookup-failed", { documentId, error: err });
        if (c.socket.readyState === WebSocket.OPEN && admit()) c.socket.deliver(data, isBinary);
      },
    );
    return false;
  }

  /** Hands requests answered `doc-unavailable` earlier to the repo, now that the document exists. */
  #replay(documentId: DocumentId, waiting: Array<{ c: Connection; data: RawData; isBinary: boolean }>): void {
    for (const { c, data, isBinary } of waiting) {
      if (c.socket.readyState !== WebSocket.OPEN) continue;
      if (this.#hooks.presence.open(c.conn, documentId) > this.#limits.maxDocumentsPerConnection) {
        this.#hooks.presence.release(c.conn, documentId, Date.now());
        continue;
      }
      c.socket.deliver(data, isBinary);
    }
  }

  /** Over the in-flight budget: close the connections with the most bytes in flight until under. */
  #shedInFlight(): void {
    const byInFlight = [...this.#open.values()].sort((a, b) => b.meter.inFlight - a.meter.inFlight);
    for (const c of byInFlight) {
      if (this.#inFlight <= this.#limits.maxInFlightBytes || c.meter.inFlight === 0) break;
      const bytes = c.meter.inFlight;
      this.#inFlight -= bytes;
      c.meter.inFlight = 0;
      c.refuse("connection.refused", "in-flight", CloseCode.tryAgainLater, "relay busy: too many bytes in flight", {
        bytes,
        limit: this.#limits.maxInFlightBytes,
      });
    }
  }

  #closeIdle(now: number): void {
    const idleMs = this.#limits.idlePeerMs;
    for (const c of this.#open.values()) {
      if (c.peer.joinedAs === undefined || now - c.lastActivity < idleMs) continue;
      if (this.#hooks.presence.openCount(c.conn) > 0 || c.socket.readyState !== WebSocket.OPEN) continue;
      c.refuse(
        "connection.idle",
        "idle-peer",
        CloseCode.normal,
        `idle: no document open and nothing asked for in ${Math.round(idleMs / 1000)} s`,
      );
    }
  }
}

function closeSocket(socket: WebSocket, code: CloseCode, reason: string): void {
  if (socket.readyState === WebSocket.CLOSING || socket.readyState === WebSocket.CLOSED) return;
  socket.close(code, reason.slice(0, MAX_CLOSE_REASON));
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function byteLength(data: Buffer | ArrayBuffer | Buffer[]): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
}
