import { EMPTY_BITSET, hasBit, unionOf, type Bitset } from "../graph/bitset.ts";
import type { AnyDecodedEvent, DecodedEvent, EventId, MemberId } from "../events/types.ts";
import type { ReasonCode } from "../reasons.ts";
import type { Rules, RuleKey } from "../rules/rules.ts";
import { applyRuleChange } from "../rules/validateRules.ts";
import type { AuditEntry, InviteView } from "./poolState.ts";
import type { ProposalRecord } from "../proposals/proposalRecord.ts";
import { LedgerFold } from "../ledger/ledgerFold.ts";
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

/**
 * The working state of one derivation pass. Events are taken in order; each is judged against
 * what is already here and its own causal past (its bitset of tracked ancestors).
 */
export class Fold {
  readonly valid = new Set<EventId>();
  readonly audit: AuditEntry[] = [];
  readonly position = new Map<EventId, number>();
  private readonly bitOf = new Map<EventId, number>();
  private readonly past = new Map<EventId, Bitset>();
  private readonly inclusive = new Map<EventId, Bitset>();
  /** Valid events naming each valid untracked event (a vote, a comment…) as a parent. */
  private readonly childrenOfUntracked = new Map<EventId, EventId[]>();
  private nextBit = 0;

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
  ) {}

  /** Computes and stores an event's causal past before it is judged. */
  enter(event: AnyDecodedEvent, index: number): Bitset {
    this.position.set(event.id, index);
    this.judgingAt = event.body.at;
    const parentSets: Bitset[] = [];
    for (const p of event.body.parents) {
      // An invalid parent adds nothing to the causal past (DESIGN.md §3 "Validity").
      const set = this.inclusive.get(p);
      if (set) parentSets.push(set);
    }
    const past = parentSets.length === 0 ? EMPTY_BITSET : unionOf(parentSets);
    this.past.set(event.id, past);
    return past;
  }

  /** Marks a judged event valid; tracked types get a bit so descendants can see them. */
  accept(event: AnyDecodedEvent): void {
    // Remember which valid events name each valid untracked one: `untrackedInPast` follows these.
    for (const p of event.body.parents) {
      if (!this.valid.has(p) || this.bitOf.has(p)) continue;
      const children = this.childrenOfUntracked.get(p);
      if (children) children.push(event.id);
      else this.childrenOfUntracked.set(p, [event.id]);
    }
    this.valid.add(event.id);
    const past = this.past.get(event.id) ?? EMPTY_BITSET;
    if (UNTRACKED.has(event.body.type)) {
      this.inclusive.set(event.id, past);
      return;
    }
    const bit = this.nextBit++;
    this.bitOf.set(event.id, bit);
    this.inclusive.set(event.id, unionOf([past], bit));
  }

  refuse(event: AnyDecodedEvent, reason: ReasonCode, detail?: string): void {
    const entry: AuditEntry = { id: event.id, type: event.body.type, by: event.body.by, at: event.body.at, reason };
    if (detail !== undefined) entry.detail = detail;
    this.audit.push(entry);
  }

  pastOf(id: EventId): Bitset {
    return this.past.get(id) ?? EMPTY_BITSET;
  }

  /** Everything up to and including the event (valid events only). */
  inclusiveOf(id: EventId): Bitset {
    return this.inclusive.get(id) ?? EMPTY_BITSET;
  }

  bit(id: EventId): number | undefined {
    return this.bitOf.get(id);
  }

  /**
   * Is the valid event `id` in the causal past of the event being judged (its past bitset
   * `past`, its parents `parents`)? A tracked event answers with one bit. An untracked one (a
   * vote has no bit) is in that past exactly when the event names it, or when one of the valid
   * events naming it is: so this follows children forward until a bit answers, which for a vote
   * is usually one step, instead of walking the whole past backwards. `memo` is per judged event.
   */
  reachesJudged(id: EventId, past: Bitset, parents: ReadonlySet<EventId>, memo: Map<EventId, boolean>): boolean {
    const stack = [id];
    while (stack.length > 0) {
      const x = stack[stack.length - 1] as EventId;
      if (memo.has(x)) {
        stack.pop();
        continue;
      }
      const bit = this.bitOf.get(x);
      if (bit !== undefined || parents.has(x)) {
        memo.set(x, bit === undefined || hasBit(past, bit));
        stack.pop();
        continue;
      }
      const children = this.childrenOfUntracked.get(x) ?? [];
      let answer: boolean | undefined = false;
      for (const c of children) {
        const m = memo.get(c);
        if (m === true) {
          answer = true;
          break;
        }
        if (m === undefined) answer = undefined;
      }
      if (answer === undefined) {
        for (const c of children) if (!memo.has(c)) stack.push(c);
        continue;
      }
      memo.set(x, answer);
      stack.pop();
    }
    return memo.get(id) === true;
  }

  /** Is the valid, tracked event `ancestor` in this causal past? */
  inPast(past: Bitset, ancestor: EventId): boolean {
    const bit = this.bitOf.get(ancestor);
    return bit !== undefined && hasBit(past, bit);
  }

  addMark(member: MemberId, kind: MembershipMark["kind"], event: EventId): void {
    const bit = this.bitOf.get(event);
    if (bit === undefined) throw new Error(`addMark: ${event} is not an accepted tracked event`);
    const list = this.marks.get(member);
    const mark = { kind, event, bit };
    if (list) list.push(mark);
    else this.marks.set(member, [mark]);
  }

  /** Active in this causal past: the latest membership mark of theirs in it is an admission. */
  isActiveAt(member: MemberId, past: Bitset): boolean {
    const list = this.marks.get(member);
    if (!list) return false;
    for (let i = list.length - 1; i >= 0; i--) {
      const mark = list[i] as MembershipMark;
      if (hasBit(past, mark.bit)) return mark.kind === "admit";
    }
    return false;
  }

  /** Has this id ever been admitted? (Entries may name former members, e.g. a refund.) */
  isKnownMember(member: MemberId): boolean {
    return this.marks.has(member);
  }

  activeMembersAt(past: Bitset): MemberId[] {
    const out: MemberId[] = [];
    for (const member of this.marks.keys()) if (this.isActiveAt(member, past)) out.push(member);
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
      const dBit = this.bitOf.get(d);
      return !admissions.some((a) => dBit !== undefined && hasBit(this.inclusiveOf(a.event), dBit) && a.event !== d);
    });
  }
}
