/**
 * The app's start, in two steps so a first visit on a slow phone shows a screen at once: the
 * device's own IndexedDB (who I am, my pools) is enough for the first screen (phase "ready"); the
 * engine (engine.ts: sync, Automerge and its wasm) loads behind it (`syncReady`), then the relay
 * is watched and the known pools are opened.
 */
import { createSignal } from "solid-js";
import type { PoolRef } from "../sync/index.ts";
import type { EngineLoader } from "./engineLoader.ts";
import { loadMe, type Me } from "./identity.ts";
import { watchConnectivity } from "./syncBadge.ts";

export interface BootContext {
  loader: EngineLoader;
  setMe: (me: Me | undefined) => void;
  setRefs: (refs: PoolRef[]) => void;
  /** Re-registers this device's reminders with its sync peer id, once sync is up (rules §11). */
  refreshReminders: () => Promise<void>;
  /** Opens the device's pools, pools before floods. */
  openAll: (list: readonly PoolRef[]) => Promise<void>;
}

export function createBoot(ctx: BootContext) {
  const [phase, setPhase] = createSignal<"booting" | "ready" | "failed">("booting");
  const [bootError, setBootError] = createSignal<string>();
  const [relayOnline, setRelayOnline] = createSignal(false);
  const [syncReady, setSyncReady] = createSignal(false);

  function fail(error: unknown) {
    console.error(error);
    setBootError(error instanceof Error ? error.message : String(error));
    setPhase("failed");
  }

  /**
   * @param beforeSync resolves when sync may start loading: the UI passes "once the first screen
   * has painted", so a phone on a slow network spends its first bytes on that screen.
   */
  async function boot(beforeSync?: () => Promise<void>) {
    let list: PoolRef[];
    try {
      const opened = await ctx.loader.openDevice();
      ctx.setMe(await loadMe(opened.store));
      list = await opened.store.listPools();
      ctx.setRefs(list);
      setPhase("ready");
    } catch (error) {
      return fail(error);
    }
    try {
      await beforeSync?.();
      const { services: s } = await ctx.loader.startSync();
      const relay = s.pools.relay;
      if (relay) {
        setRelayOnline(relay.connected);
        relay.onChange(() => setRelayOnline(relay.connected));
        watchConnectivity(relay);
      }
      setSyncReady(true);
      void ctx.refreshReminders();
      await ctx.openAll(list);
    } catch (error) {
      fail(error);
    }
  }

  return { phase, bootError, relayOnline, syncReady, boot };
}
