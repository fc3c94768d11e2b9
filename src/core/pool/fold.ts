import type { DissolutionRecord } from "../dissolve/dissolution.ts";
import { KeyEpochs } from "../encryption/keyRotation.ts";
import type { AnyDecodedEvent, DecodedEvent, EventId, MemberId } from "../events/types.ts";
import { type BitMask, type Bitset, hasBit, sameUnder, setMaskBit } from "../graph/bitset.ts";
import { CausalGraph } from "../graph/causalGraph.ts";
import type { EventOrder } from "../graph/orderEvents.ts";
import { LedgerFold } from "../ledger/ledgerFold.ts";
import type { ProposalRecord } from "../proposals/proposalRecord.ts";
import type { ReasonCode } from "../reasons.ts";
import type { RoundRecord } from "../rounds/roundRecord.ts";
import type { RuleKey, Rules } from "../rules/rules.ts";
import { withOptionalRules } from "../rules/rules.ts";
import { applyRuleChange } from "../rules/validateRules.ts";
import { NEVER_DEPARTED } from "../tally/close.ts";
import { resultIn } from "../tally/restoreVote.ts";
import { Voters } from "../tally/voters.ts";
import type { AuditEntry, InviteView } from "./poolState.ts";

/** Votes and comments never decide membership, rules or money, so they get no bit. */
const UNTRACKED = new Set(["vote.cast", "proposal.comment", "bucket.allocated"]);

/** Something that changes whether a member is active: an admission (or the genesis) or a departure. */
export interface MembershipMark {
  kind: "admit" | "depart";
  event: EventId;
  bit: number;
}

export interface JoinRecord {
  id: EventId;
  member: MemberId;
  name: string;
  invite: EventId;
  at: number;
  admittedBy?: EventId;
}

export interface RulesChange {
  confirmation: EventId;
  bit: number;
  changes: Partial<Rules>;
  /**
   * Whether its seal passed, and the proposal: every confirmed rules proposal is listed, because
   * restored votes may flip its result for events that hold the restoration (docs/rules.md §4).
   */
  passed: boolean;
  proposal: ProposalRecord;
}

/** Does a confirmed rules change apply in this causal past (its result, with the restorations there)? */
export function changeApplies(fold: Fold, change: RulesChange, past: Bitset | "everything"): boolean {
  const restorations = change.proposal.restorations;
  if (!restorations || restorations.length === 0) return change.passed;
  return resultIn(fold, change.proposal, past).passed;
}

/** A departure found in an earlier pass, with every event in its causal past. */
export interface KnownDeparture {
  event: EventId;
  member: MemberId;
  ancestors: ReadonlySet<EventId>;
}

/** Active in this causal past: the latest of these membership marks in it is an admission. */
function activeIn(marks: readonly MembershipMark[], past: Bitset): boolean {
  for (let i = marks.length - 1; i >= 0; i--) {
    const mark = marks[i] as MembershipMark;
    if (hasBit(past, mark.bit)) return mark.kind === "admit";
  }
  return false;
}

/**
 * The working state of one derivation pass. Events are taken in order; each is judged against
 * what is already here and its own causal past (its bitset of tracked ancestors).
 */
export class Fold extends CausalGraph {
  /** Members in id order, so electorates come out sorted (they are shown and compared sorted). */
  private readonly membersSorted: MemberId[] = [];
  /** Each member's marks, in the same order as `membersSorted` (the same lists as in `marks`). */
  private readonly marksSorted: MembershipMark[][] = [];
  /** The bits of every membership mark, and the last active members found (see `activeMembersShared`). */
  private readonly markBits: BitMask = [];
  private lastActive: { past: Bitset; marks: number; members: readonly MemberId[] } | undefined;
  private markCount = 0;

  readonly audit: AuditEntry[] = [];
  genesis!: DecodedEvent<"pool.created">;
  readonly marks = new Map<MemberId, MembershipMark[]>();
  readonly names = new Map<MemberId, string>();
  readonly joinOfMember = new Map<MemberId, EventId>();
  readonly joins = new Map<EventId, JoinRecord>();
  readonly invites = new Map<EventId, InviteView & { at: number; revocations: EventId[] }>();
  readonly extraInviteUses: { invite: EventId; join: EventId }[] = [];
  readonly rulesChanges: RulesChange[] = [];
  readonly proposals = new Map<EventId, ProposalRecord>();
  /** Departures seen in this pass, in order, with the member they concern. */
  readonly departures: { event: EventId; member: MemberId; at: number }[] = [];
  /** Pool key epochs and delivery keys (rules §9, encryption/keyRotation.ts). */
  readonly keys = new KeyEpochs();
  readonly ledger = new LedgerFold();
  /** Confirmations that removed a member (as opposed to leaves), for the member's status. */
  readonly removals = new Set<EventId>();
  /** Spends a passed cancel-spend ended, even before the spend itself was decided. */
  readonly cancelledSpends = new Set<EventId>();
  /** Budget rounds by their proposal id, and which round each bucket and round seal belongs to. */
  readonly rounds = new Map<EventId, RoundRecord>();
  readonly bucketRound = new Map<EventId, EventId>();
  readonly roundSeals = new Map<EventId, EventId>();
  /** Per place: 1 + the index in `proposalList` of the proposal there (0: none), for votes to find theirs. */
  private proposalAt = new Int32Array(0);
  private readonly proposalList: ProposalRecord[] = [];
  /** Voters by number, for counting without id lookups (tally/voters.ts). */
  readonly voters = new Voters();
  /** The confirmed, passed `dissolve`, once there is one (src/core/dissolve). */
  dissolution?: DissolutionRecord;

  /** The `at` of the event being judged: a flood reads its member pools' rosters at that time. */
  protected judgingAt = 0;

  constructor(
    readonly genesisId: EventId,
    events: ReadonlyMap<EventId, AnyDecodedEvent>,
    readonly knownDepartures: ReadonlyMap<MemberId, KnownDeparture[]>,
    /** A pool's genesis is `pool.created`; a flood's is `flood.created`. */
    readonly genesisType: "pool.created" | "flood.created" = "pool.created",
    order?: EventOrder,
  ) {
    super(events, (e) => !UNTRACKED.has(e.body.type), order);
  }

  /** Computes and stores an event's causal past before it is judged. */
  override enter(event: AnyDecodedEvent, index: number): Bitset {
    this.judgingAt = event.body.at;
    return super.enter(event, index);
  }

  /** Records a valid proposal (the event being judged). */
  addProposal(p: ProposalRecord): void {
    this.proposals.set(p.event.id, p);
    const place = this.placeOf(p.event.id);
    if (place === undefined) return;
    if (place >= this.proposalAt.length) {
      const grown = new Int32Array(Math.max(place + 1, this.events.size, this.proposalAt.length * 2));
      grown.set(this.proposalAt);
      this.proposalAt = grown;
    }
    this.proposalList.push(p);
    this.proposalAt[place] = this.proposalList.length;
  }

  /**
   * The proposal a vote names, which is its only parent (`checkVote` makes sure): found by that
   * parent's place when the order is known, so 100,000 votes look no id up.
   */
  proposalVotedOn(e: DecodedEvent<"vote.cast">): ProposalRecord | undefined {
    const place = this.onlyParentPlace(e);
    if (place < 0) return this.proposals.get(e.body.data.proposal);
    const i = place < this.proposalAt.length ? (this.proposalAt[place] as number) : 0;
    return i === 0 ? undefined : this.proposalList[i - 1];
  }

  refuse(event: AnyDecodedEvent, reason: ReasonCode, detail?: string): void {
    const entry: AuditEntry = { id: event.id, type: event.body.type, by: event.body.by, at: event.body.at, reason };
    if (detail !== undefined) entry.detail = detail;
    this.audit.push(entry);
  }

  addMark(member: MemberId, kind: MembershipMark["kind"], event: EventId): void {
    const bit = this.bit(event);
    if (bit === undefined) throw new Error(`addMark: ${event} is not an accepted tracked event`);
    const list = this.marks.get(member);
    const mark = { kind, event, bit };
    setMaskBit(this.markBits, bit);
    this.markCount++;
    if (list) list.push(mark);
    else {
      this.marks.set(member, [mark]);
      const sorted = this.membersSorted;
      let at = sorted.length;
      while (at > 0 && (sorted[at - 1] as MemberId) > member) at--;
      sorted.splice(at, 0, member);
      this.marksSorted.splice(at, 0, this.marks.get(member) as MembershipMark[]);
    }
  }

  /** Active in this causal past: the latest membership mark of theirs in it is an admission. */
  isActiveAt(member: MemberId, past: Bitset): boolean {
    const list = this.marks.get(member);
    return list !== undefined && activeIn(list, past);
  }

  /** Has this id ever been admitted? (Entries may name former members, e.g. a refund.) */
  isKnownMember(member: MemberId): boolean {
    return this.marks.has(member);
  }

  /** In id order. */
  activeMembersAt(past: Bitset): MemberId[] {
    const out: MemberId[] = [];
    if (this.isActiveAt !== Fold.prototype.isActiveAt) {
      for (const member of this.membersSorted) if (this.isActiveAt(member, past)) out.push(member);
      return out;
    }
    // Every member is asked for each proposal (1,000 members, 1,000 proposals): no lookups.
    const { membersSorted, marksSorted } = this;
    for (let i = 0; i < membersSorted.length; i++)
      if (activeIn(marksSorted[i] as MembershipMark[], past)) out.push(membersSorted[i] as MemberId);
    return out;
  }

  /**
   * `activeMembersAt` for reading only, shared between pasts that hold the same membership marks:
   * proposals one after another mostly have the same members (1,000 members, 1,000 proposals), so
   * their marks are compared rather than every member asked again.
   */
  activeMembersShared(past: Bitset): readonly MemberId[] {
    if (this.activeMembersAt !== Fold.prototype.activeMembersAt || this.isActiveAt !== Fold.prototype.isActiveAt)
      return this.activeMembersAt(past);
    const last = this.lastActive;
    if (last && last.marks === this.markCount && sameUnder(last.past, past, this.markBits)) return last.members;
    const members = this.activeMembersAt(past);
    this.lastActive = { past, marks: this.markCount, members };
    return members;
  }

  /**
   * When each member of a proposal's electorate left it, counting only departures in `past`
   * (or all the fold holds) that the proposal did not already know.
   */
  departedAt(p: ProposalRecord, past: Bitset | "everything"): (member: MemberId) => number {
    const at = new Map<MemberId, number>();
    for (const d of this.departures) {
      if (!p.electorateBase.has(d.member) || this.inPast(p.past, d.event)) continue;
      if (past !== "everything" && !this.inPast(past, d.event)) continue;
      at.set(d.member, Math.min(at.get(d.member) ?? Number.POSITIVE_INFINITY, d.at));
    }
    if (at.size === 0) return NEVER_DEPARTED;
    return (m) => at.get(m) ?? Number.POSITIVE_INFINITY;
  }

  private baseRules: Rules | undefined;
  /** The genesis rules, with any rule added since its founding at its default. */
  genesisRules(): Rules {
    this.baseRules ??= withOptionalRules(this.genesis.body.data.rules);
    return this.baseRules;
  }

  /**
   * The genesis rules with every confirmed change in this causal past, in confirmation order. A
   * change whose result restored votes overturned stops applying where the restoration is known.
   */
  rulesAt(past: Bitset): Rules {
    let rules = this.genesisRules();
    for (const change of this.rulesChanges)
      if (hasBit(past, change.bit) && changeApplies(this, change, past)) rules = applyRuleChange(rules, change.changes);
    return rules;
  }

  /** The rules with every confirmed change the fold has taken. */
  currentRules(): Rules {
    let rules = this.genesisRules();
    for (const change of this.rulesChanges)
      if (changeApplies(this, change, "everything")) rules = applyRuleChange(rules, change.changes);
    return rules;
  }

  /** Confirmed rule changes in `past` but not in `own`, touching any of `keys` (a stale amendment). */
  newerChangeTouching(past: Bitset, own: Bitset, keys: readonly RuleKey[]): boolean {
    return this.rulesChanges.some(
      (c) =>
        hasBit(past, c.bit) && !hasBit(own, c.bit) && keys.some((k) => k in c.changes) && changeApplies(this, c, past),
    );
  }

  /**
   * docs/rules.md §3.11: after a departure, only the member's events that are
   * its ancestors count, unless the event's past holds a later admission of theirs. Choosing old
   * parents cannot dodge a leave.
   */
  writtenAfterLeaving(event: AnyDecodedEvent, past: Bitset): boolean {
    // Nobody has left (nearly every event of most pools): nothing to look up.
    if (this.departures.length === 0 && this.knownDepartures.size === 0) return false;
    const member = event.body.by;
    const departures: EventId[] = [];
    for (const d of this.knownDepartures.get(member) ?? []) if (!d.ancestors.has(event.id)) departures.push(d.event);
    for (const d of this.departures) if (d.member === member && !departures.includes(d.event)) departures.push(d.event);
    if (departures.length === 0) return false;
    const admissions = (this.marks.get(member) ?? []).filter((m) => m.kind === "admit" && hasBit(past, m.bit));
    return departures.some((d) => {
      const dBit = this.bit(d);
      return !admissions.some((a) => dBit !== undefined && hasBit(this.inclusiveOf(a.event), dBit) && a.event !== d);
    });
  }
}
