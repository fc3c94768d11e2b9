/**
 * Documents a connection opens (MAX_DOCUMENTS_PER_CONNECTION, 1008), storage's say on each sync
 * (quotas), and requests for ids the relay does not have: those are answered `doc-unavailable`
 * here, without the repo, so nothing about the id is kept (traffic/unknownDocuments.ts), and
 * replayed if the document arrives soon after (traffic/unknownRequests.ts).
 */
import { cbor, type DocumentId } from "@automerge/automerge-repo";
import { type RawData, WebSocket } from "ws";
import { CloseCode } from "../limits";
import type { Logger } from "../log";
import { docUnavailable } from "../traffic/unknownDocuments";
import { UnknownRequests } from "../traffic/unknownRequests";
import type { Connection } from "./connection";
import { byteLength, toBytes } from "./rawData";
import type { TrafficHooks } from "./trafficHooks";

/** Unknown-id requests kept for a replay are this small (a stock client's is ~150 bytes). */
const MAX_REMEMBERED_REQUEST_BYTES = 4096;

interface Waiting {
  c: Connection;
  data: RawData;
  isBinary: boolean;
}

export class DocumentGate {
  readonly #maxDocumentsPerConnection: number;
  readonly #log: Logger;
  readonly #relayPeerId: string;
  readonly #hooks: TrafficHooks;
  /** Unknown-id requests to replay if the document arrives soon after (traffic/unknownRequests.ts). */
  readonly #unknownRequests = new UnknownRequests<Waiting>(60_000, 10_000);

  constructor(maxDocumentsPerConnection: number, log: Logger, relayPeerId: string, hooks: TrafficHooks) {
    this.#maxDocumentsPerConnection = maxDocumentsPerConnection;
    this.#log = log;
    this.#relayPeerId = relayPeerId;
    this.#hooks = hooks;
  }

  /**
   * A `sync` or `request` about to reach the repo: the document counts as open on this
   * connection. A `request` for an id the relay has neither in memory nor on disk is answered
   * `doc-unavailable` here instead. Returns whether to deliver the frame now; a frame held for a
   * storage lookup is delivered (`socket.deliver`) once the answer is in.
   */
  open(c: Connection, type: string, documentId: DocumentId, data: RawData, isBinary: boolean): boolean {
    const { presence, refusals } = this.#hooks;
    const admit = (): boolean => {
      if (presence.open(c.conn, documentId) > this.#maxDocumentsPerConnection) {
        presence.release(c.conn, documentId, Date.now());
        c.refuse(
          "frame.refused",
          "too-many-documents",
          CloseCode.policyViolation,
          `more than ${this.#maxDocumentsPerConnection} documents open on one connection`,
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

  /** A document was stored by someone else (another relay process): replay requests that missed it. */
  documentStored(documentId: DocumentId): void {
    const waiting = this.#unknownRequests.take(documentId, Date.now());
    if (waiting.length > 0) this.#replay(documentId, waiting);
  }

  /** Hands requests answered `doc-unavailable` earlier to the repo, now that the document exists. */
  #replay(documentId: DocumentId, waiting: Waiting[]): void {
    for (const { c, data, isBinary } of waiting) {
      if (c.socket.readyState !== WebSocket.OPEN) continue;
      if (this.#hooks.presence.open(c.conn, documentId) > this.#maxDocumentsPerConnection) {
        this.#hooks.presence.release(c.conn, documentId, Date.now());
        continue;
      }
      c.socket.deliver(data, isBinary);
    }
  }
}
