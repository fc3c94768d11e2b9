/**
 * Admission and policing of websocket connections, one place for each connection's life. The
 * guard composes the parts, each in its own file:
 *
 * - the connection limits in all (here) and per client address (traffic/addressSlots.ts), 1013;
 * - bytes counted as they arrive and how a refusal closes a socket (connection.ts), with the
 *   per-connection rates (traffic/connectionMeter.ts) and the relay-wide in-flight budget
 *   (inFlightBudget.ts, 1013);
 * - the join deadline (1008) and idle peers (1000) (deadlines.ts);
 * - the frame guard's verdicts (connectionFrameFilter.ts, 1003/1007/1008/1009/1011);
 * - documents open per connection (1008) and unknown ids (documentGate.ts);
 * - ws-level errors such as oversized frames (1009), and the open/close log lines (here).
 *
 * Every refusal closes only that socket, with a code and a logged reason, and is counted by
 * reason (traffic/refusals.ts) for the operator's metrics.
 */
import type { IncomingMessage } from "node:http";
import type { DocumentId } from "@automerge/automerge-repo";
import { WebSocket } from "ws";
import type { GuardedWebSocket } from "../guardedSocket";
import { CloseCode, type Limits } from "../limits";
import type { Logger } from "../log";
import { AddressSlots } from "../traffic/addressSlots";
import { clientAddress } from "../traffic/clientAddress";
import type { RefusalReason } from "../traffic/refusals";
import { type Connection, closeSocket, openConnection } from "./connection";
import { connectionFrameFilter } from "./connectionFrameFilter";
import { IdlePeerSweep, joinDeadline } from "./deadlines";
import { DocumentGate } from "./documentGate";
import { InFlightBudget } from "./inFlightBudget";
import type { TrafficHooks } from "./trafficHooks";

export class ConnectionGuard {
  readonly #limits: Limits;
  readonly #log: Logger;
  readonly #relayPeerId: string;
  readonly #hooks: TrafficHooks;
  readonly #open = new Map<GuardedWebSocket, Connection>();
  readonly #byConn = new Map<number, Connection>();
  readonly #byPeer = new Map<string, Connection>();
  readonly #addresses: AddressSlots;
  readonly #inFlight: InFlightBudget;
  readonly #idle: IdlePeerSweep;
  readonly #documents: DocumentGate;
  #nextId = 1;

  constructor(limits: Limits, log: Logger, relayPeerId: string, hooks: TrafficHooks) {
    this.#limits = limits;
    this.#log = log;
    this.#relayPeerId = relayPeerId;
    this.#hooks = hooks;
    const open = () => this.#open.values();
    this.#addresses = new AddressSlots(limits);
    this.#inFlight = new InFlightBudget(limits.maxInFlightBytes, open);
    this.#idle = new IdlePeerSweep(limits.idlePeerMs, open, hooks.presence);
    this.#documents = new DocumentGate(limits.maxDocumentsPerConnection, log, relayPeerId, hooks);
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
    return this.#inFlight.bytes;
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
    const fromAddress = this.#addresses.full(address);
    if (fromAddress !== undefined) {
      return refuseAtOnce("connections-per-address", "too many connections from this address", fromAddress);
    }
    const addressBytes = this.#addresses.take(address, Date.now());

    const c = openConnection(socket, req.socket, { conn, address, remote }, addressBytes, {
      limits,
      log,
      refusals,
      inFlight: this.#inFlight,
    });
    this.#open.set(socket, c);
    this.#byConn.set(conn, c);
    const joinTimer = joinDeadline(c, limits.handshakeTimeoutMs);

    socket.frameFilter = connectionFrameFilter(c, {
      maxPreJoinFrameBytes: limits.maxPreJoinFrameBytes,
      log,
      refusals,
      inFlight: this.#inFlight,
      relayPeerId: this.#relayPeerId,
      joined: ({ peer }) => {
        clearTimeout(joinTimer);
        this.#byPeer.set(peer.joinedAs as string, c);
        log.info("connection.joined", { conn, remote, peer: peer.joinedAs });
      },
      openDocument: (...args) => this.#documents.open(...args),
    });

    socket.on("close", (code: number, reason: Buffer) => {
      clearTimeout(joinTimer);
      c.dispose();
      this.#open.delete(socket);
      this.#byConn.delete(conn);
      const { joinedAs } = c.peer;
      if (joinedAs !== undefined && this.#byPeer.get(joinedAs) === c) this.#byPeer.delete(joinedAs);
      this.#addresses.release(address);
      presence.closeConnection(conn, Date.now());
      log.info("connection.close", {
        conn,
        remote,
        peer: joinedAs,
        code,
        reason: reason.toString("utf8") || undefined,
        durationMs: Date.now() - c.opened,
        ignoredFrames: c.ignored || undefined,
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
    this.#documents.documentStored(documentId);
  }

  /** Closes the given connections (by id) with `code`, counted under `reason`. */
  refuseConnections(conns: Iterable<number>, reason: RefusalReason, code: CloseCode, text: string): void {
    for (const conn of conns) this.#byConn.get(conn)?.refuse("connection.refused", reason, code, text);
  }

  /** Closes every connection with `code`; sockets still open after `graceMs` are cut. */
  async closeAll(code: CloseCode, reason: string, graceMs: number): Promise<void> {
    this.#idle.stop();
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
}
