import type { AnyDecodedEvent, EventId, MemberId } from "../events/types.ts";
import type { Bitset } from "../graph/bitset.ts";
import { Fold } from "../pool/fold.ts";
import type { PoolState } from "../pool/poolState.ts";
import type { ProposalRecord } from "../proposals/proposalRecord.ts";

/** One epoch's key of a member pool, as the flood carries it (rules §9): the entry that counts for it. */
export interface FloodPoolKey {
  epoch: number;
  /** The `flood.pool-joined` (its `poolKey`) or `flood.pool-key` that carries it. */
  event: EventId;
  /**
   * Whom a `flood.pool-key` sealed it to (member ids); absent for a join's key, which every holder
   * of the flood's key reads.
   */
  to?: MemberId[];
}

/** A pool's membership of the flood: from its `flood.pool-joined` to its `flood.pool-left`. */
export interface PoolLink {
  pool: EventId;
  doc: string;
  joined: EventId;
  joinedAt: number;
  /** The pool's passed `flood.join` the join names. */
  proposal: EventId;
  /**
   * Other `flood.pool-joined` of the same pool written without seeing this one (two members
   * recording the same passed join, each on their own phone): the same join, counted once.
   */
  also: EventId[];
  left?: EventId;
  leftAt?: number;
  /** The pool's keys the flood carries, in event order (rules §9). */
  keys: FloodPoolKey[];
}

/** Active in the pool at time `at`, by the pool's own derived periods of membership. */
export function activeInPool(state: PoolState | undefined, member: MemberId, at: number): boolean {
  const periods = state?.members[member]?.periods ?? [];
  return periods.some((p) => p.from <= at && (p.to === undefined || at < p.to));
}

/**
 * The fold of a flood (docs/rules.md §5). A flood has no members of its own: at each flood event,
 * its members are the union of the members of the pools whose `flood.pool-joined` is in that
 * event's causal past, each derived by the pool's own rules from the pool's own document — each
 * person once, however many of the pools they are in.
 *
 * Documents are not hash-linked to each other, so a pool's roster is read at the flood event's
 * date (`at`), not through a causal past across documents.
 */
export class FloodFold extends Fold {
  readonly links: PoolLink[] = [];

  constructor(
    genesisId: EventId,
    events: ReadonlyMap<EventId, AnyDecodedEvent>,
    readonly pools: ReadonlyMap<EventId, PoolState>,
  ) {
    super(genesisId, events, new Map(), "flood.created");
  }

  linksIn(past: Bitset): PoolLink[] {
    return this.links.filter(
      (l) =>
        (this.inPast(past, l.joined) || l.also.some((id) => this.inPast(past, id))) &&
        !(l.left !== undefined && this.inPast(past, l.left)),
    );
  }

  override isActiveAt(member: MemberId, past: Bitset): boolean {
    const at = this.judgingAt;
    return this.linksIn(past).some((l) => activeInPool(this.pools.get(l.pool), member, at));
  }

  override activeMembersAt(past: Bitset): MemberId[] {
    const at = this.judgingAt;
    const members = new Set<MemberId>();
    for (const l of this.linksIn(past))
      for (const m of Object.keys(this.pools.get(l.pool)?.members ?? {}))
        if (activeInPool(this.pools.get(l.pool), m, at)) members.add(m);
    return [...members].sort();
  }

  /** A flood has no leaves of its own: leaving one's pool (or the pool leaving) ends it. */
  override writtenAfterLeaving(): boolean {
    return false;
  }

  override isKnownMember(member: MemberId): boolean {
    return [...this.pools.values()].some((s) => member in s.members);
  }

  /**
   * An elector leaves a flood proposal's electorate the moment they are in none of its pools:
   * they left their last pool, or their last pool left the flood.
   */
  override departedAt(p: ProposalRecord, past: Bitset | "everything"): (member: MemberId) => number {
    const links = this.linksIn(p.past).map((l) => ({
      ...l,
      leftAt: l.left !== undefined && (past === "everything" || this.inPast(past, l.left)) ? l.leftAt : undefined,
    }));
    const cache = new Map<MemberId, number>();
    return (member) => {
      const known = cache.get(member);
      if (known !== undefined) return known;
      const times = new Set<number>();
      for (const l of links) {
        if (l.leftAt !== undefined) times.add(l.leftAt);
        for (const period of this.pools.get(l.pool)?.members[member]?.periods ?? [])
          if (period.to !== undefined) times.add(period.to);
      }
      let departed = Number.POSITIVE_INFINITY;
      for (const t of [...times].sort((a, b) => a - b)) {
        if (t <= p.event.body.at) continue;
        const stillIn = links.some(
          (l) => (l.leftAt === undefined || t < l.leftAt) && activeInPool(this.pools.get(l.pool), member, t),
        );
        if (!stillIn) {
          departed = t;
          break;
        }
      }
      cache.set(member, departed);
      return departed;
    };
  }
}
