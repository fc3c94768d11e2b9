/**
 * The commands about the person rather than a pool: make, rename or restore their identity, and
 * the key backup that carries their pools' keys (rules §9). The app state (app.ts) hands in what
 * they touch.
 */
import type { Accessor, Setter } from "solid-js";
import type { PoolRef } from "../sync/index.ts";
import type { Engine } from "./engine.ts";
import { type CommandResult, done, failed, unexpected } from "./errors.ts";
import { backupText, checkDisplayName, createMe, type Me, renameMe, restoreMe } from "./identity.ts";
import { describeBackup, type KeyBackupText, restoredText } from "./keyBackup.ts";
import type { Services } from "./services.ts";

export interface IdentityContext {
  me: Accessor<Me | undefined>;
  setMe: Setter<Me | undefined>;
  refs: Accessor<PoolRef[]>;
  setRestoreNotice: Setter<string | undefined>;
  /** The device's own store (who I am); throws before the app has started. */
  store: () => Parameters<typeof createMe>[0];
  startSync: () => Promise<{ engine: Engine; services: Services }>;
  refreshRefs: () => Promise<void>;
  /** Opens pools the device now knows, pools before floods; never rejects. */
  openAll: (list: readonly PoolRef[]) => Promise<void>;
}

export function identityCommands(ctx: IdentityContext) {
  return {
    async createIdentity(name: string): Promise<CommandResult<undefined>> {
      const checked = checkDisplayName(name);
      if (!checked.ok) return failed(checked.error);
      if (ctx.me()) return failed("This phone already has your key. Rename yourself in Settings instead.");
      try {
        ctx.setMe(await createMe(ctx.store(), checked.name));
        return done(undefined);
      } catch (error) {
        return unexpected(error);
      }
    },
    async rename(name: string): Promise<CommandResult<undefined>> {
      const checked = checkDisplayName(name);
      const current = ctx.me();
      if (!checked.ok) return failed(checked.error);
      if (!current) return failed("Make your identity first.");
      try {
        ctx.setMe(await renameMe(ctx.store(), current, checked.name));
        return done(undefined);
      } catch (error) {
        return unexpected(error);
      }
    },
    async restoreIdentity(text: string, name: string, replace = false): Promise<CommandResult<undefined>> {
      const checked = checkDisplayName(name || ctx.me()?.name || "");
      if (!checked.ok) return failed(checked.error);
      try {
        const current = ctx.me();
        const r = await restoreMe(ctx.store(), text, checked.name, current ? { me: current, replace } : undefined);
        if (!r.ok) return failed(r.error);
        ctx.setMe(r.me);
        if (r.backup.pools.length === 0) {
          ctx.setRestoreNotice(restoredText(r.backup));
          return done(undefined);
        }
        // The backup's pools and their keys (rules §9): kept, listed, then opened like known pools.
        const { engine: e, services: s } = await ctx.startSync();
        const keys = s.deps.poolKeys;
        const added = keys ? await e.restoreBackedUpPools(s.device, keys, r.backup.pools) : [];
        await ctx.refreshRefs();
        ctx.setRestoreNotice(restoredText(r.backup));
        const list = ctx.refs().filter((ref) => added.some((p) => p.genesisId === ref.genesisId));
        // Opening waits for the relay; the person is told what came back meanwhile.
        void ctx.openAll(list);
        return done(undefined);
      } catch (error) {
        return unexpected(error);
      }
    },
    dismissRestoreNotice: () => ctx.setRestoreNotice(undefined),
    /** The key backup (for the file and the QR code), with every pool's keys; only when the person asks for it. */
    async keyBackup(): Promise<CommandResult<KeyBackupText>> {
      const m = ctx.me();
      if (!m) return failed("Make your identity on this phone first.");
      // On first run there are no pools yet: the backup is there at once, without waiting for the engine.
      if (ctx.refs().length === 0) return done(describeBackup(backupText(m, []), [], []));
      try {
        const { engine: e, services: s } = await ctx.startSync();
        const keys = s.deps.poolKeys;
        const pools = keys ? await e.collectBackedUpPools(s.device, keys) : [];
        const names = (flood: boolean) => pools.filter((p) => (p.kind === "flood") === flood).map((p) => p.name);
        return done(describeBackup(backupText(m, pools), names(false), names(true)));
      } catch (error) {
        return unexpected(error);
      }
    },
  };
}
