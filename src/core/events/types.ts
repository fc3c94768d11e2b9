import type { PollChoice, PollMethod } from "../polls/pollTypes.ts";
import type { Rules } from "../rules/rules.ts";

/** base64url(SHA-256(canonical body bytes)). */
export type EventId = string;
/** base64url of a member's Ed25519 public key. */
export type MemberId = string;

export type Choice = "yes" | "no" | "abstain" | "block";
/** What a `vote.cast` holds: yes/no/abstain/block, or a ballot that fits a poll's method (rules §11). */
export type BallotChoice = Choice | PollChoice;
export type ContributionKind = "buy-in" | "dues" | "donation";

export type ProposalSpec =
  | { kind: "decision" }
  | { kind: "spend"; amount: number; payee: string; purpose: string; covers?: EventId[] }
  | { kind: "cancel-spend"; spend: EventId }
  | { kind: "rules"; changes: Partial<Rules> }
  | { kind: "remove-member"; member: MemberId }
  | { kind: "round"; amount: number; roundClosesAt: number; bucketDeadline: number; bucketCap?: number }
  /** `floodKey`: the flood's keys (rules §9): its epoch-0 key alone, or every epoch's the proposer held (`"<epoch>.<key>"`, `,`-joined). */
  | { kind: "flood.join"; flood: EventId; floodDoc: string; amount: number; floodKey?: string }
  | { kind: "flood.leave"; flood: EventId }
  | { kind: "poll"; question: string; options: string[]; method: PollMethod }
  | { kind: "dissolve"; split: "equal" | "contributed" | { payee: string } };

export type ProposalKind = ProposalSpec["kind"];

/** The payload of each event type. Keys and shapes are checked by `validateEventData`. */
/** Where a contribution comes from: a member, a named outsider, or (in a flood) a member pool's payout. */
export type ContributionSource = { member: MemberId } | { outsider: string } | { pool: EventId; payout: EventId };

export interface EventDataByType {
  /** `founderName` is the founder's display name (a join carries the joiner's; a genesis has no join). */
  "pool.created": {
    name: string;
    purpose: string;
    currency: string;
    rules: Rules;
    bylawsVersion: number;
    founderName?: string;
    /** The founder's X25519 public key for pool keys (rules §9), base64url. */
    deliveryKey?: string;
  };
  /** A flood's genesis: the same settings as a pool's. */
  "flood.created": { name: string; purpose: string; currency: string; rules: Rules; bylawsVersion: number };
  /** In a flood: a member of `pool` records that its `flood.join` proposal passed. */
  /** `poolKey`: "<epoch>.<base64url key>", the pool's key for the flood's devices (rules §9). */
  "flood.pool-joined": { pool: EventId; poolDoc: string; proposal: EventId; poolKey?: string };
  "flood.pool-left": { pool: EventId; proposal: EventId };
  /**
   * In a flood: a member of `pool` hands one epoch's key of the pool to the flood's members (rules
   * §9): `keys` maps each recipient's member id to the key sealed to their delivery key.
   */
  "flood.pool-key": { pool: EventId; epoch: number; keys: Record<MemberId, string> };
  /** `deliveryKey`: X25519 public key derived from the invite's secret, so a rotated pool key reaches the link (rules §9). */
  "member.invited": { invitePublicKey: string; expiresAt: number; maxUses: number; deliveryKey?: string };
  "member.invite-revoked": { invite: EventId };
  /** `deliveryKey`: the joiner's X25519 public key for pool keys (rules §9); joins before encryption have none. */
  "member.joined": { invite: EventId; name: string; bylawsHash: string; proof: string; deliveryKey?: string };
  "member.admitted": { join: EventId };
  "member.left": Record<string, never>;
  "proposal.created": { title: string; text: string; closesAt: number } & ProposalSpec;
  "proposal.withdrawn": { proposal: EventId };
  "proposal.comment": { proposal: EventId; text: string };
  "vote.cast": { proposal: EventId; choice: BallotChoice; reason?: string };
  "proposal.sealed": { proposal: EventId; votes: EventId[] };
  "proposal.seal-confirmed": { seal: EventId };
  /** By a voter a confirmed seal left out: their own vote, dated by the close, put back in the result. */
  "proposal.vote-restored": { proposal: EventId; vote: EventId };
  "ledger.contribution": { amount: number; from: ContributionSource; kind: ContributionKind; memo: string };
  "ledger.payout": { spend: EventId; amount: number; payee: string; memo: string; receipt?: string };
  "ledger.refund": { member: MemberId; amount: number; memo: string };
  "ledger.reversal": { entry: EventId; memo: string };
  "ledger.confirmed": { entry: EventId };
  "bucket.proposed": {
    round: EventId;
    title: string;
    description: string;
    payee: string;
    minimum: number;
    maximum?: number;
  };
  "bucket.cancelled": { bucket: EventId };
  "bucket.allocated": { bucket: EventId; amount: number };
  "round.sealed": { round: EventId; allocations: EventId[] };
  "round.seal-confirmed": { seal: EventId };
  /** A new pool key after a departure (rules §9), sealed to each recipient: member id or invite id → sealed key. */
  "pool.key-rotated": { epoch: number; departure: EventId; keys: Record<string, string> };
  /** A member publishes (or replaces) their X25519 delivery key (rules §9): for members who joined before encryption. */
  "member.key-published": { deliveryKey: string };
  /**
   * In a pool made before encryption: the pool moved to the sealed document `to` (rules §9);
   * `keys` maps member ids to that document's pool keys sealed to their delivery keys.
   */
  "pool.moved": { to: string; keys: Record<string, string> };
  /** A new flood key (rules §5, §9), sealed to each remaining member of the flood: member id → sealed key. */
  "flood.key-rotated": { epoch: number; keys: Record<string, string> };
}

export type EventType = keyof EventDataByType;

/** The signed part of an event (docs/rules.md §3). `pool` is "" only in the genesis. */
export interface EventBody<T extends EventType = EventType> {
  v: 1;
  pool: string;
  type: T;
  by: MemberId;
  at: number;
  parents: EventId[];
  data: EventDataByType[T];
}

/** What a document holds for one key: the exact signed bytes and the signature. */
export interface StoredEvent {
  bytes: Uint8Array;
  sig: Uint8Array;
}

/** A stored event whose bytes parsed into a well-formed body. Its signature may not be checked yet. */
export interface DecodedEvent<T extends EventType = EventType> {
  id: EventId;
  body: EventBody<T>;
  bytes: Uint8Array;
  sig: Uint8Array;
}

export type AnyDecodedEvent = { [T in EventType]: DecodedEvent<T> }[EventType];
