/**
 * Opening a pool file handed over at a meetup (rules §6), where a phone may have no network: the
 * engine checks and imports it, and the app state adopts the pool like one opened from a link.
 * An encrypted pool's file is sealed (rules §9): a phone that holds no key for the pool opens it
 * with the pool's invite link, handed over beside it.
 */
import type { EventId } from "../core/index.ts";
import type { PoolSession } from "../sync/index.ts";
import { decodeInviteLink } from "../sync/inviteLink.ts";
import type { Started } from "./engineLoader.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import { poolFileBytes } from "./poolFileBytes.ts";
import type { PoolModel } from "./poolModel.ts";

export interface ImportPoolFileContext {
  startSync: () => Promise<Started>;
  adopt: (session: PoolSession) => PoolModel;
  refreshRefs: () => Promise<void>;
}

export function importPoolFileCommand(ctx: ImportPoolFileContext) {
  return {
    async importPoolFile(file: Blob, inviteLink = ""): Promise<CommandResult<EventId>> {
      try {
        const bytes = await poolFileBytes(file);
        if (!bytes.ok) return bytes;
        let link: { genesisId: EventId; keys: { epoch: number; raw: Uint8Array }[] } | undefined;
        if (inviteLink.trim() !== "") {
          const decoded = decodeInviteLink(inviteLink);
          if (!decoded.ok) return failed(explain(decoded));
          link = { genesisId: decoded.value.genesisId, keys: decoded.value.poolKeys ?? [] };
        }
        const { engine: e, services: s } = await ctx.startSync();
        const r = await e.importPoolFile(s.pools.repo, bytes.value, s.deps, link);
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
