import { EMPTY_BITSET, hasBit, unionOf, type Bitset } from "../graph/bitset.ts";
import type { AnyDecodedEvent, DecodedEvent, EventId, MemberId } from "../events/types.ts";
import type { ReasonCode } from "../reasons.ts";
import type { Rules, RuleKey } from "../rules/rules.ts";
import { applyRuleChange } from "../rules/validateRules.ts";
import type { AuditEntry, InviteView } from "./poolState.ts";
import type { ProposalRecord } from "../proposals/proposalRecord.ts";
import { LedgerFold } from "../ledger/ledgerFold.ts";
import type { EventOrder } from "../graph/orderEvents.ts";
import { NEVER_DEPARTED } from "../tally/close.ts";
import type { RoundRecord } from "../rounds/roundRecord.ts";

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
export class Fold {
  readonly audit: AuditEntry[] = [];
  /**
   * An event's place in the order, by id. Everything else per event is kept in arrays by place.
   * With the order given, this answers for every placed event; without, for those entered so far.
   */
  readonly position: { get(id: EventId): number | undefined };
  private readonly entered: Map<EventId, number> | undefined;
  private enteredPlace = -1;
  private enteredId: EventId | undefined;
  /** Per place: 1 once the event is valid. */
  private readonly validAt: Uint8Array;
  /** Per place: the event's bit if it is valid and tracked, else -1. */
  private readonly bitAt: Int32Array;
  /** Per place: the causal past (tracked valid ancestors), and the same plus the event itself. */
  private readonly pastAt: Bitset[];
  private readonly inclusiveAt: Bitset[];
  /** Per place of a valid untracked event (a vote, a comment…): the places of valid events naming it. */
  private readonly firstChild: Int32Array;
  /** The edges of those lists: each names a child place and the next edge of the same parent (-1 ends). */
  private edgeChild: Int32Array;
  private edgeNext: Int32Array;
  private edges = 0;
  /** Scratch for `reachQuery`: per place, the query that last marked or answered it. */
  private readonly parentMark: Int32Array;
  private readonly answerMark: Int32Array;
  private readonly answer: Uint8Array;
  private queries = 0;
  private nextBit = 0;
  /** Members in id order, so electorates come out sorted (they are shown and compared sorted). */
  private readonly membersSorted: MemberId[] = [];
  /** Each member's marks, in the same order as `membersSorted` (the same lists as in `marks`). */
  private readonly marksSorted: MembershipMark[][] = [];

  /** Valid events so far (an invalid parent adds nothing to a causal past). */
  readonly valid: { has(id: EventId): boolean } = {
    has: (id) => {
      const i = this.position.get(id);
      return i !== undefined && this.validAt[i] === 1;
    },
  };

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
  readonly ledger = new LedgerFold();
  /** Confirmations that removed a member (as opposed to leaves), for the member's status. */
  readonly removals = new Set<EventId>();
  /** Spends a passed cancel-spend ended, even before the spend itself was decided. */
  readonly cancelledSpends = new Set<EventId>();
  /** Budget rounds by their proposal id, and which round each bucket and round seal belongs to. */
  readonly rounds = new Map<EventId, RoundRecord>();
  readonly bucketRound = new Map<EventId, EventId>();
  readonly roundSeals = new Map<EventId, EventId>();

  /** The `at` of the event being judged: a flood reads its member pools' rosters at that time. */
  protected judgingAt = 0;

  constructor(
    readonly genesisId: EventId,
    readonly events: ReadonlyMap<EventId, AnyDecodedEvent>,
    readonly knownDepartures: ReadonlyMap<MemberId, KnownDeparture[]>,
    /** A pool's genesis is `pool.created`; a flood's is `flood.created`. */
    readonly genesisType: "pool.created" | "flood.created" = "pool.created",
    /** The order the events will be taken in: its places and parent places save looking ids up. */
    private readonly order?: EventOrder,
  ) {
    if (order) this.position = { get: order.placeOf };
    else {
      const entered = new Map<EventId, number>();
      this.entered = entered;
      this.position = entered;
    }
    // Places run from 0 to the number of events less one (only events held can be placed).
    const n = events.size;
    this.validAt = new Uint8Array(n);
    this.bitAt = new Int32Array(n).fill(-1);
    this.pastAt = new Array(n);
    this.inclusiveAt = new Array(n);
    this.firstChild = new Int32Array(n).fill(-1);
    const capacity = Math.max(16, order ? order.parentPlace.length : n);
    this.edgeChild = new Int32Array(capacity);
    this.edgeNext = new Int32Array(capacity);
    this.parentMark = new Int32Array(n);
    this.answerMark = new Int32Array(n);
    this.answer = new Uint8Array(n);
  }

  /** Computes and stores an event's causal past before it is judged. */
  enter(event: AnyDecodedEvent, index: number): Bitset {
    if (index < 0 || index >= this.validAt.length) throw new Error(`enter: place ${index} is outside the events held`);
    if (this.order && this.order.placed[index] !== event)
      throw new Error(`enter: ${event.id} is not at place ${index}`);
    this.entered?.set(event.id, index);
    this.enteredPlace = index;
    this.enteredId = event.id;
    this.judgingAt = event.body.at;
    // Most events (every vote) have one valid parent: its set is the past, with no array built.
    let only: Bitset | undefined;
    let parentSets: Bitset[] | undefined;
    const places = this.parentPlaces(event, index);
    for (let k = this.parentFrom; k < this.parentTo; k++) {
      const i = places[k] as number;
      // An invalid parent adds nothing to the causal past (DESIGN.md §3 "Validity").
      if (this.validAt[i] !== 1) continue;
      const set = this.inclusiveAt[i] as Bitset;
      if (only === undefined) only = set;
      else if (parentSets === undefined) parentSets = [only, set];
      else parentSets.push(set);
    }
    const past = parentSets ? unionOf(parentSets) : (only ?? EMPTY_BITSET);
    this.pastAt[index] = past;
    return past;
  }

  /** Marks a judged event valid; tracked types get a bit so descendants can see them. */
  accept(event: AnyDecodedEvent): void {
    const index = this.enteredPlace;
    if (index < 0 || this.enteredId !== event.id) throw new Error(`accept: ${event.id} is not the event entered last`);
    // Remember which valid events name each valid untracked one: `reachQuery` follows these.
    const places = this.parentPlaces(event, index);
    for (let k = this.parentFrom; k < this.parentTo; k++) {
      const i = places[k] as number;
      if (this.validAt[i] !== 1 || (this.bitAt[i] as number) >= 0) continue;
      this.addChild(i, index);
    }
    this.validAt[index] = 1;
    const past = this.pastAt[index] ?? EMPTY_BITSET;
    if (UNTRACKED.has(event.body.type)) {
      this.inclusiveAt[index] = past;
      return;
    }
    const bit = this.nextBit++;
    this.bitAt[index] = bit;
    this.inclusiveAt[index] = unionOf([past], bit);
  }

  private addChild(parent: number, child: number): void {
    if (this.edges === this.edgeChild.length) {
      const child2 = new Int32Array(this.edges * 2);
      const next2 = new Int32Array(this.edges * 2);
      child2.set(this.edgeChild);
      next2.set(this.edgeNext);
      this.edgeChild = child2;
      this.edgeNext = next2;
    }
    const e = this.edges++;
    this.edgeChild[e] = child;
    this.edgeNext[e] = this.firstChild[parent] as number;
    this.firstChild[parent] = e;
  }

  /** An event's place (the event being judged is answered without a lookup). */
  placeOf(id: EventId): number | undefined {
    return id === this.enteredId ? this.enteredPlace : this.position.get(id);
  }

  /** Is the event at this place valid? */
  isValidAt(place: number): boolean {
    return this.validAt[place] === 1;
  }

  /**
   * The places of an event's parents that are placed (for a placed event: all of them): the
   * returned array from `parentFrom` up to `parentTo`. Nothing is allocated with the order given.
   */
  private parentPlaces(event: AnyDecodedEvent, index: number): ArrayLike<number> {
    const { order } = this;
    if (order) {
      this.parentFrom = order.parentStart[index] as number;
      this.parentTo = order.parentStart[index + 1] as number;
      return order.parentPlace;
    }
    const out: number[] = [];
    for (const p of event.body.parents) {
      const i = this.position.get(p);
      if (i !== undefined) out.push(i);
    }
    this.parentFrom = 0;
    this.parentTo = out.length;
    return out;
  }
  private parentFrom = 0;
  private parentTo = 0;

  /** Is a parent the event holds dated after it? (`at` is never below a parent's.) */
  datedBeforeParent(event: AnyDecodedEvent): boolean {
    const { order } = this;
    if (order && order.placed[this.enteredPlace] === event) {
      const places = this.parentPlaces(event, this.enteredPlace);
      for (let k = this.parentFrom; k < this.parentTo; k++)
        if ((order.placed[places[k] as number] as AnyDecodedEvent).body.at > event.body.at) return true;
      return false;
    }
    for (const parent of event.body.parents) {
      const p = this.events.get(parent);
      if (p && p.body.at > event.body.at) return true;
    }
    return false;
  }

  refuse(event: AnyDecodedEvent, reason: ReasonCode, detail?: string): void {
    const entry: AuditEntry = { id: event.id, type: event.body.type, by: event.body.by, at: event.body.at, reason };
    if (detail !== undefined) entry.detail = detail;
    this.audit.push(entry);
  }

  pastOf(id: EventId): Bitset {
    const i = this.placeOf(id);
    return (i === undefined ? undefined : this.pastAt[i]) ?? EMPTY_BITSET;
  }

  /** Everything up to and including the event (valid events only). */
  inclusiveOf(id: EventId): Bitset {
    const i = this.position.get(id);
    return (i === undefined || this.validAt[i] !== 1 ? undefined : this.inclusiveAt[i]) ?? EMPTY_BITSET;
  }

  bit(id: EventId): number | undefined {
    const i = this.position.get(id);
    const bit = i === undefined ? -1 : (this.bitAt[i] as number);
    return bit < 0 ? undefined : bit;
  }

  /**
   * Answers "is the valid event X in the causal past of `eventId`?" for many X at once, for an
   * event being judged (its past is known, it is not valid yet). A tracked X answers with one
   * bit. An untracked one (a vote has no bit) is in that past exactly when the event names it,
   * or when one of the valid events naming it is: so this follows children forward until a bit
   * answers (for a vote, usually one step) instead of walking the whole past backwards.
   */
  reachQuery(eventId: EventId): (id: EventId) => boolean {
    const atPlace = this.reachQueryByPlace(eventId);
    return (id) => {
      const i = this.position.get(id);
      return i !== undefined && atPlace(i);
    };
  }

  /** `reachQuery` for events given by place (a vote record knows its place). */
  reachQueryByPlace(eventId: EventId): (place: number) => boolean {
    const query = ++this.queries;
    const past = this.pastOf(eventId);
    const event = this.events.get(eventId);
    const place = this.position.get(eventId);
    if (event && place !== undefined) {
      const places = this.parentPlaces(event, place);
      for (let k = this.parentFrom; k < this.parentTo; k++) this.parentMark[places[k] as number] = query;
    }
    return (i) => this.validAt[i] === 1 && this.reaches(i, past, query);
  }

  private reaches(start: number, past: Bitset, query: number): boolean {
    const { answerMark, answer } = this;
    const settle = (x: number, value: boolean) => {
      answerMark[x] = query;
      answer[x] = value ? 1 : 0;
    };
    const stack = [start];
    while (stack.length > 0) {
      const x = stack[stack.length - 1] as number;
      if (answerMark[x] === query) {
        stack.pop();
        continue;
      }
      const bit = this.bitAt[x] as number;
      if (bit >= 0 || this.parentMark[x] === query) {
        settle(x, bit < 0 || hasBit(past, bit));
        stack.pop();
        continue;
      }
      const { edgeChild, edgeNext } = this;
      let hit = false;
      let open = false;
      for (let e = this.firstChild[x] as number; e >= 0; e = edgeNext[e] as number) {
        const c = edgeChild[e] as number;
        if (answerMark[c] !== query) open = true;
        else if (answer[c] === 1) {
          hit = true;
          break;
        }
      }
      if (!hit && open) {
        for (let e = this.firstChild[x] as number; e >= 0; e = edgeNext[e] as number) {
          const c = edgeChild[e] as number;
          if (answerMark[c] !== query) stack.push(c);
        }
        continue;
      }
      settle(x, hit);
      stack.pop();
    }
    return answer[start] === 1;
  }

  /** Is the valid, tracked event `ancestor` in this causal past? */
  inPast(past: Bitset, ancestor: EventId): boolean {
    const i = this.position.get(ancestor);
    if (i === undefined) return false;
    const bit = this.bitAt[i] as number;
    return bit >= 0 && hasBit(past, bit);
  }

  addMark(member: MemberId, kind: MembershipMark["kind"], event: EventId): void {
    const bit = this.bit(event);
    if (bit === undefined) throw new Error(`addMark: ${event} is not an accepted tracked event`);
    const list = this.marks.get(member);
    const mark = { kind, event, bit };
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

  /** The genesis rules with every confirmed change in this causal past, in confirmation order. */
  rulesAt(past: Bitset): Rules {
    let rules = this.genesis.body.data.rules;
    for (const change of this.rulesChanges)
      if (hasBit(past, change.bit)) rules = applyRuleChange(rules, change.changes);
    return rules;
  }

  /** The rules with every confirmed change the fold has taken. */
  currentRules(): Rules {
    let rules = this.genesis.body.data.rules;
    for (const change of this.rulesChanges) rules = applyRuleChange(rules, change.changes);
    return rules;
  }

  /** Confirmed rule changes in `past` but not in `own`, touching any of `keys` (a stale amendment). */
  newerChangeTouching(past: Bitset, own: Bitset, keys: readonly RuleKey[]): boolean {
    return this.rulesChanges.some(
      (c) => hasBit(past, c.bit) && !hasBit(own, c.bit) && keys.some((k) => k in c.changes),
    );
  }

  /**
   * DESIGN.md §3 "Leaving ends authorship": after a departure, only the member's events that are
   * its ancestors count, unless the event's past holds a later admission of theirs. Choosing old
   * parents cannot dodge a leave.
   */
  writtenAfterLeaving(event: AnyDecodedEvent, past: Bitset): boolean {
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
