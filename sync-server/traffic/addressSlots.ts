/**
 * Connection slots per client address, and the bytes bucket all connections from one address
 * share: opening more sockets neither takes more than an address's share of the relay's
 * connections (MAX_CONNECTIONS_PER_ADDRESS, 1013) nor multiplies what one stranger may send
 * (RATE_ADDRESS_BYTES_PER_SECOND, RATE_ADDRESS_BYTE_BURST).
 *
 * An address leaves the table with its last connection, so the table is never larger than the
 * connections open.
 */
import { TokenBucket } from "./tokenBucket";
import type { TrafficLimits } from "./trafficLimits";

type AddressLimits = Pick<TrafficLimits, "maxConnectionsPerAddress" | "addressBytesPerSecond" | "addressByteBurst">;

export class AddressSlots {
  readonly #limits: AddressLimits;
  /** Per client address: open connections and the bytes bucket they share. */
  readonly #byAddress = new Map<string, { connections: number; bytes: TokenBucket }>();

  constructor(limits: AddressLimits) {
    this.#limits = limits;
  }

  /** How many connections `address` has open when it has no slot left; undefined while it has one. */
  full(address: string): number | undefined {
    const entry = this.#byAddress.get(address);
    if (entry === undefined || entry.connections < this.#limits.maxConnectionsPerAddress) return undefined;
    return entry.connections;
  }

  /** Takes a slot for a new connection from `address`; returns the bytes bucket it shares. */
  take(address: string, now: number): TokenBucket {
    let entry = this.#byAddress.get(address);
    if (entry === undefined) {
      entry = {
        connections: 0,
        bytes: new TokenBucket(this.#limits.addressBytesPerSecond, this.#limits.addressByteBurst, now),
      };
      this.#byAddress.set(address, entry);
    }
    entry.connections++;
    return entry.bytes;
  }

  /** A connection from `address` closed: its slot is free again. */
  release(address: string): void {
    const entry = this.#byAddress.get(address);
    if (entry !== undefined && --entry.connections <= 0) this.#byAddress.delete(address);
  }
}
