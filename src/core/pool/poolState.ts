import type { DuesStatus } from "../dues/duesOwed.ts";
import type {
  BallotChoice,
  ContributionKind,
  ContributionSource,
  EventId,
  EventType,
  MemberId,
  ProposalSpec,
} from "../events/types.ts";
import type { PollResult } from "../polls/countPoll.ts";
import type { ReasonCode } from "../reasons.ts";
import type { Rules } from "../rules/rules.ts";
import type { MemberStint } from "./memberStints.ts";

/** One refused event, for the audit view. */
export interface AuditEntry {
  id: EventId;
  type?: EventType;
  by?: MemberId;
  at?: number;
  reason: ReasonCode;
  detail?: string;
}

export type MemberStatus = "active" | "awaiting-admission" | "left" | "removed";

export interface MemberView {
  id: MemberId;
  name: string;
  status: MemberStatus;
  joinEvent?: EventId;
  invitedBy?: MemberId;
  joinedAt: number;
  isFounder: boolean;
  /** Confirmed contributions by kind, minus reversals (minor units). */
  contributed: Record<ContributionKind, number>;
  /** Confirmed buy-in less confirmed refunds. */
  buyInHeld: number;
  buyInMet: boolean;
  refundOwed: number;
  /** When they were an active member, by the dates of their admissions and departures (floods read these). */
  periods: { from: number; to?: number }[];
  /** Dues owed, paid through, and whether current (rules §11); only for active members once dues exist. */
  dues?: DuesStatus;
  /** Each stretch of membership with its join, admission, bylaws accepted and departure (the member register). */
  stints: MemberStint[];
}

export interface InviteView {
  id: EventId;
  by: MemberId;
  invitePublicKey: string;
  expiresAt: number;
  maxUses: number;
  revoked: boolean;
  joins: EventId[];
  admittedJoins: EventId[];
}

/** A join that is valid but not admitted yet. */
export interface PendingJoin {
  join: EventId;
  member: MemberId;
  name: string;
  invite: EventId;
  invitedBy: MemberId;
  at: number;
}

export type FailReason = "no-electorate" | "no-quorum" | "not-enough-support" | "blocked" | "stale-amendment";

export interface Tally {
  electorate: number;
  yes: number;
  no: number;
  abstain: number;
  block: number;
  /** Poll ballots counted (rules §11); present only on a poll's tally. */
  ballots?: number;
  passed: boolean;
  failReason?: FailReason;
}

export type ProposalStatus = "open" | "closed" | "decided" | "withdrawn";

export interface ProposalView {
  id: EventId;
  by: MemberId;
  at: number;
  title: string;
  text: string;
  closesAt: number;
  spec: ProposalSpec;
  /** The rules in the proposal's causal past: it is tallied with these. */
  rules: Rules;
  status: ProposalStatus;
  /**
   * docs/rules.md §4: this device held an admission or rules confirmation before the proposal's date
   * that the proposal's author left out of its past, or received it too close to its close.
   * Shown, never confirmed.
   */
  stale: boolean;
  /** When the proposal closed or will close (earlier than closesAt when everyone voted). */
  closedAt: number | undefined;
  electorate: MemberId[];
  /**
   * Counted choice per elector (their last vote in event order, cast by the close; once decided, the
   * seal's votes with restored ones in place). `arrivedAfterClose`: this device first held the vote
   * after the proposal closed (a backdated vote shows). `restored`: its voter restored it.
   */
  votes: Record<
    MemberId,
    { choice: BallotChoice; vote: EventId; reason?: string; at: number; arrivedAfterClose?: true; restored?: true }
  >;
  notVoted: MemberId[];
  tally: Tally;
  /** A poll's count by its method, over the same ballots as the tally (rules §11). */
  poll?: PollResult;
  /** Votes still needed for quorum, and yes votes still needed to pass, if everyone else abstained. */
  needed: { forQuorum: number; yesToPass: number };
  /** Seals written for this proposal, in event order. */
  seals: {
    id: EventId;
    by: MemberId;
    at: number;
    votes: EventId[];
    close: number;
    everyoneVoted: boolean;
    confirmed: boolean;
    tally: Tally;
  }[];
  /** The confirmed result, once there is one. Before that the tally above is provisional. */
  decided?: DecidedView;
  comments: { id: EventId; by: MemberId; at: number; text: string }[];
  /** For spends: money still to pay, what is paid, and whether it waits for funds. */
  spend?: SpendView;
}

/** A confirmed result, with the votes restored into it (docs/rules.md §4 "Seal"). */
export interface DecidedView {
  seal: EventId;
  confirmation: EventId;
  confirmedAt: number;
  /** The elector who confirmed the seal. */
  confirmedBy: MemberId;
  /** The result: the seal's votes with every restored vote this device holds in place. */
  tally: Tally;
  /** The seal's own count, before any restoration. */
  sealTally: Tally;
  /** Restorations flipped the result (passed to failed, or failed to passed). */
  overturned: boolean;
  restored: { voter: MemberId; vote: EventId; restoration: EventId }[];
  /** Countable votes (cast by the close) this device holds that the result leaves out. */
  missing: { voter: MemberId; vote: EventId; at: number }[];
  /** Until when a left-out voter may restore their vote. */
  restoreUntil: number;
  /** This device holds a missing vote and the window is still open (see `isContested`). */
  contested: boolean;
}

export interface SpendView {
  /** A spend proposal, a budget round's reservation, or a funded bucket of a round. */
  kind: "spend" | "round" | "bucket";
  amount: number;
  payee: string;
  paid: number;
  cancelled: boolean;
  /** Unpaid part that is still approved (0 when cancelled or fully paid). */
  remaining: number;
  /** Part of `remaining` that money in hand covers; the rest waits for funds. */
  reserved: number;
  waiting: boolean;
}

export type LedgerEntryType = "contribution" | "payout" | "refund" | "reversal";
export type EntryStatus = "awaiting-confirmation" | "confirmed" | "reversed";

export interface LedgerEntryView {
  id: EventId;
  type: LedgerEntryType;
  by: MemberId;
  at: number;
  /** Signed effect on the balance when counted: + in, − out. A reversal carries the opposite of its target. */
  amount: number;
  memo: string;
  status: EntryStatus;
  confirmedBy?: MemberId;
  confirmedAt?: number;
  /** Set when a counted entry was not authorised by the rules; cleared by a reversal or a covering spend. */
  notAuthorised?:
    | "no-passed-spend"
    | "beyond-approved"
    | "other-payee"
    | "refund-not-owed"
    | "refund-beyond-owed"
    | "result-overturned";
  contribution?: { kind: ContributionKind; from: ContributionSource };
  payout?: { spend: EventId; payee: string; receipt?: string };
  refund?: { member: MemberId };
  reversal?: { entry: EventId };
  reversedBy?: EventId;
}

export interface LedgerView {
  entries: LedgerEntryView[];
  balance: number;
  reserved: number;
  available: number;
  /** How much reserved money is missing: refunds owed and approved spends the balance cannot cover. */
  shortfall: number;
  refundsOwed: number;
  /** Every approved spend, round reservation and funded bucket, in the order they queue for money. */
  approved: (SpendView & { id: EventId })[];
  /** Balance after each counted entry, in event order, for the chart. */
  history: { at: number; balance: number; entry: EventId }[];
}

export interface BucketView {
  id: EventId;
  by: MemberId;
  at: number;
  title: string;
  description: string;
  payee: string;
  minimum: number;
  maximum: number;
  /** What the bucket holds now (or held at the sealed close). */
  total: number;
  /** Reached its minimum (provisional until the round's seal is confirmed). */
  funded: boolean;
  cancelled: boolean;
  /** Each member's allocation to it, after the maximum took what it could. */
  allocations: Record<MemberId, number>;
}

export interface RoundView {
  id: EventId;
  amount: number;
  /** Every elector's equal allocation in whole cents; the remainder stays with the pool. */
  share: number;
  remainder: number;
  electorate: MemberId[];
  closesAt: number;
  bucketDeadline: number;
  bucketCap?: number;
  status: "open" | "closed" | "decided";
  buckets: BucketView[];
  /** What each elector has placed in buckets so far. */
  allocatedBy: Record<MemberId, number>;
  unallocated: number;
  /** Ids of every allocation that counts now: what a seal would list. */
  countingAllocations: EventId[];
  seals: { id: EventId; by: MemberId; at: number; allocations: EventId[]; funded: EventId[]; confirmed: boolean }[];
  decided?: { seal: EventId; confirmation: EventId; funded: { bucket: EventId; amount: number }[] };
}

/** A confirmed, passed `dissolve` and what it still owes (src/core/dissolve). Minor units. */
export interface DissolutionView {
  proposal: EventId;
  confirmation: EventId;
  at: number;
  split: "equal" | "contributed" | { payee: string };
  /** Members active at the confirmation: the rest is split among them. */
  members: MemberId[];
  /** Buy-ins not yet refunded, owed first. */
  refunds: { member: MemberId; owed: number }[];
  /** Each recipient's share of the rest; `payee` is what a payout to them names (`member:<id>` or the payee). */
  shares: { payee: string; member?: MemberId; share: number; paid: number; owed: number }[];
  /** The balance plus what dissolution payouts already paid: what is being shared out. */
  estate: number;
  /** The estate less the refunds owed: what is split. */
  rest: number;
  /** Refunds and shares still owed that the balance does not cover (only after an unauthorised entry). */
  shortfall: number;
  /** The balance reached zero: the pool is closed. */
  closed: boolean;
}

export interface PoolState {
  poolId: EventId;
  name: string;
  purpose: string;
  currency: string;
  founder: MemberId;
  createdAt: number;
  bylawsVersion: number;
  /** The rules in force with every confirmed change this device holds. */
  rules: Rules;
  members: Record<MemberId, MemberView>;
  activeMembers: MemberId[];
  invites: Record<EventId, InviteView>;
  pendingJoins: PendingJoin[];
  proposals: Record<EventId, ProposalView>;
  /** Budget rounds that opened (their `round` proposal passed and was confirmed), by proposal id. */
  rounds: Record<EventId, RoundView>;
  ledger: LedgerView;
  /** Set once a `dissolve` passed and was confirmed: the pool is winding up. */
  dissolution?: DissolutionView;
  /** Refused events and why. */
  audit: AuditEntry[];
  /** Events waiting for a missing parent, with the ids they wait for. */
  pending: { id: EventId; missing: EventId[] }[];
  /** Counted votes this device first held after their proposal closed (backdated, or long offline). */
  lateVotes: { vote: EventId; proposal: EventId; by: MemberId; at: number }[];
  /** Admissions beyond an invite's use limit: valid (admissions are never undone), but shown. */
  extraInviteUses: { invite: EventId; join: EventId }[];
  /** Ids of every counted event, in event order. */
  order: EventId[];
  /** Ids a new event should name as parents: the newest valid heads, at most 64. */
  heads: EventId[];
  /** The latest `at` among valid events, so a new event is never dated before its parents. */
  latestAt: number;
}
