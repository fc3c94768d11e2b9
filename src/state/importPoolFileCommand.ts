/**
 * Opening a pool file handed over at a meetup (rules §6), where a phone may have no network: the
 * engine checks and imports it, and the app state adopts the pool like one opened from a link.
 */
import type { EventId } from "../core/index.ts";
import type { PoolSession } from "../sync/index.ts";
import type { Started } from "./engineLoader.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import type { PoolModel } from "./poolModel.ts";

export interface ImportPoolFileContext {
  startSync: () => Promise<Started>;
  adopt: (session: PoolSession) => PoolModel;
  refreshRefs: () => Promise<void>;
}

export function importPoolFileCommand(ctx: ImportPoolFileContext) {
  return {
    async importPoolFile(bytes: Uint8Array): Promise<CommandResult<EventId>> {
      try {
        const { engine: e, services: s } = await ctx.startSync();
        const r = await e.importPoolFile(s.pools.repo, bytes, s.deps);
        if (!r.ok) return failed(explain(r));
        const model = ctx.adopt(r.value.session);
        await ctx.refreshRefs();
        return done(model.id);
      } catch (error) {
        return unexpected(error);
      }
    },
  };
}
