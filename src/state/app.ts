/**
 * The app state: who I am, my pools (each an open session with its derived state), the sync
 * state shown on every screen, and the commands that do not belong to one pool (make or restore
 * an identity, found, join or import a pool). Screens read signals and call commands; they never
 * touch a document or a key.
 *
 * It starts in two steps, so a first visit on a slow phone shows a screen at once: the device's
 * own IndexedDB (who I am, my pools) is enough for the first screen (phase "ready"); the engine
 * (engine.ts: sync, Automerge and its wasm) loads behind it (`syncReady`), and commands that need
 * it wait for it.
 *
 * This file only wires the pieces together; each lives in its own file: starting the device and
 * the engine (engineLoader.ts), the boot steps (boot.ts), the pools held and opened (openPools.ts),
 * the home screen's lines (poolSummaries.ts), floods (floods.ts, lazyFloods.ts), and the commands
 * (identityCommands.ts, foundPoolCommand.ts, joinCommands.ts, importPoolFileCommand.ts).
 */
import { createMemo, createSignal, getOwner, runWithOwner } from "solid-js";
import type { EventId } from "../core/index.ts";
import type { PoolRef } from "../sync/index.ts";
import { createBoot } from "./boot.ts";
import { createClock } from "./clock.ts";
import { createEngineLoader } from "./engineLoader.ts";
import type { Floods } from "./floods.ts";
import { foundPoolCommand } from "./foundPoolCommand.ts";
import type { Me } from "./identity.ts";
import { identityCommands } from "./identityCommands.ts";
import { importPoolFileCommand } from "./importPoolFileCommand.ts";
import { joinCommands } from "./joinCommands.ts";
import { lazyFloods } from "./lazyFloods.ts";
import { createOpenPools } from "./openPools.ts";
import { poolSummaries } from "./poolSummaries.ts";
import { createPoolReminders } from "./reminders/pushReminders.ts";
import { aggregateSync, STARTING_BADGE, type SyncBadge } from "./syncBadge.ts";

// The screens take these types from here, where they took them before the app state was split.
export type { FoundDraft } from "./foundPoolCommand.ts";
export type { PoolSummary } from "./poolSummaries.ts";

export type AppState = ReturnType<typeof createAppState>;

export function createAppState(options: { base: () => string }) {
  const [me, setMe] = createSignal<Me>();
  const [floodsImpl, setFloodsImpl] = createSignal<Floods>();
  /** What the last restore brought back, said on the home screen until dismissed. */
  const [restoreNotice, setRestoreNotice] = createSignal<string>();
  const clock = createClock();
  const now = clock.now;
  const owner = getOwner();

  const report = (e: unknown) => console.error("pools:", e);

  const loader = createEngineLoader(report, ({ engine }) =>
    // Created under the app's owner, like everything else the app state holds.
    setFloodsImpl(() => runWithOwner(owner, () => engine.createFloods(floodHost))),
  );
  const { startSync } = loader;
  const openPools = createOpenPools({ me, bump: clock.bump, loader, base: options.base, now });
  const { refs, models, adopt, refreshRefs } = openPools;

  /**
   * Opens known pools, then floods (so member pools are shared with them). One pool that fails to
   * open must not take the others (or the app) down with it.
   */
  async function openAll(list: readonly PoolRef[]) {
    const opened = await Promise.allSettled(list.filter((r) => r.kind !== "flood").map(openPools.openKnown));
    for (const r of opened) if (r.status === "rejected") console.error("Pools: a pool could not be opened", r.reason);
    await floods.openKnown(list.filter((r) => r.kind === "flood"));
  }

  const { phase, bootError, relayOnline, syncReady, boot } = createBoot({
    loader,
    setMe,
    setRefs: openPools.setRefs,
    refreshReminders: () => reminders.refresh(),
    openAll,
  });

  const sync = createMemo<SyncBadge>(() =>
    !syncReady() && phase() !== "failed"
      ? STARTING_BADGE
      : aggregateSync(
          relayOnline(),
          [...models().values()].map((m) => m.sync()),
        ),
  );

  const pools = poolSummaries({ me, refs, models, engine: loader.engine, now });

  /** Floods (docs/rules.md §5): opened and adopted like pools, so the pool screens work on them. */
  const floodHost = {
    services: loader.services,
    me,
    models,
    refs,
    adopt,
    refreshRefs,
    base: options.base,
  };
  const floods = lazyFloods(
    floodsImpl,
    async () => {
      await startSync();
      return floodsImpl() as Floods;
    },
    refs,
  );

  /** Web Push per pool (rules §11): the relay's address and this device's peer id once sync is up. */
  const reminders = createPoolReminders(
    async () => {
      const { services: s } = await startSync();
      return s.pools.relay ? { relayUrl: s.pools.relay.url, peerId: s.pools.repo.peerId } : undefined;
    },
    (id) => refs().find((r) => r.genesisId === id),
  );

  const arrivals = { me, startSync, adopt, refreshRefs };
  return {
    phase,
    reminders,
    /** False until sync (Automerge and its wasm) has loaded; actions that need it wait for it. */
    syncReady,
    bootError,
    now,
    sync,
    pools,
    me: () => me(),
    boot,
    pool: (id: EventId) => models().get(id),
    floods,
    /** The commands of one open pool. */
    actions: openPools.actionsOf,

    ...identityCommands({
      me,
      setMe,
      refs,
      setRestoreNotice,
      store: () => loader.needDevice().store,
      startSync,
      refreshRefs,
      openAll: (list) => openAll(list).catch(report),
    }),
    restoreNotice,

    ...foundPoolCommand(arrivals),
    ...joinCommands({ ...arrivals, engine: loader.engine, services: loader.services, models }),
    ...importPoolFileCommand(arrivals),
  };
}
