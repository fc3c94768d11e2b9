/**
 * Counts of what the relay refused or dropped, by stable reason, for operators' metrics.
 *
 * The metrics exporter reads `snapshot()` or listens for "refusal" events (one per refusal, with
 * its reason); nothing here knows about Prometheus.
 */
import { EventEmitter } from "node:events";

export const REFUSAL_REASONS = [
  /** Beyond MAX_CONNECTIONS. */
  "connections-total",
  /** Beyond MAX_CONNECTIONS_PER_ADDRESS. */
  "connections-per-address",
  /** No join within HANDSHAKE_TIMEOUT_MS. */
  "join-timeout",
  /** Joined, no document open, nothing asked for within IDLE_PEER_TIMEOUT_MS. */
  "idle-peer",
  /** More than MAX_PREJOIN_FRAME_BYTES received before the join. */
  "prejoin-too-big",
  /** A frame refused by the frame guard (not CBOR, wrong shape, before join, …). */
  "bad-frame",
  /** A frame above MAX_FRAME_BYTES (ws refuses it with 1009). */
  "frame-too-big",
  /** The relay's bytes in flight were over MAX_INFLIGHT_BYTES: the biggest sender was closed. */
  "in-flight",
  /** More than MAX_DOCUMENTS_PER_CONNECTION documents open on one connection. */
  "too-many-documents",
  /** Changes waiting for missing dependencies above MAX_PENDING_CHANGE_BYTES for a document. */
  "missing-dependencies",
  /** Dropped, connection kept: an ephemeral message (never relayed). */
  "ephemeral-dropped",
  /** Dropped, connection kept: a message of an unknown type. */
  "unknown-type-dropped",
  /** Answered without loading anything: a request for a document the relay does not have. */
  "unknown-document",
  /** Reading paused: a connection went over its token bucket (messages or bytes per second). */
  "rate-limited",
  /** Storage refused a sync (storageQuota.ts): the document is full. */
  "document-quota",
  /** Storage refused a sync: the relay's total quota is reached. */
  "total-quota",
  /** Storage refused a sync: too many new documents from this client address this hour. */
  "new-document-rate",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export class RefusalCounter extends EventEmitter<{ refusal: [RefusalReason] }> {
  readonly #counts = new Map<RefusalReason, number>();

  count(reason: RefusalReason): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
    this.emit("refusal", reason);
  }

  /** Every reason with its count since start (zeros included, so a dashboard sees each series). */
  snapshot(): Record<RefusalReason, number> {
    return Object.fromEntries(REFUSAL_REASONS.map((r) => [r, this.#counts.get(r) ?? 0])) as Record<
      RefusalReason,
      number
    >;
  }
}
