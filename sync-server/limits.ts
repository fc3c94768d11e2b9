/**
 * The relay's limits and the websocket close codes it uses when it refuses something.
 * Every refusal closes only the offending socket; the relay keeps serving everyone else.
 */
import { DEFAULT_TRAFFIC_LIMITS, type TrafficLimits } from "./traffic/trafficLimits";

/** RFC 6455 close codes (plus 1013 from the IANA registry). */
export const CloseCode = {
  /** An idle peer closed (it reconnects when it has something to ask). */
  normal: 1000,
  /** Relay shutting down. */
  goingAway: 1001,
  /** A text frame: the protocol is binary CBOR only. */
  unsupportedData: 1003,
  /** Bytes that are not a CBOR message of the automerge-repo protocol. */
  invalidPayload: 1007,
  /** A well-formed message the protocol does not allow here (before join, wrong sender, no join in time). */
  policyViolation: 1008,
  /** A frame above `maxFrameBytes` (ws sends this itself). */
  messageTooBig: 1009,
  /** The message passed the guard but handling it threw. */
  internalError: 1011,
  /** Too many connections: try again later. */
  tryAgainLater: 1013,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export interface Limits extends TrafficLimits {
  /** Largest websocket message accepted, in bytes. Bigger frames are refused with 1009. */
  maxFrameBytes: number;
  /** Open websocket connections at once; the next one is closed with 1013. */
  maxConnections: number;
  /** A new connection must send its `join` within this many ms, or it is closed with 1008. */
  handshakeTimeoutMs: number;
  /** Ping interval of the stock adapter's keepalive; a peer that stops answering is dropped within two. */
  keepAliveMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxConnections: 1000,
  handshakeTimeoutMs: 10_000,
  keepAliveMs: 5_000,
  ...DEFAULT_TRAFFIC_LIMITS,
};

/** Protocol strings we accept; anything longer is refused as malformed. */
export const MAX_ID_LENGTH = 256;
/** Longest close reason allowed by RFC 6455 is 123 bytes; we keep ours short and ASCII. */
export const MAX_CLOSE_REASON = 120;
