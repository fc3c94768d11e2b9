/**
 * Admission and policing of websocket connections, one place for each connection's life:
 * the connection limit (1013), the join deadline (1008), the frame guard (1003/1007/1008),
 * ws-level errors such as oversized frames (1009), and the open/close log lines.
 *
 * Every refusal closes only that socket, with a code and a logged reason.
 */
import type { IncomingMessage } from "node:http";
import { WebSocket } from "ws";
import { checkFrame, type PeerState } from "./frameGuard";
import type { GuardedWebSocket } from "./guardedSocket";
import { CloseCode, type Limits, MAX_CLOSE_REASON } from "./limits";
import type { Logger } from "./log";

export class ConnectionGuard {
  readonly #limits: Limits;
  readonly #log: Logger;
  readonly #relayPeerId: string;
  readonly #open = new Map<GuardedWebSocket, PeerState>();
  #nextId = 1;

  constructor(limits: Limits, log: Logger, relayPeerId: string) {
    this.#limits = limits;
    this.#log = log;
    this.#relayPeerId = relayPeerId;
  }

  /** Open websocket connections. */
  get connections(): number {
    return this.#open.size;
  }

  /** Connections that have joined as a peer. */
  get peers(): number {
    let n = 0;
    for (const peer of this.#open.values()) if (peer.joinedAs !== undefined) n++;
    return n;
  }

  /**
   * Takes charge of a freshly upgraded socket. Returns false when it was refused
   * (the caller must then not hand it to the adapter).
   */
  admit(socket: GuardedWebSocket, req: IncomingMessage): boolean {
    const conn = this.#nextId++;
    const remote = `${req.socket.remoteAddress ?? "?"}:${req.socket.remotePort ?? "?"}`;
    const log = this.#log;

    // ws reports protocol errors (oversized frame, invalid UTF-8, bad opcode) as an "error" event
    // and closes the socket itself with the right code. With no listener, as in the stock adapter,
    // that event would throw and end the process.
    socket.on("error", (err: Error & { code?: string }) => {
      const isFrame = err.code?.startsWith("WS_ERR_") ?? false;
      log.warn(isFrame ? "frame.refused" : "connection.error", {
        conn,
        remote,
        reason: err.message,
        wsError: err.code,
      });
    });

    if (this.#open.size >= this.#limits.maxConnections) {
      log.warn("connection.refused", {
        conn,
        remote,
        code: CloseCode.tryAgainLater,
        reason: "too many connections",
        limit: this.#limits.maxConnections,
      });
      closeSocket(socket, CloseCode.tryAgainLater, "too many connections, try again later");
      return false;
    }

    const peer: PeerState = {};
    this.#open.set(socket, peer);
    const opened = Date.now();
    let ignored = 0;

    const refuse = (event: string, code: CloseCode, reason: string, fields?: Record<string, unknown>) => {
      log.warn(event, { conn, remote, peer: peer.joinedAs, code, reason, ...fields });
      socket.frameFilter = () => false;
      closeSocket(socket, code, reason);
    };

    const joinTimer = setTimeout(() => {
      refuse("connection.refused", CloseCode.policyViolation, `no join within ${this.#limits.handshakeTimeoutMs} ms`);
    }, this.#limits.handshakeTimeoutMs);

    socket.frameFilter = (data, isBinary) => {
      if (socket.readyState !== WebSocket.OPEN) return false;
      let verdict: ReturnType<typeof checkFrame>;
      try {
        verdict = checkFrame(data, isBinary, peer);
      } catch (err) {
        // A bug in the guard itself: say so loudly, drop this connection, keep the relay up.
        log.error("guard.failed", { conn, remote, error: err, stack: (err as Error)?.stack });
        refuse("frame.refused", CloseCode.internalError, "internal error");
        return false;
      }
      switch (verdict.kind) {
        case "accept":
          if (verdict.join?.senderId === this.#relayPeerId) {
            refuse("frame.refused", CloseCode.policyViolation, "join as the relay itself");
            return false;
          }
          if (verdict.join && peer.joinedAs === undefined) {
            clearTimeout(joinTimer);
            peer.joinedAs = verdict.join.senderId;
            log.info("connection.joined", { conn, remote, peer: peer.joinedAs });
          }
          return true;
        case "ignore":
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
          refuse("frame.refused", verdict.code, verdict.reason, { bytes: byteLength(data) });
          return false;
      }
    };

    socket.on("close", (code: number, reason: Buffer) => {
      clearTimeout(joinTimer);
      this.#open.delete(socket);
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

  /** Closes every connection with `code`; sockets still open after `graceMs` are cut. */
  async closeAll(code: CloseCode, reason: string, graceMs: number): Promise<void> {
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

function closeSocket(socket: WebSocket, code: CloseCode, reason: string): void {
  if (socket.readyState === WebSocket.CLOSING || socket.readyState === WebSocket.CLOSED) return;
  socket.close(code, reason.slice(0, MAX_CLOSE_REASON));
}

function byteLength(data: Buffer | ArrayBuffer | Buffer[]): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
}
