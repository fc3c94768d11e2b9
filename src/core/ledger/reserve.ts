import type { EventId } from "../events/types.ts";

/** A passed spend: what it approved, what has been paid against it, and whether it was cancelled. */
export interface SpendRecord {
  id: EventId;
  /** A spend proposal, a budget round's reservation, or a funded bucket of a round. */
  kind: "spend" | "round" | "bucket";
  /** The confirmation that approved it: a payout counts against it only with this in its past. */
  decidedBy: EventId;
  amount: number;
  payee: string;
  paid: number;
  cancelled: boolean;
  /** The vote restoration that overturned its result: it authorises no further payout. */
  overturnedBy?: EventId;
}

export const remainingOf = (s: SpendRecord) =>
  s.cancelled || s.overturnedBy !== undefined ? 0 : Math.max(0, s.amount - s.paid);

export interface Reservation {
  reservedFor: Map<EventId, number>;
  waiting: Set<EventId>;
  refundsReserved: number;
  reserved: number;
  /** Approved money (refunds owed and unpaid spends) that the balance does not cover. */
  shortfall: number;
}

/**
 * docs/rules.md §4.21: refunds owed come first; then passed spends in the order of their
 * decisions, first come first served. A spend that does not fit waits, and every spend behind it
 * waits too, so a small late spend cannot jump the queue ahead of an earlier large one.
 */
export function reserveQueue(balance: number, refundsOwed: number, queue: readonly SpendRecord[]): Reservation {
  let budget = Math.max(0, balance);
  const refundsReserved = Math.min(refundsOwed, budget);
  budget -= refundsReserved;
  let shortfall = refundsOwed - refundsReserved;
  const reservedFor = new Map<EventId, number>();
  const waiting = new Set<EventId>();
  let reserved = refundsReserved;
  let blocked = false;
  for (const spend of queue) {
    const need = remainingOf(spend);
    if (need === 0) continue;
    if (!blocked && need <= budget) {
      reservedFor.set(spend.id, need);
      budget -= need;
      reserved += need;
    } else {
      blocked = true;
      waiting.add(spend.id);
      shortfall += need;
    }
  }
  return { reservedFor, waiting, refundsReserved, reserved, shortfall };
}
