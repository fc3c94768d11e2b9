/**
 * Founding a pool on this phone: the founder signs its genesis (`pool.created`) and the engine
 * makes the pool's encrypted document, which the app state then adopts (openPools.ts).
 */
import type { EventId } from "../core/index.ts";
import { sha256 } from "../crypto/index.ts";
import type { PoolSession } from "../sync/index.ts";
import type { Started } from "./engineLoader.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import type { Me } from "./identity.ts";
import type { PoolModel } from "./poolModel.ts";
import { type FoundingOptions, foundingRules } from "./rulePresets.ts";

export interface FoundDraft extends FoundingOptions {
  name: string;
  purpose?: string;
  currency?: string;
}

export interface FoundPoolContext {
  me: () => Me | undefined;
  startSync: () => Promise<Started>;
  adopt: (session: PoolSession) => PoolModel;
  refreshRefs: () => Promise<void>;
}

export function foundPoolCommand(ctx: FoundPoolContext) {
  return {
    /** One step: a name is enough; purpose, currency and rules have sensible defaults. */
    async foundPool(draft: FoundDraft): Promise<CommandResult<EventId>> {
      const m = ctx.me();
      if (!m) return failed("Make your identity on this phone first.");
      const name = draft.name.trim();
      if (name === "") return failed("Give your pool a name, for example “Hiking Club Pool”.");
      if (name.length > 100) return failed("A pool's name can be at most 100 characters.");
      const purpose = (draft.purpose ?? "").trim();
      if (purpose.length > 2000) return failed("The purpose can be at most 2000 characters.");
      const currency = (draft.currency ?? "USD").toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) return failed("Pick a currency such as USD or EUR.");
      try {
        const { engine: e, services: s } = await ctx.startSync();
        const genesis = await e.signEvent(
          {
            pool: "",
            type: "pool.created",
            by: m.id,
            at: Date.now(),
            parents: [],
            data: {
              name,
              purpose,
              currency,
              rules: foundingRules(draft),
              bylawsVersion: e.BYLAWS_TEMPLATE_VERSION,
              founderName: m.name,
              // The founder's key for rotated pool keys (rules §9).
              deliveryKey: await e.deliveryKeyOf(m.secretKey),
            },
          },
          m.signer,
          sha256,
        );
        const created = await e.createPool(s.pools.repo, genesis, s.deps);
        if (!created.ok) return failed(explain(created));
        ctx.adopt(created.value);
        await ctx.refreshRefs();
        return done(genesis.id);
      } catch (error) {
        return unexpected(error);
      }
    },
  };
}
