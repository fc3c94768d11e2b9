import { dissolutionView } from "../dissolve/dissolutionView.ts";
import { poolKeysView } from "../encryption/keyRotation.ts";
import type { AnyDecodedEvent, EventId, MemberId } from "../events/types.ts";
import type { EventOrder } from "../graph/orderEvents.ts";
import { buildLedgerView } from "../ledger/ledgerView.ts";
import { buildRoundView } from "../rounds/roundView.ts";
import { RULE_KEYS } from "../rules/rules.ts";
import { buildProposalView } from "../tally/proposalView.ts";
import { datedInTheFuture, memberViews, pendingJoins } from "./buildState.ts";
import type { DeriveInput } from "./derivePool.ts";
import type { Fold } from "./fold.ts";
import { HeadSet } from "./headSet.ts";
import type { PoolState, ProposalView } from "./poolState.ts";

/** What changed since the last build: every view ("all"), or only these proposals' views. */
export type Touched = "all" | ReadonlySet<EventId>;

type LateVote = PoolState["lateVotes"][number];

/**
 * Which proposals new events touch. Votes, comments and new proposals change their proposal's
 * view and nothing else; any other event may change members, money, rules or every electorate,
 * so every view is built again (the fold itself stays incremental either way).
 */
export function touchedBy(events: readonly AnyDecodedEvent[]): Touched {
  const ids = new Set<EventId>();
  for (const e of events) {
    const t = e.body.type;
    if (t === "vote.cast" || t === "proposal.comment") ids.add((e.body.data as { proposal: EventId }).proposal);
    else if (t === "proposal.created") ids.add(e.id);
    else return "all";
  }
  return ids;
}

/** The part of a proposal view that moves with the clock alone: open or closed, contested or not. */
function clockSays(view: ProposalView, now: number): boolean {
  if (view.decided) return view.decided.missing.length > 0 && now <= view.decided.restoreUntil;
  return view.closedAt !== undefined && now >= view.closedAt;
}

/**
 * Turns a fold into the plain state the app shows, again after each step of an incremental
 * derivation, reusing every view nothing touched. Each state it returns is a new object and is
 * never changed afterwards (views are shared between states, never mutated).
 */
export class StateBuilder {
  private state: PoolState | undefined;
  private now = 0;
  private readonly late = new Map<EventId, LateVote[]>();
  private readonly heads = new HeadSet();
  /** Places already in `state.order` and `latestAt`. */
  private taken = 0;

  build(fold: Fold, order: EventOrder, input: DeriveInput, touched: Touched): PoolState {
    const g = fold.genesis;
    if (!g) throw new Error("buildState: the genesis was refused; check its signature and id");
    const prev = this.state;
    const all = prev === undefined || touched === "all";
    const isValid = (place: number) => fold.isValidAt(place);

    const ids = prev ? prev.order.slice() : [];
    let latestAt = prev ? prev.latestAt : 0;
    for (let i = this.taken; i < order.placed.length; i++) {
      if (!fold.isValidAt(i)) continue;
      const e = order.placed[i] as AnyDecodedEvent;
      ids.push(e.id);
      if (e.body.at > latestAt) latestAt = e.body.at;
    }
    this.taken = order.placed.length;
    this.heads.take(order, isValid);

    let shared: Pick<
      PoolState,
      | "rules"
      | "members"
      | "activeMembers"
      | "invites"
      | "keys"
      | "pendingJoins"
      | "ledger"
      | "extraInviteUses"
      | "dissolution"
    >;
    let spends: ReturnType<typeof buildLedgerView>["spends"];
    // Members, money and rules are built again whenever the clock moved too: cheap next to the
    // proposals, and right even where a view comes to depend on the date (dues, for one).
    if (all || prev === undefined || this.now !== input.now) {
      const rules = fold.currentRules();
      const ledger = buildLedgerView(fold);
      spends = ledger.spends;
      const members = memberViews(fold, rules.buyIn, ledger.refundOwedBy, input.now);
      const dissolution = dissolutionView(fold);
      if (dissolution) {
        // No spend authorises more: what the balance holds is owed to the dissolution.
        ledger.view.reserved = Math.max(0, ledger.view.balance);
        ledger.view.available = 0;
      }
      shared = {
        rules: Object.fromEntries(RULE_KEYS.map((k) => [k, rules[k]])) as unknown as typeof rules,
        members,
        activeMembers: Object.values(members)
          .filter((m) => m.status === "active")
          .map((m) => m.id)
          .sort(),
        // Copies of the fold's lists: the fold goes on adding to them after this state is handed out.
        invites: Object.fromEntries(
          [...fold.invites].map(([id, { at: _at, revocations: _r, ...view }]) => [
            id,
            { ...view, joins: [...view.joins], admittedJoins: [...view.admittedJoins] },
          ]),
        ),
        // Keys change only with joins, invites, departures and rotations: never with a vote alone.
        keys: poolKeysView(fold),
        pendingJoins: pendingJoins(fold),
        ledger: ledger.view,
        extraInviteUses: [...fold.extraInviteUses],
        ...(dissolution ? { dissolution } : {}),
      };
      this.spends = spends;
    } else {
      shared = prev;
      spends = this.spends;
    }

    const proposals: Record<EventId, ProposalView> = {};
    const lateVotes: LateVote[] = [];
    for (const p of fold.proposals.values()) {
      const id = p.event.id;
      const before = all ? undefined : prev?.proposals[id];
      const keep =
        before !== undefined &&
        !(touched as ReadonlySet<EventId>).has(id) &&
        clockSays(before, this.now) === clockSays(before, input.now);
      const view = keep ? before : buildProposalView(fold, p, input.now, spends, input.arrivals);
      proposals[id] = view;
      // Without arrivals no vote is marked late: no need to look through every vote.
      if (!keep) this.late.set(id, input.arrivals === undefined || input.arrivals.size === 0 ? [] : lateIn(view));
      for (const v of this.late.get(id) ?? []) lateVotes.push(v);
    }

    const rounds =
      !all && prev && this.now === input.now
        ? prev.rounds
        : Object.fromEntries([...fold.rounds.values()].map((r) => [r.id, buildRoundView(fold, r, input.now)]));
    this.now = input.now;

    const state: PoolState = {
      poolId: g.id,
      name: g.body.data.name,
      purpose: g.body.data.purpose,
      currency: g.body.data.currency,
      founder: g.body.by,
      createdAt: g.body.at,
      bylawsVersion: g.body.data.bylawsVersion,
      rules: shared.rules,
      members: shared.members,
      activeMembers: shared.activeMembers,
      invites: shared.invites,
      keys: shared.keys,
      pendingJoins: shared.pendingJoins,
      proposals,
      rounds,
      ledger: shared.ledger,
      ...(shared.dissolution ? { dissolution: shared.dissolution } : {}),
      audit: [...(input.refusedEarlier ?? []), ...fold.audit, ...datedInTheFuture(order)],
      pending: order.pending,
      lateVotes,
      extraInviteUses: shared.extraInviteUses,
      order: ids,
      heads: this.heads.newest(),
      latestAt,
    };
    this.state = state;
    return state;
  }

  private spends: ReturnType<typeof buildLedgerView>["spends"] = new Map();
}

/** Counted votes this device first held after their proposal closed. */
function lateIn(view: ProposalView): LateVote[] {
  const out: LateVote[] = [];
  for (const by in view.votes) {
    const v = view.votes[by as MemberId] as ProposalView["votes"][MemberId];
    if (v.arrivedAfterClose) out.push({ vote: v.vote, proposal: view.id, by, at: v.at });
  }
  return out;
}
