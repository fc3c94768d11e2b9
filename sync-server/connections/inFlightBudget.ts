/**
 * Bytes received on all connections that are not yet a whole message (MAX_INFLIGHT_BYTES).
 *
 * Each connection's share is on its meter (traffic/connectionMeter.ts); this is the relay-wide
 * sum. Over the budget, the connections holding the most are closed (1013, try again later), so a
 * few slow senders of huge messages cannot fill the relay's memory.
 */
import { CloseCode } from "../limits";
import type { Connection } from "./connection";

export class InFlightBudget {
  readonly #limit: number;
  readonly #connections: () => Iterable<Connection>;
  #bytes = 0;

  /** @param connections the open connections, to choose whom to close when over the budget */
  constructor(limit: number, connections: () => Iterable<Connection>) {
    this.#limit = limit;
    this.#connections = connections;
  }

  /** Bytes received on all connections that are not yet a whole message. */
  get bytes(): number {
    return this.#bytes;
  }

  add(bytes: number): void {
    this.#bytes += bytes;
  }

  /** Bytes that became a whole message, or left with their connection. */
  settle(bytes: number): void {
    this.#bytes -= bytes;
  }

  /** Over the budget: closes the connections with the most bytes in flight until under. */
  shedIfOver(): void {
    if (this.#bytes <= this.#limit) return;
    const byInFlight = [...this.#connections()].sort((a, b) => b.meter.inFlight - a.meter.inFlight);
    for (const c of byInFlight) {
      if (this.#bytes <= this.#limit || c.meter.inFlight === 0) break;
      const bytes = c.meter.inFlight;
      this.#bytes -= bytes;
      c.meter.inFlight = 0;
      c.refuse("connection.refused", "in-flight", CloseCode.tryAgainLater, "relay busy: too many bytes in flight", {
        bytes,
        limit: this.#limit,
      });
    }
  }
}
