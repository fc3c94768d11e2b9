/**
 * Deadlines for connections that hold a slot without using it: a connection must send its `join`
 * within HANDSHAKE_TIMEOUT_MS (1008), and a joined peer with no document open that sends nothing
 * for IDLE_PEER_TIMEOUT_MS is closed (1000 `idle: …`).
 */
import { WebSocket } from "ws";
import { CloseCode } from "../limits";
import type { DocumentPresence } from "../traffic/documentPresence";
import type { Connection } from "./connection";

/** Refuses `c` unless the timer returned is cleared (at its join, or when it closes) within `timeoutMs`. */
export function joinDeadline(c: Connection, timeoutMs: number): NodeJS.Timeout {
  return setTimeout(() => {
    c.refuse("connection.refused", "join-timeout", CloseCode.policyViolation, `no join within ${timeoutMs} ms`);
  }, timeoutMs);
}

/** Closes idle peers from a timer that runs until `stop()`. */
export class IdlePeerSweep {
  readonly #idleMs: number;
  readonly #connections: () => Iterable<Connection>;
  readonly #presence: DocumentPresence;
  readonly #timer: NodeJS.Timeout;

  constructor(idleMs: number, connections: () => Iterable<Connection>, presence: DocumentPresence) {
    this.#idleMs = idleMs;
    this.#connections = connections;
    this.#presence = presence;
    const every = Math.max(20, Math.min(5_000, Math.floor(idleMs / 4)));
    this.#timer = setInterval(() => this.#closeIdle(Date.now()), every);
    // The sweep alone must not keep the process alive.
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #closeIdle(now: number): void {
    const idleMs = this.#idleMs;
    for (const c of this.#connections()) {
      if (c.peer.joinedAs === undefined || now - c.lastActivity < idleMs) continue;
      if (this.#presence.openCount(c.conn) > 0 || c.socket.readyState !== WebSocket.OPEN) continue;
      c.refuse(
        "connection.idle",
        "idle-peer",
        CloseCode.normal,
        `idle: no document open and nothing asked for in ${Math.round(idleMs / 1000)} s`,
      );
    }
  }
}
