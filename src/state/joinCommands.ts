/**
 * Joining a pool from an invite link (rules §4.4, §4.5): preview the pool the link opens, then join it
 * (or go back). The preview's session becomes the pool's own once the person joins, with the keys
 * the link lent it; the engine's side of both steps is join.ts.
 */
import type { EventId } from "../core/index.ts";
import type { PoolSession } from "../sync/index.ts";
import type { Engine } from "./engine.ts";
import type { Started } from "./engineLoader.ts";
import { type CommandResult, done, failed, unexpected } from "./errors.ts";
import type { Me } from "./identity.ts";
import type { JoinPreview } from "./join.ts";
import type { PoolModel } from "./poolModel.ts";
import type { Services } from "./services.ts";

export interface JoinContext {
  me: () => Me | undefined;
  startSync: () => Promise<Started>;
  engine: () => Engine | undefined;
  services: () => Services | undefined;
  models: () => ReadonlyMap<EventId, PoolModel>;
  adopt: (session: PoolSession) => PoolModel;
  refreshRefs: () => Promise<void>;
}

export function joinCommands(ctx: JoinContext) {
  return {
    async previewInvite(link: string): Promise<CommandResult<JoinPreview>> {
      try {
        const { engine: e, services: s } = await ctx.startSync();
        return await e.previewInvite(s, link, Date.now(), ctx.me()?.id);
      } catch (error) {
        return unexpected(error);
      }
    },
    async joinPool(preview: JoinPreview): Promise<CommandResult<EventId>> {
      const m = ctx.me();
      if (!m) return failed("Make your identity on this phone first.");
      const state = preview.session.view().state;
      // A preview exists only once the engine has opened it.
      const e = ctx.engine() as Engine;
      const s = ctx.services() as Services;
      if (!(state && (state.activeMembers.includes(m.id) || state.pendingJoins.some((j) => j.member === m.id)))) {
        const r = await e.acceptInvite(m, preview);
        if (!r.ok) return r;
      }
      try {
        // The link's pool keys were only lent to the preview: the pool is this device's now, so keep them.
        const linked = preview.invite.poolKeys ?? (preview.invite.poolKey ? [preview.invite.poolKey] : []);
        for (const key of linked) await s.deps.poolKeys?.saveKey(preview.session.poolId, key.epoch, key.raw);
        await preview.session.keepKeys(); // keys of rotations the link's invite opened
        await s.device.savePool({
          genesisId: preview.session.poolId,
          docUrl: preview.session.docUrl,
          name: preview.state.name,
        });
        ctx.adopt(preview.session);
        await ctx.refreshRefs();
        return done(preview.state.poolId);
      } catch (error) {
        return unexpected(error);
      }
    },
    cancelPreview(preview: JoinPreview) {
      if (!ctx.models().has(preview.session.poolId)) preview.session.close();
    },
  };
}
