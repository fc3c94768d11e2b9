/**
 * What the screens and the floods' own bookkeeping read across documents (docs/rules.md §5):
 * which open documents are floods, a pool's passed joins and whether its flood recorded them,
 * and the payouts to a flood that it has not counted yet.
 */
import type { EventId, FloodState, LedgerEntryView, ProposalView } from "../core/index.ts";
import type { FloodSession } from "../sync/index.ts";
import type { FloodHost } from "./floods.ts";

export type FloodReads = ReturnType<typeof floodReads>;

export function floodReads(host: Pick<FloodHost, "refs" | "models">) {
  const isFlood = (id: EventId): boolean =>
    host.refs().some((r) => r.genesisId === id && r.kind === "flood") ||
    (host.models().get(id)?.session as Partial<FloodSession> | undefined)?.floodId === id;

  const floodState = (id: EventId): FloodState | undefined =>
    isFlood(id) ? (host.models().get(id)?.state() as FloodState | undefined) : undefined;

  const passedJoins = (poolId: EventId) =>
    Object.values(host.models().get(poolId)?.state()?.proposals ?? {}).filter(
      (p) => p.spec.kind === "flood.join" && p.status === "decided" && p.decided?.tally.passed,
    );

  /**
   * The pool's flood.join proposals that passed and were confirmed, with whether the flood has
   * recorded the join (`undefined` while the flood is still opening on this phone).
   */
  function joins(poolId: EventId): { proposal: ProposalView; flood: EventId; recorded: boolean | undefined }[] {
    return passedJoins(poolId).map((p) => {
      const flood = (p.spec as { flood: EventId }).flood;
      const f = floodState(flood);
      const recorded = f ? f.pools.some((x) => x.pool === poolId) : undefined;
      return { proposal: p, flood, recorded };
    });
  }

  /** Confirmed payouts of pools open on this phone to the flood that the flood has not counted yet. */
  function transfersToRecord(floodId: EventId): { pool: EventId; poolName: string; payout: LedgerEntryView }[] {
    const flood = floodState(floodId);
    if (!flood) return [];
    const counted = new Set<EventId>();
    for (const e of flood.ledger.entries) {
      const from = e.contribution?.from;
      if (from && "payout" in from) counted.add(from.payout);
    }
    const out: { pool: EventId; poolName: string; payout: LedgerEntryView }[] = [];
    for (const link of flood.pools) {
      const pool = host.models().get(link.pool)?.state();
      if (!pool) continue;
      for (const e of pool.ledger.entries)
        if (e.payout?.payee === `flood:${floodId}` && e.status === "confirmed" && !counted.has(e.id))
          out.push({ pool: link.pool, poolName: pool.name, payout: e });
    }
    return out;
  }

  return { isFlood, floodState, passedJoins, joins, transfersToRecord };
}
