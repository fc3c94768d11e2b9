/**
 * What one connection costs as it arrives: bytes in flight (received, not yet a whole message)
 * and two token buckets (messages and bytes per second). Over a bucket, reading from the socket
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

  constructor(socket: WebSocket, limits: TrafficLimits, now: number, onPause: () => void) {
    this.#socket = socket;
    this.#messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.#bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
    this.#onPause = onPause;
  }

  /** Raw bytes arrived; returns how many are now in flight on this connection. */
  received(bytes: number, now: number): number {
    this.inFlight += bytes;
    this.#pauseFor(this.#bytes.take(bytes, now), now);
    return this.inFlight;
  }

  /** A whole message arrived; returns the bytes no longer in flight. */
  message(now: number): number {
    const done = this.inFlight;
    this.inFlight = 0;
    this.#pauseFor(this.#messages.take(1, now), now);
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
