/**
 * The stock automerge-repo WebSocketServerAdapter, fenced on both sides.
 *
 * It keeps the stock protocol handling (join/peer handshake, keepalive pings, per-peer sockets),
 * so any stock automerge-repo 2.x client works. Around it:
 * - incoming: frames reach `receiveMessage` only after the frame guard accepted them (see
 *   connections/connectionFrameFilter.ts); should handling one still throw synchronously, that
 *   one connection is closed with 1011 and the error logged, instead of the throw escaping the
 *   socket's event handler;
 * - outgoing: messages about a document wait for the write-ahead gate (writeAhead.ts), and a
 *   send that throws is logged instead of escaping into the repo's state machine.
 */
import type { DocumentId, PeerId, PeerMetadata } from "@automerge/automerge-repo";
import { type FromServerMessage, WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket";
import type { WebSocket, Server as WebSocketServer } from "ws";
import type { GuardedWebSocket } from "./guardedSocket";
import { CloseCode } from "./limits";
import type { Logger } from "./log";
import type { WriteAheadGate } from "./writeAhead";

type StockServer = ConstructorParameters<typeof WebSocketServerAdapter>[0];
type StockSocket = Parameters<WebSocketServerAdapter["receiveMessage"]>[1];

export class GuardedServerAdapter extends WebSocketServerAdapter {
  /** Resolves once the repo has connected the adapter, i.e. it listens for connections. */
  readonly connected: Promise<void>;
  #markConnected!: () => void;
  readonly #log: Logger;
  #gate: WriteAheadGate | undefined;
  /**
   * Sees every message the repo sends, before the write-ahead gate (connections/connectionGuard.ts
   * tracks `doc-unavailable`).
   */
  onSend: ((message: FromServerMessage) => void) | undefined;
  /** Seconds the repo took to handle one incoming message (metrics.ts). */
  onHandled: ((seconds: number) => void) | undefined;

  constructor(server: WebSocketServer<typeof GuardedWebSocket>, keepAliveMs: number, log: Logger) {
    // ws's types and isomorphic-ws's describe the same class differently.
    super(server as unknown as StockServer, keepAliveMs);
    this.#log = log;
    this.connected = new Promise((resolve) => {
      this.#markConnected = resolve;
    });
  }

  /** Outgoing messages about a document wait until its state is on disk. */
  useWriteAhead(gate: WriteAheadGate): void {
    this.#gate = gate;
  }

  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    super.connect(peerId, peerMetadata);
    this.#markConnected();
  }

  override receiveMessage(messageBytes: Uint8Array, socket: StockSocket): void {
    const started = this.onHandled ? performance.now() : 0;
    try {
      super.receiveMessage(messageBytes, socket);
      this.onHandled?.((performance.now() - started) / 1000);
    } catch (err) {
      this.#log.error("frame.failed", { error: err, stack: (err as Error)?.stack, bytes: messageBytes.byteLength });
      (socket as unknown as WebSocket).close(CloseCode.internalError, "internal error");
    }
  }

  override send(message: FromServerMessage): void {
    this.onSend?.(message);
    const documentId = "documentId" in message ? (message.documentId as DocumentId | undefined) : undefined;
    if (this.#gate === undefined || documentId === undefined) {
      this.#sendNow(message);
      return;
    }
    // If the peer reconnects while this waits, the message belonged to the old connection's sync
    // session: drop it rather than deliver it into the new one.
    const socket = this.sockets[message.targetId];
    const syncData =
      message.type === "sync" || message.type === "request" ? (message as { data?: Uint8Array }).data : undefined;
    this.#gate.whenDurable(documentId, syncData, () => {
      if (this.sockets[message.targetId] === socket) this.#sendNow(message);
    });
  }

  #sendNow(message: FromServerMessage): void {
    try {
      super.send(message);
    } catch (err) {
      this.#log.warn("send.failed", { type: message.type, peer: message.targetId, error: err });
    }
  }
}
