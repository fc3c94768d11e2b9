import type { AnyDecodedEvent, EventId } from "../events/types.ts";
import { deriveFrom } from "./derivation.ts";
import type { AuditEntry, PoolState } from "./poolState.ts";

export interface DeriveInput {
  /** The pool's id: its genesis event's id, remembered by the device (the trust anchor). */
  genesisId: EventId;
  /** Every decoded event the device holds, in any order. */
  events: Iterable<AnyDecodedEvent>;
  /** Ids whose signature (and, for joins, invite proof) verified. Anything else is refused. */
  verified: ReadonlySet<EventId>;
  /** The device's clock, for what is open or closed. Rules never read a clock themselves. */
  now: number;
  /** Entries refused before decoding or by verification, to list in the audit view. */
  refusedEarlier?: readonly AuditEntry[];
  /**
   * When this device first held each event (its own record, not part of any event). Used only to
   * flag stale proposals, which an app shows but never confirms.
   */
  arrivals?: ReadonlyMap<EventId, number>;
}

/**
 * Derives the whole state of a pool from a set of events. Same events, same state, on every
 * device, whatever order they arrived in. The fold runs again when a departure turns up that
 * earlier events by the same member did not descend from ("leaving ends authorship").
 * `deriveNext` (derivation.ts) carries a derivation on when new events arrive.
 */
export function derivePool(input: DeriveInput): PoolState {
  return deriveFrom(input).state;
}
