/**
 * One admitted websocket as the guard's parts see it: who it is, what it costs, and how a refusal
 * closes it.
 *
 * Its bytes are counted on the raw TCP socket as they arrive (traffic/connectionMeter.ts), so the
 * pre-join allowance (1009) and the relay-wide in-flight budget see a message growing, not only
 * once it is whole.
 */
import type { Socket } from "node:net";
import { WebSocket } from "ws";
import type { PeerState } from "../frameGuard";
import type { GuardedWebSocket } from "../guardedSocket";
import { CloseCode, type Limits, MAX_CLOSE_REASON } from "../limits";
import type { Logger } from "../log";
import { ConnectionMeter } from "../traffic/connectionMeter";
import type { RefusalCounter, RefusalReason } from "../traffic/refusals";
import type { TokenBucket } from "../traffic/tokenBucket";
import type { InFlightBudget } from "./inFlightBudget";

export interface Connection {
  conn: number;
  socket: GuardedWebSocket;
  address: string;
  /** `address:port` for log lines, only when the operator asks (LOG_CLIENT_ADDRESSES). */
  remote: string | undefined;
  peer: PeerState;
  meter: ConnectionMeter;
  /** When it was admitted, for the close log line's duration. */
  opened: number;
  /** Last accepted message (or the join): idle peers are measured from here. */
  lastActivity: number;
  /** Frames dropped as ignorable so far: only the first is logged at info, so a chatty peer cannot flood the log. */
  ignored: number;
  /** Counts the refusal under `reason`, logs `event` and closes this socket with `code`. */
  refuse(event: string, reason: RefusalReason, code: CloseCode, text: string, fields?: Record<string, unknown>): void;
  /** The socket closed: stops counting its bytes and gives back to the budget what it had in flight. */
  dispose(): void;
}

export interface ConnectionContext {
  limits: Limits;
  log: Logger;
  refusals: RefusalCounter;
  inFlight: InFlightBudget;
}

/**
 * Starts counting the bytes of a socket the guard has admitted.
 *
 * @param addressBytes the bytes bucket shared by every connection from the same client address
 */
export function openConnection(
  socket: GuardedWebSocket,
  raw: Socket,
  who: { conn: number; address: string; remote: string | undefined },
  addressBytes: TokenBucket,
  { limits, log, refusals, inFlight }: ConnectionContext,
): Connection {
  const { conn, remote } = who;
  const opened = Date.now();
  const peer: PeerState = {};
  const c: Connection = {
    ...who,
    socket,
    peer,
    opened,
    lastActivity: opened,
    ignored: 0,
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
    dispose: () => {
      raw.off("data", onData);
      c.meter.dispose();
      inFlight.settle(c.meter.inFlight);
      c.meter.inFlight = 0;
    },
  };

  const onData = (chunk: Buffer) => {
    const now = Date.now();
    c.meter.received(chunk.byteLength, now);
    inFlight.add(chunk.byteLength);
    if (peer.joinedAs === undefined && c.meter.over(limits.maxPreJoinFrameBytes)) {
      c.refuse(
        "frame.refused",
        "prejoin-too-big",
        CloseCode.messageTooBig,
        `more than ${limits.maxPreJoinFrameBytes} bytes before join`,
      );
      return;
    }
    inFlight.shedIfOver();
  };
  // Before ws's own listener: bytes are counted (and a pre-join excess refused) before ws parses
  // them, so a message or pong that this chunk completes settles them.
  raw.prependListener("data", onData);
  // Keepalive pongs (and pings) are whole frames too: without this, months of them would count
  // as bytes in flight on an idle connection.
  const settle = () => {
    inFlight.settle(c.meter.settled());
  };
  socket.on("pong", settle);
  socket.on("ping", settle);
  return c;
}

/** Closes with `code` unless already closing; the reason is cut to what a close frame can carry. */
export function closeSocket(socket: WebSocket, code: CloseCode, reason: string): void {
  if (socket.readyState === WebSocket.CLOSING || socket.readyState === WebSocket.CLOSED) return;
  socket.close(code, reason.slice(0, MAX_CLOSE_REASON));
}
