/**
 * Random pool histories for property tests (fast-check).
 *
 * Signing is the slow part of building events, so a property draws a *script* (plain data: who
 * does what, in which order), builds it once into signed events with a `Device`, and then checks
 * many permutations, batchings or partitions of those same events. A device writes as an app
 * does: parents are the heads of its own derived state, `at` never precedes a parent, and it picks
 * targets (the proposal to vote on, the entry to confirm) from what it can see. Some actions are
 * hostile on purpose (forged signatures, outsiders voting, seals that drop or pad votes, payouts
 * nobody approved) so that invariants are checked where they matter.
 */

import { ed25519 } from "@noble/curves/ed25519.js";
import fc from "fast-check";
import {
  type AnyDecodedEvent,
  type Choice,
  type ContributionKind,
  DEFAULT_RULES,
  decodeEvent,
  derivePool,
  type EventDataByType,
  type EventId,
  type EventType,
  inviteProofMessage,
  type MemberId,
  type PoolState,
  type ProposalSpec,
  type Rules,
  type SignedEvent,
  type Signer,
  signEvent,
  toBase64url,
  verifyEvents,
} from "../../src/core/index.ts";
import { chooseVerifier, sha256, signerFromSecretKey } from "../../src/crypto/index.ts";
import { DAY, HOUR, T0 } from "./world.ts";

/** The people a generated history may involve; the first founds the pool. */
export const CAST = ["alice", "bob", "carol", "dave", "erin"] as const;
/** Never a member: writes junk and forgeries. */
export const OUTSIDER = "mallory";
const MINUTE = 60_000;

interface Person {
  name: string;
  id: MemberId;
  signer: Signer;
}

const people = new Map<string, Person>();

/** Same keys as World's `personKeys`, but built once per name (key derivation and import are slow). */
export function person(name: string): Person {
  let p = people.get(name);
  if (!p) {
    const secretKey = sha256(new TextEncoder().encode(`pools-test-person-${name}`));
    const signer = signerFromSecretKey(secretKey);
    p = { name, id: toBase64url(signer.publicKey), signer };
    people.set(name, p);
  }
  return p;
}

export const idOf = (name: string) => person(name).id;

// ---------------------------------------------------------------------------------------------
// Scripts: plain data that fast-check generates and shrinks.

/** Indices (`who`, `p`, `s`, `e`, `target`) are taken modulo what exists when the action runs. */
export type Action =
  | { t: "join"; who: number; inviter: number; admitter: number }
  | { t: "leave"; who: number }
  | {
      t: "propose";
      who: number;
      kind: ProposalSpec["kind"];
      amount: number;
      target: number;
      change: number;
      closesInHours: number;
    }
  | { t: "vote"; who: number; p: number; choice: Choice; reason: boolean; backdate: boolean }
  | { t: "duplicateVote"; who: number; p: number; choice: Choice }
  | { t: "forgedVote"; who: number; signerIdx: number; p: number; choice: Choice }
  | { t: "outsiderVote"; p: number; choice: Choice }
  | { t: "badParentVote"; who: number; p: number; choice: Choice }
  | { t: "withdraw"; p: number }
  | { t: "comment"; who: number; p: number }
  | { t: "seal"; who: number; p: number; variant: "honest" | "drop-one" | "pad-superseded" | "no-votes" }
  | { t: "confirmSeal"; who: number; s: number; wait: boolean }
  /** Every active member votes (choices cycle through `choices`): what a meetup does. */
  | { t: "voteAll"; p: number; choices: Choice[] }
  /** An honest seal after the close, confirmed by another member once the late-vote window ends. */
  | { t: "decide"; who: number; p: number; confirmer: number }
  /** The happy path: everyone votes yes, then the result is sealed and confirmed. */
  | { t: "pass"; who: number; p: number; confirmer: number }
  /** A spend from proposal to payout: proposed, passed, then paid (in part, in full or beyond) and confirmed. */
  | { t: "spendFlow"; who: number; amount: number; pay: number; otherPayee: boolean }
  | { t: "contribute"; who: number; from: number; amount: number; kind: ContributionKind; confirm: boolean }
  | {
      t: "payout";
      who: number;
      p: number;
      amount: number;
      fullRemaining: boolean;
      otherPayee: boolean;
      confirm: boolean;
    }
  | { t: "refund"; who: number; target: number; amount: number; owed: boolean; confirm: boolean }
  | { t: "reverse"; who: number; e: number; confirm: boolean }
  | { t: "confirmEntry"; who: number; e: number; anyEntry: boolean }
  | { t: "tick"; hours: number };

const idx = fc.nat({ max: 40 });
const who = fc.nat({ max: CAST.length - 1 });
const choice: fc.Arbitrary<Choice> = fc.constantFrom("yes", "yes", "no", "abstain", "block");
const amount = fc.constantFrom(1, 99, 250, 1_000, 3_333, 10_000);

type ActionName = Action["t"];

/** One arbitrary per kind of action. */
const ACTIONS: { [K in ActionName]: fc.Arbitrary<Extract<Action, { t: K }>> } = {
  join: fc.record({ t: fc.constant("join" as const), who, inviter: who, admitter: who }),
  leave: fc.record({ t: fc.constant("leave" as const), who }),
  propose: fc.record({
    t: fc.constant("propose" as const),
    who,
    kind: fc.constantFrom<ProposalSpec["kind"]>("decision", "spend", "spend", "cancel-spend", "rules", "remove-member"),
    amount,
    target: idx,
    change: fc.nat({ max: 7 }),
    closesInHours: fc.constantFrom(1, 2, 6, 24, 48),
  }),
  vote: fc.record({
    t: fc.constant("vote" as const),
    who,
    p: idx,
    choice,
    reason: fc.boolean(),
    backdate: fc.boolean(),
  }),
  duplicateVote: fc.record({ t: fc.constant("duplicateVote" as const), who, p: idx, choice }),
  forgedVote: fc.record({ t: fc.constant("forgedVote" as const), who, signerIdx: who, p: idx, choice }),
  outsiderVote: fc.record({ t: fc.constant("outsiderVote" as const), p: idx, choice }),
  badParentVote: fc.record({ t: fc.constant("badParentVote" as const), who, p: idx, choice }),
  withdraw: fc.record({ t: fc.constant("withdraw" as const), p: idx }),
  comment: fc.record({ t: fc.constant("comment" as const), who, p: idx }),
  seal: fc.record({
    t: fc.constant("seal" as const),
    who,
    p: idx,
    variant: fc.constantFrom("honest", "honest", "honest", "drop-one", "pad-superseded", "no-votes"),
  }),
  confirmSeal: fc.record({ t: fc.constant("confirmSeal" as const), who, s: idx, wait: fc.boolean() }),
  voteAll: fc.record({
    t: fc.constant("voteAll" as const),
    p: idx,
    choices: fc.oneof(fc.constant<Choice[]>(["yes"]), fc.array(choice, { minLength: 1, maxLength: 5 })),
  }),
  decide: fc.record({ t: fc.constant("decide" as const), who, p: idx, confirmer: who }),
  pass: fc.record({ t: fc.constant("pass" as const), who, p: idx, confirmer: who }),
  spendFlow: fc.record({
    t: fc.constant("spendFlow" as const),
    who,
    amount,
    pay: fc.constantFrom(0.5, 1, 1, 1.5),
    otherPayee: fc.boolean(),
  }),
  contribute: fc.record({
    t: fc.constant("contribute" as const),
    who,
    from: fc.integer({ min: -1, max: CAST.length - 1 }),
    amount,
    kind: fc.constantFrom<ContributionKind>("buy-in", "dues", "donation"),
    confirm: fc.boolean(),
  }),
  payout: fc.record({
    t: fc.constant("payout" as const),
    who,
    p: idx,
    amount,
    fullRemaining: fc.boolean(),
    otherPayee: fc.boolean(),
    confirm: fc.boolean(),
  }),
  refund: fc.record({
    t: fc.constant("refund" as const),
    who,
    target: who,
    amount,
    owed: fc.boolean(),
    confirm: fc.boolean(),
  }),
  reverse: fc.record({ t: fc.constant("reverse" as const), who, e: idx, confirm: fc.boolean() }),
  confirmEntry: fc.record({ t: fc.constant("confirmEntry" as const), who, e: idx, anyEntry: fc.boolean() }),
  tick: fc.record({ t: fc.constant("tick" as const), hours: fc.constantFrom(1, 3, 12, 25, 49) }),
};

/** How often each action is drawn by default: votes and money are what most properties are about. */
export const DEFAULT_WEIGHTS: Record<ActionName, number> = {
  join: 2,
  leave: 1,
  propose: 4,
  vote: 10,
  duplicateVote: 1,
  forgedVote: 1,
  outsiderVote: 1,
  badParentVote: 1,
  withdraw: 1,
  comment: 1,
  seal: 4,
  confirmSeal: 4,
  voteAll: 3,
  decide: 3,
  pass: 4,
  spendFlow: 3,
  contribute: 5,
  payout: 3,
  refund: 1,
  reverse: 2,
  confirmEntry: 6,
  tick: 3,
};

/** Actions drawn with the given weights (missing names keep their default; 0 leaves one out). */
export function actionsWith(weights: Partial<Record<ActionName, number>> = {}): fc.Arbitrary<Action> {
  const all = { ...DEFAULT_WEIGHTS, ...weights };
  const choices = (Object.keys(ACTIONS) as ActionName[])
    .filter((t) => all[t] > 0)
    .map((t) => ({ weight: all[t], arbitrary: ACTIONS[t] as fc.Arbitrary<Action> }));
  return fc.oneof(...choices);
}

export const actionArb: fc.Arbitrary<Action> = actionsWith();

/** Weights for histories about voting: ballots of every kind, seals, leaves and removals. */
export const VOTING_WEIGHTS: Partial<Record<ActionName, number>> = {
  vote: 14,
  duplicateVote: 3,
  forgedVote: 2,
  outsiderVote: 2,
  badParentVote: 2,
  leave: 2,
  contribute: 1,
  payout: 0,
  refund: 0,
  reverse: 0,
  confirmEntry: 1,
  spendFlow: 0,
};

/** Weights for histories about money: contributions, payouts, refunds, reversals, competing spends. */
export const LEDGER_WEIGHTS: Partial<Record<ActionName, number>> = {
  vote: 3,
  duplicateVote: 0,
  forgedVote: 0,
  outsiderVote: 0,
  badParentVote: 0,
  comment: 0,
  contribute: 8,
  payout: 5,
  refund: 3,
  reverse: 4,
  spendFlow: 5,
  leave: 2,
};

export interface PoolSetup {
  rules: Partial<Rules>;
  /** How many of CAST (after the founder) join before the script starts. */
  initialMembers: number;
}

export const setupArb: fc.Arbitrary<PoolSetup> = fc.record({
  rules: fc.record({
    quorum: fc.constantFrom(0, 50, 100),
    threshold: fc.constantFrom(50, 67),
    allowBlock: fc.boolean(),
    minVotingHours: fc.constantFrom(0, 1),
    closeWhenAllVoted: fc.boolean(),
    sealAfterHours: fc.constantFrom(0, 1, 24),
    buyIn: fc.constantFrom(0, 0, 250),
    refundOnLeave: fc.boolean(),
    confirmBy: fc.constantFrom<Rules["confirmBy"]>("another-member", "another-member", "none", "treasurer"),
  }),
  initialMembers: fc.integer({ min: 1, max: CAST.length - 1 }),
});

export interface Script {
  setup: PoolSetup;
  actions: Action[];
}

export const scriptArb = (
  minActions = 10,
  maxActions = 40,
  weights: Partial<Record<ActionName, number>> = {},
): fc.Arbitrary<Script> =>
  fc.record({
    setup: setupArb,
    actions: fc.array(actionsWith(weights), { minLength: minActions, maxLength: maxActions }),
  });

// ---------------------------------------------------------------------------------------------
// Devices: hold events, derive, and write like an app.

/** Rule changes a `rules` proposal may carry (`change` picks one). */
const RULE_CHANGES: Partial<Rules>[] = [
  { quorum: 0 },
  { threshold: 67 },
  { buyIn: 500 },
  { confirmBy: "none" },
  { confirmBy: "another-member" },
  { closeWhenAllVoted: false },
  { refundOnLeave: false },
  { allowBlock: true },
];

const PAYEE = "Mountain Gear Co";

export class Device {
  /** Everything held, in arrival order. */
  readonly held = new Map<EventId, SignedEvent>();
  /** Ids this device signed honestly (or received from a device that did): the verified set. */
  readonly honest: Set<EventId>;
  clock: number;
  private cached: PoolState | undefined;
  private inviteCounter = 0;
  /** Every event this device wrote itself, in order. */
  readonly written: SignedEvent[] = [];

  constructor(
    readonly genesisId: EventId,
    honest: Set<EventId>,
    clock: number,
    readonly label = "device",
  ) {
    this.honest = honest;
    this.clock = clock;
  }

  /** Founds a pool with `setup.rules` and admits `initialMembers` of CAST. */
  static async found(
    setup: PoolSetup,
    onState?: (state: PoolState, held: ReadonlyMap<EventId, SignedEvent>) => void,
  ): Promise<Device> {
    const rules: Rules = { ...DEFAULT_RULES, treasurers: [], ...setup.rules };
    if (rules.confirmBy === "treasurer") rules.treasurers = [idOf("alice"), idOf("bob")].sort();
    const genesis = await signEvent(
      {
        pool: "",
        type: "pool.created",
        by: idOf(CAST[0]),
        at: T0,
        parents: [],
        data: { name: "Generated Pool", purpose: "Properties", currency: "USD", rules, bylawsVersion: 1 },
      },
      person(CAST[0]).signer,
      sha256,
    );
    const device = new Device(genesis.id, new Set([genesis.id]), T0 + MINUTE);
    device.onState = onState;
    device.receive([genesis]);
    for (let i = 1; i <= setup.initialMembers; i++) await device.addMember(CAST[i] as string, CAST[0], CAST[0]);
    if (rules.buyIn > 0) {
      // Everyone pays their buy-in up front, or nobody could vote: each records their own and
      // alice confirms (bob confirms alice's), which also satisfies treasurer confirmation.
      for (let i = 0; i <= setup.initialMembers; i++) {
        const name = CAST[i] as string;
        const entry = await device.write(name, "ledger.contribution", {
          amount: rules.buyIn,
          from: { member: idOf(name) },
          kind: "buy-in",
          memo: "buy-in",
        });
        if (rules.confirmBy !== "none")
          await device.write(i === 0 ? CAST[1] : CAST[0], "ledger.confirmed", { entry: entry.id });
      }
    }
    return device;
  }

  /** A second device that starts from a copy of some of this one's events. */
  fork(ids: Iterable<EventId>, clockOffset: number, label: string): Device {
    const d = new Device(this.genesisId, this.honest, this.clock + clockOffset, label);
    d.receive([...ids].map((id) => this.held.get(id) as SignedEvent));
    return d;
  }

  receive(events: Iterable<SignedEvent>): void {
    for (const e of events) if (!this.held.has(e.id)) this.held.set(e.id, e);
    this.cached = undefined;
  }

  /** Called with every state this device derives while it writes (to check invariants at each step). */
  onState: ((state: PoolState, held: ReadonlyMap<EventId, SignedEvent>) => void) | undefined;

  state(): PoolState {
    if (!this.cached) {
      this.cached = derivePool({
        genesisId: this.genesisId,
        events: this.held.values() as Iterable<AnyDecodedEvent>,
        verified: this.honest,
        now: this.clock,
      });
      this.onState?.(this.cached, this.held);
    }
    return this.cached;
  }

  private isMember(name: string): boolean {
    return this.state().activeMembers.includes(idOf(name));
  }

  /** Writes an event as an app would: parents are the derived heads, dated after all of them. */
  async write<T extends EventType>(
    name: string,
    type: T,
    data: EventDataByType[T],
    opts: { parents?: EventId[]; at?: number; signer?: Signer; honest?: boolean } = {},
  ): Promise<SignedEvent> {
    const s = this.state();
    const parents = opts.parents ?? s.heads;
    const parentAt = Math.max(0, ...parents.map((p) => (this.held.get(p)?.body.at ?? 0) + 1));
    const at = opts.at ?? Math.max(this.clock, parentAt);
    const event = await signEvent(
      { pool: this.genesisId, type, by: idOf(name), at, parents, data },
      opts.signer ?? person(name).signer,
      sha256,
    );
    if (opts.honest !== false) this.honest.add(event.id);
    this.receive([event]);
    this.written.push(event);
    this.clock = Math.max(this.clock, at) + MINUTE;
    return event;
  }

  async addMember(name: string, inviter: string, admitter: string): Promise<void> {
    const secret = sha256(new TextEncoder().encode(`gen-invite-${this.label}-${this.inviteCounter++}`));
    const invite = await this.write(inviter, "member.invited", {
      invitePublicKey: toBase64url(ed25519.getPublicKey(secret)),
      expiresAt: this.clock + 7 * DAY,
      maxUses: 1,
    });
    const proof = toBase64url(ed25519.sign(inviteProofMessage(this.genesisId, idOf(name)), secret));
    const join = await this.write(name, "member.joined", {
      invite: invite.id,
      name: name.charAt(0).toUpperCase() + name.slice(1),
      bylawsHash: toBase64url(sha256(new Uint8Array([1]))),
      proof,
    });
    await this.write(admitter === name ? inviter : admitter, "member.admitted", { join: join.id });
  }

  private proposalIds(): EventId[] {
    return Object.keys(this.state().proposals).sort();
  }

  private pick<T>(list: readonly T[], i: number): T | undefined {
    return list.length === 0 ? undefined : list[i % list.length];
  }

  /** Runs one scripted action; actions that make no sense right now do nothing. */
  async run(a: Action): Promise<void> {
    const s = this.state();
    const name = "who" in a ? this.actor(a.who) : CAST[0];
    const proposal = "p" in a ? this.pick(this.proposalIds(), a.p) : undefined;
    const view = proposal ? s.proposals[proposal] : undefined;
    switch (a.t) {
      case "join": {
        if (this.isMember(name)) return;
        const inviter = this.isMember(CAST[a.inviter] as string) ? (CAST[a.inviter] as string) : CAST[0];
        const admitter = CAST[a.admitter] === name ? inviter : (CAST[a.admitter] as string);
        await this.addMember(name, inviter, admitter);
        return;
      }
      case "leave":
        if (this.isMember(name)) await this.write(name, "member.left", {});
        return;
      case "propose": {
        const closesAt = this.clock + a.closesInHours * HOUR;
        const spec = this.specFor(a);
        if (!spec) return;
        await this.write(name, "proposal.created", {
          title: `A ${spec.kind} proposal`,
          text: "Generated.",
          closesAt: Math.max(closesAt, this.clock + HOUR),
          ...spec,
        } as EventDataByType["proposal.created"]);
        return;
      }
      case "vote":
      case "duplicateVote": {
        if (!proposal || !view) return;
        const p = this.held.get(proposal) as SignedEvent;
        // An app dates a vote after the voter's previous vote on the same proposal.
        const mine = [...this.held.values()]
          .filter((e) => e.body.type === "vote.cast" && e.body.by === idOf(name))
          .filter((e) => (e.body.data as { proposal: EventId }).proposal === proposal)
          .map((e) => e.body.at);
        const previous = Math.max(0, ...mine.map((at) => at + 1));
        let at = Math.max(this.clock, p.body.at + 1, previous);
        if (a.t === "vote" && a.backdate) at = Math.max(p.body.at + 1, previous);
        // A second ballot with the same date as the first: only event order tells them apart.
        if (a.t === "duplicateVote") at = Math.max(p.body.at + 1, ...mine);
        const data =
          a.t === "duplicateVote" || a.reason
            ? { proposal, choice: a.choice, reason: a.t === "duplicateVote" ? "again" : "because" }
            : { proposal, choice: a.choice };
        await this.write(name, "vote.cast", data, { parents: [proposal], at });
        return;
      }
      case "forgedVote": {
        // Signed by someone else's key in the voter's name: the signature does not verify.
        if (!proposal) return;
        const other = CAST[a.signerIdx] as string;
        const signer = person(other === name ? OUTSIDER : other).signer;
        await this.write(
          name,
          "vote.cast",
          { proposal, choice: a.choice },
          { parents: [proposal], signer, honest: false },
        );
        return;
      }
      case "outsiderVote":
        if (proposal) await this.write(OUTSIDER, "vote.cast", { proposal, choice: a.choice }, { parents: [proposal] });
        return;
      case "badParentVote":
        if (proposal) {
          const parents = [...new Set([proposal, ...s.heads])].sort();
          await this.write(name, "vote.cast", { proposal, choice: a.choice }, { parents });
        }
        return;
      case "withdraw":
        if (view) await this.write(this.nameOf(view.by), "proposal.withdrawn", { proposal: view.id });
        return;
      case "comment":
        if (proposal) await this.write(name, "proposal.comment", { proposal, text: "Thoughts." });
        return;
      case "seal": {
        if (!view || view.decided) return;
        let votes = Object.values(view.votes).map((v) => v.vote);
        if (a.variant === "drop-one") votes = votes.slice(1);
        if (a.variant === "no-votes") votes = [];
        if (a.variant === "pad-superseded") {
          const counted = new Set(votes);
          const extra = [...this.held.values()].find(
            (e) =>
              e.body.type === "vote.cast" &&
              (e.body.data as { proposal: string }).proposal === view.id &&
              !counted.has(e.id),
          );
          if (extra) votes.push(extra.id);
        }
        const closedAt = view.closedAt ?? view.closesAt;
        this.clock = Math.max(this.clock, closedAt);
        await this.write(name, "proposal.sealed", { proposal: view.id, votes: [...new Set(votes)].sort() });
        return;
      }
      case "voteAll": {
        if (!proposal || !view) return;
        for (const [i, voter] of view.electorate.entries()) {
          const c = a.choices[i % a.choices.length] as Choice;
          await this.run({
            t: "vote",
            who: this.castIndex(voter),
            p: this.proposalIds().indexOf(proposal),
            choice: c,
            reason: false,
            backdate: false,
          });
        }
        return;
      }
      case "spendFlow": {
        if (!this.isMember(name)) return;
        await this.run({
          t: "propose",
          who: a.who,
          kind: "spend",
          amount: a.amount,
          target: 0,
          change: 1,
          closesInHours: 1,
        });
        const spend = this.written.at(-1) as SignedEvent;
        const p = this.proposalIds().indexOf(spend.id);
        if (p < 0) return;
        await this.run({ t: "pass", who: a.who + 1, p, confirmer: a.who + 2 });
        const entry = await this.write(name, "ledger.payout", {
          spend: spend.id,
          amount: Math.max(1, Math.round(a.amount * a.pay)),
          payee: a.otherPayee ? "Someone Else" : PAYEE,
          memo: "generated",
        });
        await this.confirmByAnother(entry, [name]);
        return;
      }
      case "pass":
        await this.run({ t: "voteAll", p: a.p, choices: ["yes"] });
        await this.run({ t: "decide", who: a.who, p: a.p, confirmer: a.confirmer });
        return;
      case "decide": {
        if (!view || view.decided) return;
        const at = this.proposalIds().indexOf(view.id);
        await this.run({ t: "seal", who: a.who, p: at, variant: "honest" });
        const seal = this.state().proposals[view.id]?.seals.at(-1);
        if (!seal) return;
        const others = this.state().activeMembers.filter((m) => m !== seal.by);
        const confirmer =
          others.length > 0 ? this.nameOf(others[a.confirmer % others.length] as MemberId) : this.actor(a.confirmer);
        const rules = this.state().rules;
        this.clock = Math.max(this.clock, seal.close + rules.sealAfterHours * HOUR + 1);
        await this.write(confirmer, "proposal.seal-confirmed", { seal: seal.id });
        return;
      }
      case "confirmSeal": {
        const seals = Object.values(s.proposals)
          .flatMap((p) => p.seals.map((seal) => ({ p, seal })))
          .sort((x, y) => (x.seal.id < y.seal.id ? -1 : 1));
        const chosen = this.pick(seals, a.s);
        if (!chosen) return;
        if (a.wait) {
          const rules = s.rules;
          this.clock = Math.max(this.clock, (chosen.p.closedAt ?? chosen.p.closesAt) + rules.sealAfterHours * HOUR + 1);
        }
        await this.write(name, "proposal.seal-confirmed", { seal: chosen.seal.id });
        return;
      }
      case "contribute": {
        const from = a.from < 0 ? { outsider: "A kind stranger" } : { member: idOf(CAST[a.from] as string) };
        const kind = a.from < 0 && a.kind === "buy-in" ? "donation" : a.kind;
        const entry = await this.write(name, "ledger.contribution", {
          amount: a.amount,
          from,
          kind,
          memo: "generated",
        });
        if (a.confirm)
          await this.confirmByAnother(entry, [name, "member" in from ? this.nameOf(from.member as string) : ""]);
        return;
      }
      case "payout": {
        const spends = this.proposalIds().filter((id) => s.proposals[id]?.spec.kind === "spend");
        const passed = spends.filter((id) => s.proposals[id]?.spend);
        // Mostly against a passed spend; sometimes against one that never passed (or not yet).
        const spend = this.pick(passed.length > 0 && a.p % 3 !== 0 ? passed : spends, a.p);
        if (!spend) return;
        const v = s.proposals[spend];
        const spec = v?.spec as { amount: number; payee: string };
        const remaining = v?.spend?.remaining ?? 0;
        const amount = a.fullRemaining && remaining > 0 ? remaining : a.amount;
        const entry = await this.write(name, "ledger.payout", {
          spend,
          amount,
          payee: a.otherPayee ? "Someone Else" : spec.payee,
          memo: "generated",
        });
        if (a.confirm) await this.confirmByAnother(entry, [name]);
        return;
      }
      case "refund": {
        const target = idOf(CAST[a.target] as string);
        const owed = s.members[target]?.refundOwed ?? 0;
        const amount = a.owed && owed > 0 ? owed : a.amount;
        const entry = await this.write(name, "ledger.refund", { member: target, amount, memo: "generated" });
        if (a.confirm) await this.confirmByAnother(entry, [name, CAST[a.target] as string]);
        return;
      }
      case "reverse": {
        const entry = this.pick(s.ledger.entries, a.e);
        if (!entry) return;
        const reversal = await this.write(name, "ledger.reversal", { entry: entry.id, memo: "mistake" });
        if (a.confirm) await this.confirmByAnother(reversal, [name, this.nameOf(entry.by)]);
        return;
      }
      case "confirmEntry": {
        const entries = a.anyEntry
          ? s.ledger.entries
          : s.ledger.entries.filter((x) => x.status === "awaiting-confirmation");
        const entry = this.pick(entries, a.e);
        if (entry) await this.write(name, "ledger.confirmed", { entry: entry.id });
        return;
      }
      case "tick":
        this.clock += a.hours * HOUR;
        this.cached = undefined;
        return;
    }
  }

  private specFor(a: Extract<Action, { t: "propose" }>): ProposalSpec | undefined {
    const s = this.state();
    switch (a.kind) {
      case "decision":
        return { kind: "decision" };
      case "spend": {
        // Sometimes a spend covers a payout nobody approved, to put it right.
        const unauthorised = s.ledger.entries.filter((e) => e.type === "payout" && e.notAuthorised);
        const cover = a.change % 3 === 0 ? this.pick(unauthorised, a.target) : undefined;
        const payee = cover?.payout?.payee ?? PAYEE;
        return cover
          ? { kind: "spend", amount: a.amount, payee, purpose: "gear", covers: [cover.id] }
          : { kind: "spend", amount: a.amount, payee, purpose: "gear" };
      }
      case "cancel-spend": {
        const spends = this.proposalIds().filter((id) => s.proposals[id]?.spec.kind === "spend");
        const spend = this.pick(spends, a.target);
        return spend ? { kind: "cancel-spend", spend } : undefined;
      }
      case "rules":
        return { kind: "rules", changes: RULE_CHANGES[a.change % RULE_CHANGES.length] as Partial<Rules> };
      case "remove-member": {
        const member = this.pick(s.activeMembers, a.target);
        return member ? { kind: "remove-member", member } : undefined;
      }
    }
  }

  /**
   * Who acts: mostly an active member (apps only offer actions to members), and now and then
   * whoever the script names, member or not, so refusals are exercised too.
   */
  private actor(i: number): string {
    const named = CAST[i % CAST.length] as string;
    const active = this.state().activeMembers;
    if (i % 4 === 3 || active.length === 0 || active.includes(idOf(named))) return named;
    return this.nameOf(active[i % active.length] as MemberId);
  }

  /** Another active member (a treasurer when the rules say so) confirms the entry right away. */
  private async confirmByAnother(entry: SignedEvent, excluded: string[]): Promise<void> {
    const s = this.state();
    if (s.rules.confirmBy === "none") return;
    const candidates = (s.rules.confirmBy === "treasurer" ? s.rules.treasurers : s.activeMembers)
      .filter((id) => s.activeMembers.includes(id))
      .map((id) => this.nameOf(id))
      .filter((n) => !excluded.includes(n));
    const by = candidates[entry.id.charCodeAt(0) % Math.max(1, candidates.length)];
    if (by) await this.write(by, "ledger.confirmed", { entry: entry.id });
  }

  private castIndex(id: MemberId): number {
    return Math.max(
      0,
      CAST.findIndex((n) => idOf(n) === id),
    );
  }

  private nameOf(id: MemberId): string {
    return [...CAST, OUTSIDER].find((n) => idOf(n) === id) ?? CAST[0];
  }
}

/** Builds a script into a device holding every event it produced. */
export async function buildHistory(
  script: Script,
  onState?: (state: PoolState, held: ReadonlyMap<EventId, SignedEvent>) => void,
): Promise<Device> {
  const device = await Device.found(script.setup, onState);
  for (const a of script.actions) await device.run(a);
  return device;
}

// ---------------------------------------------------------------------------------------------
// Deriving as a device does: decode the stored bytes, verify each event once, derive.

/** Decodes stored bytes as a device would (events built here always decode). */
export function decodeAll(events: Iterable<SignedEvent>): AnyDecodedEvent[] {
  const out: AnyDecodedEvent[] = [];
  for (const e of events) {
    const r = decodeEvent(e.id, { bytes: e.bytes, sig: e.sig }, sha256);
    if (!r.ok) throw new Error(`decodeAll: a generated event did not decode (${r.reason})`);
    out.push(r.value);
  }
  return out;
}

const verifierPromise = chooseVerifier();

/**
 * A device's view through the app's pipeline: events arrive in batches, each is verified once
 * (joins whose invite has not arrived wait and are tried again), then the pool is derived.
 */
export class VerifyingStore {
  readonly held = new Map<EventId, AnyDecodedEvent>();
  readonly verified = new Set<EventId>();

  constructor(readonly genesisId: EventId) {}

  async receive(batch: Iterable<AnyDecodedEvent>): Promise<void> {
    for (const e of batch) if (!this.held.has(e.id)) this.held.set(e.id, e);
    const unchecked = [...this.held.values()].filter((e) => !this.verified.has(e.id));
    const outcome = await verifyEvents(unchecked, await verifierPromise, (id) => this.held.get(id));
    for (const id of outcome.verified) this.verified.add(id);
  }

  derive(now: number): PoolState | undefined {
    if (!this.held.has(this.genesisId)) return undefined;
    return derivePool({ genesisId: this.genesisId, events: this.held.values(), verified: this.verified, now });
  }
}

// ---------------------------------------------------------------------------------------------
// Shuffling and splitting driven by fast-check.

/** A permutation of `items` from a list of random keys (stable for equal keys). */
export function permute<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.item);
}

/** Cuts `items` into consecutive batches at the given cut points (fractions of the length). */
export function splitAt<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * items.length)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let from = 0;
  for (const p of [...points, items.length]) {
    if (p > from) out.push(items.slice(from, p));
    from = Math.max(from, p);
  }
  return out;
}

export const permutationKeysArb = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 64 });
export const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

/**
 * Runs per property: fixed, so the suite takes the same time with any seed. Set
 * POOLS_PROPERTY_SCALE (e.g. 20) for a long bug hunt.
 */
export const runs = (n: number): number => Math.max(1, Math.round(n * Number(process.env.POOLS_PROPERTY_SCALE ?? 1)));

/** A property's time limit, scaled with its runs. */
export const propertyTimeout = (): number => 30_000 * Math.max(1, Number(process.env.POOLS_PROPERTY_SCALE ?? 1));
