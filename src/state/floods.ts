/**
 * Floods in the app (docs/rules.md §5): start one from a pool, share its link, open it, and the
 * bookkeeping that crosses documents (recording a pool's join or departure in the flood, and the
 * transfer of a pool's payout). A flood is opened as a FloodSession and adopted like a pool, so
 * its proposals, votes, seals and ledger use the pool screens and commands as they are.
 */

import { createEffect, createMemo, createSignal } from "solid-js";
import type { EventId, FloodState, LedgerEntryView, ProposalView } from "../core/index.ts";
import type { FloodSession, MemberPoolRef, PoolRef, PoolSession, RawPoolKey } from "../sync/index.ts";
import {
  decodeFloodLink,
  docIdOfUrl,
  docUrlOfId,
  encodeFloodLink,
  floodKeysOf,
  openFlood,
  openPool,
  syncReasonText,
} from "../sync/index.ts";
import { floodCommands } from "./commands/floods.ts";
import { giveFloodKeys, ownPoolsIn } from "./commands/giveFloodKeys.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import type { Me } from "./identity.ts";
import { openWithTimeout } from "./openWithTimeout.ts";
import type { PoolModel } from "./poolModel.ts";
import type { Services } from "./services.ts";

export interface FloodSummary {
  id: EventId;
  name: string;
  currency?: string;
  balance?: number;
  pools: number;
  members: number;
  openProposals: number;
  loading: boolean;
}

/** What the app state lends the floods: its services, its open models, and how it adopts a session. */
export interface FloodHost {
  services: () => Services | undefined;
  me: () => Me | undefined;
  models: () => ReadonlyMap<EventId, PoolModel>;
  refs: () => PoolRef[];
  adopt: (session: PoolSession) => PoolModel;
  refreshRefs: () => Promise<void>;
  base: () => string;
}

/** How long to wait for the relay to hand over a flood this device has never seen. */

export type Floods = ReturnType<typeof createFloods>;

export function createFloods(host: FloodHost) {
  const opening = new Map<EventId, Promise<CommandResult<EventId>>>();

  /** Flood keys read from the store, for links (reactive: the link shows once its key is read). */
  const [floodKeys, setFloodKeys] = createSignal(new Map<EventId, RawPoolKey[]>());
  /** A `flood.join`'s `floodKey`: every epoch's key of the flood it carries (rules §9). */
  const keyOf = (text: string | undefined) => {
    const keys = text === undefined ? undefined : floodKeysOf(text);
    return keys ? { keys } : {};
  };

  const need = (): Services => {
    const s = host.services();
    if (!s) throw new Error("the app has not started yet");
    return s;
  };

  /** Member pools: the app's own open session when it has one (shared), else a read-only one. */
  const openMember = async (ref: MemberPoolRef) => {
    const mine = host.models().get(ref.genesisId);
    if (mine) return { ok: true as const, value: mine.session, shared: true };
    const s = need();
    return openPool(s.pools.repo, ref, { ...s.deps, device: undefined });
  };

  const isFlood = (id: EventId): boolean =>
    host.refs().some((r) => r.genesisId === id && r.kind === "flood") ||
    (host.models().get(id)?.session as Partial<FloodSession> | undefined)?.floodId === id;

  const floodState = (id: EventId): FloodState | undefined =>
    isFlood(id) ? (host.models().get(id)?.state() as FloodState | undefined) : undefined;

  /** Opens a flood (from the device's list or a link) and adopts it; once per flood at a time. */
  function open(ref: {
    genesisId: EventId;
    docUrl: string;
    keys?: readonly RawPoolKey[];
  }): Promise<CommandResult<EventId>> {
    if (host.models().has(ref.genesisId)) return Promise.resolve(done(ref.genesisId));
    let p = opening.get(ref.genesisId);
    if (!p) {
      p = (async () => {
        try {
          const s = need();
          const run = openFlood(s.pools.repo, ref, { ...s.deps, openMember });
          const opened = await openWithTimeout(run);
          if (opened === "timeout")
            return failed("This phone could not reach the flood. Check the connection and try the link again.");
          if (!opened.ok) return failed(explain(opened));
          if (!opened.value.view().state) {
            opened.value.close();
            return failed("The flood in this link could not be read: its founding event is missing or damaged.");
          }
          host.adopt(opened.value);
          await host.refreshRefs();
          return done(ref.genesisId);
        } catch (error) {
          return unexpected(error);
        } finally {
          opening.delete(ref.genesisId);
        }
      })();
      opening.set(ref.genesisId, p);
    }
    return p;
  }

  const floods = createMemo<FloodSummary[]>(() =>
    host
      .refs()
      .filter((r) => r.kind === "flood")
      .map((ref) => {
        const state = host.models().get(ref.genesisId)?.state() as FloodState | undefined;
        if (!state) return { id: ref.genesisId, name: ref.name, pools: 0, members: 0, openProposals: 0, loading: true };
        return {
          id: ref.genesisId,
          name: state.name,
          currency: state.currency,
          balance: state.ledger.balance,
          pools: state.pools.filter((p) => p.leftAt === undefined).length,
          members: state.activeMembers.length,
          openProposals: Object.values(state.proposals).filter((p) => p.status === "open").length,
          loading: false,
        };
      }),
  );

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

  // Every member of a pool that voted to join a flood opens that flood on their phone: the
  // pool's passed flood.join names the flood's document, so nobody needs the link passed around.
  const tried = new Set<EventId>();
  createEffect(() => {
    const models = host.models();
    if (!host.services()) return;
    for (const [id, model] of models) {
      if (isFlood(id) || !model.state()) continue;
      for (const p of passedJoins(id)) {
        const spec = p.spec as { flood: EventId; floodDoc: string; floodKey?: string };
        if (host.models().has(spec.flood) || tried.has(spec.flood)) continue;
        tried.add(spec.flood);
        void open({ genesisId: spec.flood, docUrl: docUrlOfId(spec.floodDoc), ...keyOf(spec.floodKey) }).then((r) => {
          // Offline or the relay is slow: try again when the pool next changes.
          if (!r.ok) tried.delete(spec.flood);
        });
      }
    }
  });

  // A pool of this phone's that started a new key epoch hands the key to each flood it is in, so
  // the flood's other devices keep reading it (rules §9). Runs again whenever a flood or pool changes.
  const giving = new Set<string>();
  createEffect(() => {
    const s = host.services();
    if (!s || !host.me()) return;
    const models = host.models();
    for (const [id, model] of models) {
      const flood = isFlood(id) ? (model.state() as FloodState | undefined) : undefined;
      if (!flood) continue;
      for (const poolId of ownPoolsIn(flood, (p) => models.has(p) && !isFlood(p))) {
        const pool = models.get(poolId)?.state();
        if (!pool) continue;
        // Read here so the effect runs again when the pool's epoch, the flood's keys for it or the
        // flood's members change (the work itself is asynchronous, where Solid tracks nothing).
        const tracked = [
          pool.keys.epoch,
          flood.pools.find((p) => p.pool === poolId)?.keys.length,
          flood.activeMembers.length,
        ];
        if (tracked.length === 0) continue;
        void giveFloodKeys(model.ctx, pool, s.deps.poolKeys, giving).catch(console.error);
      }
    }
  });

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

  /** The context to write into a flood (it must be open on this phone). */
  async function floodCtx(floodId: EventId, floodDoc?: string, floodKey?: string) {
    if (!host.models().has(floodId)) {
      if (floodDoc === undefined) return undefined;
      const r = await open({ genesisId: floodId, docUrl: docUrlOfId(floodDoc), ...keyOf(floodKey) });
      if (!r.ok) return r;
    }
    return host.models().get(floodId)?.ctx;
  }

  return {
    floods,
    isFlood,
    floodState,
    open,
    joins,
    transfersToRecord,

    /** Opens the boot-time list of floods after the pools, so member pools are shared with them. */
    openKnown: (refs: PoolRef[]) =>
      Promise.all(
        refs.map((r) => open(r).then((x) => x.ok || console.warn(`flood ${r.name} could not be opened: ${x.error}`))),
      ),

    /**
     * The link another pool pastes to propose joining: the document, the genesis and the flood's
     * key in the fragment (rules §9). Undefined until the key is read from this device's store.
     */
    linkOf(floodId: EventId): string | undefined {
      const model = host.models().get(floodId);
      if (!model) return undefined;
      const key = floodKeys().get(floodId);
      if (model.session.encrypted && key === undefined) {
        void (model.session as FloodSession).floodKeysForLink().then((k) => {
          if (k) setFloodKeys(new Map(floodKeys()).set(floodId, k));
        });
        return undefined;
      }
      return encodeFloodLink(host.base(), {
        docId: docIdOfUrl(model.docUrl),
        genesisId: floodId,
        ...(key ? { keys: key } : {}),
      });
    },

    /** Reads a flood link; opens the flood on this phone and remembers it. */
    async openLink(link: string): Promise<CommandResult<EventId>> {
      const decoded = decodeFloodLink(link);
      if (!decoded.ok) return failed(syncReasonText(decoded.reason));
      return open({
        genesisId: decoded.value.genesisId,
        docUrl: docUrlOfId(decoded.value.docId),
        ...(decoded.value.keys ? { keys: decoded.value.keys } : {}),
      });
    },

    ...floodCommands(host, { need, openMember, floodCtx }),
  };
}
