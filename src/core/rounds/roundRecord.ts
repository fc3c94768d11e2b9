import type { EventId, MemberId } from "../events/types.ts";

export interface AllocationRecord {
  id: EventId;
  by: MemberId;
  bucket: EventId;
  amount: number;
  at: number;
  position: number;
}

export interface BucketRecord {
  id: EventId;
  round: EventId;
  by: MemberId;
  at: number;
  title: string;
  description: string;
  payee: string;
  minimum: number;
  /** The most it takes: its own maximum, capped by the round's per-bucket cap. */
  maximum: number;
  cancellations: { id: EventId; at: number }[];
}

/** A member's current allocation to one bucket: what they asked, and what the bucket took. */
export interface Holding {
  allocation: AllocationRecord;
  effective: number;
}

/** The outcome of a round at its close: each bucket's total and whether it reached its minimum. */
export interface RoundOutcome {
  totals: Map<EventId, number>;
  funded: EventId[];
  allocated: number;
}

export interface RoundSealRecord {
  id: EventId;
  by: MemberId;
  at: number;
  allocations: AllocationRecord[];
  outcome: RoundOutcome;
}

/** A budget round, from the confirmation of its passed `round` proposal. */
export interface RoundRecord {
  id: EventId;
  /** The confirmation that opened it: buckets and allocations need it in their past. */
  openedBy: EventId;
  amount: number;
  closesAt: number;
  bucketDeadline: number;
  bucketCap: number | undefined;
  sealAfterHours: number;
  electorate: ReadonlySet<MemberId>;
  /** Every elector's equal allocation, in whole cents; the remainder stays with the pool. */
  share: number;
  buckets: Map<EventId, BucketRecord>;
  allocations: AllocationRecord[];
  /** Live fill, in event order: bucket → member → holding. */
  holdings: Map<EventId, Map<MemberId, Holding>>;
  seals: RoundSealRecord[];
  decided?: { seal: RoundSealRecord; confirmation: EventId };
}
