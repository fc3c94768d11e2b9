/**
 * What one connection costs as it arrives: bytes in flight (received, not yet a whole message)
 * and token buckets (messages and bytes per second for the connection, bytes per second for its
 * client address). Over a bucket, reading from the socket
 * pauses until the bucket has refilled: TCP backpressure slows the sender, nothing is dropped.
 *
 * Bytes are counted on the raw TCP socket, before `ws` assembles frames, so a fragmented or
 * half-sent message is seen growing, not only once it is whole.
 */
import type { WebSocket } from "ws";
import { TokenBucket } from "./tokenBucket";
import type { TrafficLimits } from "./trafficLimits";

/** Frame headers and the few bytes of a chunk that belong to the next frame. */
const HEADER_SLACK = 14;

export class ConnectionMeter {
  /** Bytes received since the last whole message. */
  inFlight = 0;
  readonly #socket: WebSocket;
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;
  readonly #onPause: () => void;
  #resumeAt = 0;
  #resumeTimer: NodeJS.Timeout | undefined;

  readonly #addressBytes: TokenBucket;

  /**
   * @param addressBytes the bytes bucket shared by every connection from the same client address,
   *   so opening more sockets does not multiply what one stranger may send
   */
  constructor(socket: WebSocket, limits: TrafficLimits, addressBytes: TokenBucket, now: number, onPause: () => void) {
    this.#socket = socket;
    this.#messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.#bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
    this.#addressBytes = addressBytes;
    this.#onPause = onPause;
  }

  /** Raw bytes arrived; returns how many are now in flight on this connection. */
  received(bytes: number, now: number): number {
    this.inFlight += bytes;
    this.#pauseFor(Math.max(this.#bytes.take(bytes, now), this.#addressBytes.take(bytes, now)), now);
    return this.inFlight;
  }

  /** A whole message arrived; returns the bytes no longer in flight. */
  message(now: number): number {
    const done = this.inFlight;
    this.inFlight = 0;
    this.#pauseFor(this.#messages.take(1, now), now);
    return done;
  }

  /** A whole control frame (ping, pong) arrived: nothing is in flight; returns the bytes settled. */
  settled(): number {
    const done = this.inFlight;
    this.inFlight = 0;
    return done;
  }

  /** Whether more than `limit` bytes (plus framing) arrived without completing a message. */
  over(limit: number): boolean {
    return this.inFlight > limit + HEADER_SLACK;
  }

  dispose(): void {
    clearTimeout(this.#resumeTimer);
  }

  #pauseFor(ms: number, now: number): void {
    if (ms <= 0 || now + ms <= this.#resumeAt) return;
    const wasPaused = this.#resumeTimer !== undefined;
    this.#resumeAt = now + ms;
    clearTimeout(this.#resumeTimer);
    this.#socket.pause();
    this.#resumeTimer = setTimeout(() => {
      this.#resumeTimer = undefined;
      this.#socket.resume();
    }, ms);
    if (!wasPaused) this.#onPause();
  }
}
