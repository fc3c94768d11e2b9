/**
 * Limits on what one connection, one client address and all strangers together may cost the
 * relay (connections, bytes, messages, documents in memory). Each has an environment variable
 * (config.ts) and is printed in the `relay.start` log line.
 */

export interface TrafficLimits {
  /** Open websockets per client address; the next one from that address is closed with 1013. */
  maxConnectionsPerAddress: number;
  /**
   * Where the client address comes from: empty for the TCP peer address, or a request header
   * set by a reverse proxy in front of the relay (e.g. `x-forwarded-for`; its last entry is used).
   */
  clientAddressHeader: string;
  /** Whether log lines carry client addresses (`remote`); off by default (LOG_CLIENT_ADDRESSES). */
  logClientAddresses: boolean;
  /** A joined peer with no document open that sends nothing for this long is closed (1000). */
  idlePeerMs: number;
  /** Largest frame before `join`; more bytes before the join close the connection with 1009. */
  maxPreJoinFrameBytes: number;
  /** Token bucket per connection: messages per second, and how many may come at once. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Token bucket per connection: bytes per second, and how many may come at once. */
  bytesPerSecond: number;
  byteBurst: number;
  /** Token bucket per client address, shared by its connections: bytes per second and burst. */
  addressBytesPerSecond: number;
  addressByteBurst: number;
  /**
   * Bytes received but not yet a whole message (a fragmented or half-sent frame), all connections
   * together; above it the connection with the most in flight is closed with 1013.
   */
  maxInFlightBytes: number;
  /** Documents one connection may have open; one more closes it with 1008. */
  maxDocumentsPerConnection: number;
  /** A document no connected peer has had open for this long leaves memory (it stays on disk). */
  evictAfterMs: number;
  /** Sync bytes held for one document while its changes wait for missing dependencies. */
  maxPendingChangeBytes: number;
}

export const DEFAULT_TRAFFIC_LIMITS: TrafficLimits = {
  maxConnectionsPerAddress: 20,
  clientAddressHeader: "",
  logClientAddresses: false,
  idlePeerMs: 60_000,
  maxPreJoinFrameBytes: 4096,
  messagesPerSecond: 200,
  messageBurst: 1000,
  // A burst fits one message of the largest size (16 MiB) with its framing; steady traffic of a
  // device is kilobytes a second.
  bytesPerSecond: 2 * 1024 * 1024,
  byteBurst: 17 * 1024 * 1024,
  addressBytesPerSecond: 1024 * 1024,
  addressByteBurst: 17 * 1024 * 1024,
  // Two largest messages at once; a third sender is told to come back (1013) rather than buffered.
  maxInFlightBytes: 32 * 1024 * 1024,
  maxDocumentsPerConnection: 500,
  evictAfterMs: 10_000,
  maxPendingChangeBytes: 16 * 1024 * 1024,
};

/** Environment variable → limit, for config.ts and the README table. */
export const TRAFFIC_ENV = {
  MAX_CONNECTIONS_PER_ADDRESS: "maxConnectionsPerAddress",
  IDLE_PEER_TIMEOUT_MS: "idlePeerMs",
  MAX_PREJOIN_FRAME_BYTES: "maxPreJoinFrameBytes",
  RATE_MESSAGES_PER_SECOND: "messagesPerSecond",
  RATE_MESSAGE_BURST: "messageBurst",
  RATE_BYTES_PER_SECOND: "bytesPerSecond",
  RATE_BYTE_BURST: "byteBurst",
  RATE_ADDRESS_BYTES_PER_SECOND: "addressBytesPerSecond",
  RATE_ADDRESS_BYTE_BURST: "addressByteBurst",
  MAX_INFLIGHT_BYTES: "maxInFlightBytes",
  MAX_DOCUMENTS_PER_CONNECTION: "maxDocumentsPerConnection",
  EVICT_AFTER_MS: "evictAfterMs",
  MAX_PENDING_CHANGE_BYTES: "maxPendingChangeBytes",
} as const satisfies Record<string, Exclude<keyof TrafficLimits, "clientAddressHeader" | "logClientAddresses">>;
