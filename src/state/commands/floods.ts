/**
 * Commands that cross documents between a pool and its flood (docs/rules.md §5): start a flood from
 * a pool, propose joining or leaving one, record the pool's join or departure in the flood, and
 * record a pool's payout as the flood's contribution. Each builds and signs an event that the
 * core checks before it is written, like every other command.
 */
import { BYLAWS_TEMPLATE_VERSION, type EventId, type FloodState, signEvent } from "../../core/index.ts";
import { sha256 } from "../../crypto/index.ts";
import type { FloodDeps } from "../../sync/index.ts";
import { createFlood, decodeFloodLink, docIdOfUrl, floodKeysText, poolKeyText } from "../../sync/index.ts";
import { author, type PoolContext } from "../author.ts";
import { type CommandResult, done, explain, failed, unexpected } from "../errors.ts";
import type { FloodHost } from "../floods.ts";
import type { Services } from "../services.ts";
import { propose } from "./proposals.ts";

export interface FloodCommandHelpers {
  need(): Services;
  openMember: NonNullable<FloodDeps["openMember"]>;
  /** The context to write into a flood, opening it first when its document id is known. */
  floodCtx(
    floodId: EventId,
    floodDoc?: string,
    floodKey?: string,
  ): Promise<PoolContext | CommandResult<EventId> | undefined>;
}

export function floodCommands(host: FloodHost, { need, openMember, floodCtx }: FloodCommandHelpers) {
  return {
    /** Starts a flood from a pool: same currency and rules as the pool (no treasurers: they are people of one pool). */
    async start(fromPool: EventId, draft: { name: string; purpose: string }): Promise<CommandResult<EventId>> {
      const m = host.me();
      const pool = host.models().get(fromPool)?.state();
      if (!m) return failed("Make your identity on this phone first.");
      if (!pool) return failed("This pool has not finished loading on this phone yet.");
      const name = draft.name.trim();
      if (name === "") return failed("Give the flood a name, for example “River Cleanup Flood”.");
      if (name.length > 100) return failed("A flood's name can be at most 100 characters.");
      const purpose = draft.purpose.trim();
      if (purpose.length > 2000) return failed("The purpose can be at most 2000 characters.");
      try {
        const s = need();
        const genesis = await signEvent(
          {
            pool: "",
            type: "flood.created",
            by: m.id,
            at: Date.now(),
            parents: [],
            data: {
              name,
              purpose,
              currency: pool.currency,
              rules: { ...pool.rules, treasurers: [] },
              bylawsVersion: BYLAWS_TEMPLATE_VERSION,
            },
          },
          m.signer,
          sha256,
        );
        const created = await createFlood(s.pools.repo, genesis, { ...s.deps, openMember });
        if (!created.ok) return failed(explain(created));
        host.adopt(created.value);
        await host.refreshRefs();
        return done(genesis.id);
      } catch (error) {
        return unexpected(error);
      }
    },

    /** In a pool: propose joining the flood of a link, committing `amount` (minor units). */
    async proposeJoin(
      poolId: EventId,
      d: { link: string; amount: number; title: string; text: string; openHours?: number },
    ): Promise<CommandResult<EventId>> {
      const decoded = decodeFloodLink(d.link);
      if (!decoded.ok)
        return failed("Paste the flood's link, the one that starts with your app's address and has #/flood in it.");
      if (!Number.isSafeInteger(d.amount) || d.amount <= 0)
        return failed("Type the amount the pool commits, more than zero.");
      const model = host.models().get(poolId);
      if (!model) return failed("This pool has not finished loading on this phone yet.");
      return propose(model.ctx, {
        title: d.title.trim() || "Join the flood",
        text: d.text,
        ...(d.openHours === undefined ? {} : { openHours: d.openHours }),
        spec: {
          kind: "flood.join",
          flood: decoded.value.genesisId,
          floodDoc: decoded.value.docId,
          amount: d.amount,
          // The flood's key goes to the pool's members inside the pool's own sealed entries (rules §9).
          ...(decoded.value.keys ? { floodKey: floodKeysText(decoded.value.keys) } : {}),
        },
      });
    },

    /** In a pool: propose leaving a flood it is in. */
    async proposeLeave(poolId: EventId, floodId: EventId, d: { title: string; text: string; openHours?: number }) {
      const model = host.models().get(poolId);
      if (!model) return failed("This pool has not finished loading on this phone yet.");
      return propose(model.ctx, {
        title: d.title.trim() || "Leave the flood",
        text: d.text,
        ...(d.openHours === undefined ? {} : { openHours: d.openHours }),
        spec: { kind: "flood.leave", flood: floodId },
      });
    },

    /** After the pool's flood.join passed and was confirmed: write `flood.pool-joined` into the flood. */
    async recordJoin(poolId: EventId, proposalId: EventId): Promise<CommandResult<EventId>> {
      const pool = host.models().get(poolId);
      const p = pool?.state()?.proposals[proposalId];
      if (!pool || !p || p.spec.kind !== "flood.join") return failed("That is not a flood.join proposal of this pool.");
      const ctx = await floodCtx(p.spec.flood, p.spec.floodDoc, p.spec.floodKey);
      if (ctx === undefined) return failed("The flood is not open on this phone.");
      if ("ok" in ctx) return ctx;
      // Someone in the pool already recorded it (their record reached this phone): nothing to add.
      const flood = host.models().get(p.spec.flood)?.state() as FloodState | undefined;
      if (flood?.pools.some((x) => x.pool === poolId && x.leftAt === undefined)) return done(p.spec.flood);
      // The pool's key reaches the flood's devices inside the flood's sealed entries (rules §9);
      // never into a flood made before encryption, whose entries the relay can read.
      const poolKey = ctx.session.encrypted ? await pool.session.poolKeyForInvite() : undefined;
      const r = await author(ctx, "flood.pool-joined", {
        pool: poolId,
        poolDoc: docIdOfUrl(pool.docUrl),
        proposal: proposalId,
        ...(poolKey ? { poolKey: poolKeyText(poolKey) } : {}),
      });
      return r.ok ? done(p.spec.flood) : r;
    },

    /** After the pool's flood.leave passed and was confirmed: write `flood.pool-left` into the flood. */
    async recordLeft(poolId: EventId, proposalId: EventId): Promise<CommandResult<EventId>> {
      const p = host.models().get(poolId)?.state()?.proposals[proposalId];
      if (p?.spec.kind !== "flood.leave") return failed("That is not a flood.leave proposal of this pool.");
      const ctx = await floodCtx(p.spec.flood);
      if (ctx === undefined) return failed("The flood is not open on this phone.");
      if ("ok" in ctx) return ctx;
      return author(ctx, "flood.pool-left", { pool: poolId, proposal: proposalId });
    },

    /** In the flood: a contribution naming the pool's confirmed payout to it, for the same amount. */
    async recordTransfer(floodId: EventId, poolId: EventId, payoutId: EventId): Promise<CommandResult<EventId>> {
      const ctx = host.models().get(floodId)?.ctx;
      const pool = host.models().get(poolId)?.state();
      const payout = pool?.ledger.entries.find((e) => e.id === payoutId);
      if (!ctx) return failed("The flood is not open on this phone.");
      if (!pool || !payout?.payout) return failed("That payout is not on this phone.");
      const poolName = pool.name;
      return author(ctx, "ledger.contribution", {
        amount: -payout.amount,
        from: { pool: poolId, payout: payoutId },
        kind: "dues",
        memo: `Transfer from ${poolName}`.slice(0, 200),
      });
    },
  };
}
