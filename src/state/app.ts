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
 */
import { createMemo, createSignal, getOwner, runWithOwner } from "solid-js";
import type { EventId, Need } from "../core/index.ts";
import { sha256 } from "../crypto/index.ts";
import type { PoolRef, PoolSession } from "../sync/index.ts";
import { createClock } from "./clock.ts";
import { type Device, openDevice } from "./device.ts";
import type { Engine } from "./engine.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import type { Floods } from "./floods.ts";
import { loadMe, type Me } from "./identity.ts";
import { identityCommands } from "./identityCommands.ts";
import type { JoinPreview } from "./join.ts";
import { lazyFloods } from "./lazyFloods.ts";
import type { PoolActions } from "./poolActions.ts";
import type { PoolModel } from "./poolModel.ts";
import { createPoolReminders } from "./reminders/pushReminders.ts";
import { type FoundingOptions, foundingRules } from "./rulePresets.ts";
import type { Services } from "./services.ts";
import { aggregateSync, type SyncBadge, watchConnectivity } from "./syncBadge.ts";

export interface PoolSummary {
  id: EventId;
  name: string;
  currency?: string;
  balance?: number;
  openProposals: number;
  awaitingMyVote: number;
  /** What needs me in this pool (rules §11 "Reminders"), most urgent first. */
  needs: Need[];
  /** My standing: loading until the pool's state is here. */
  standing: "member" | "awaiting-admission" | "left" | "loading";
  /** The pool moved to an encrypted copy and this phone waits for its key (rules §9). */
  moved?: boolean;
}

export interface FoundDraft extends FoundingOptions {
  name: string;
  purpose?: string;
  currency?: string;
}

export type AppState = ReturnType<typeof createAppState>;

const movedAway = (session: PoolSession) => session.writeBlocked() === "pool-moved";

/** Signing the move needs no answer to a move: the mover's device is the one moving. */
const ignoreMoves = { moved: () => undefined, waiting: () => undefined };

export function createAppState(options: { base: () => string }) {
  const [phase, setPhase] = createSignal<"booting" | "ready" | "failed">("booting");
  const [bootError, setBootError] = createSignal<string>();
  const [me, setMe] = createSignal<Me>();
  const [refs, setRefs] = createSignal<PoolRef[]>([]);
  const [models, setModels] = createSignal(new Map<EventId, PoolModel>(), { equals: false });
  const [relayOnline, setRelayOnline] = createSignal(false);
  const [syncReady, setSyncReady] = createSignal(false);
  const [floodsImpl, setFloodsImpl] = createSignal<Floods>();
  /** What the last restore brought back, said on the home screen until dismissed. */
  const [restoreNotice, setRestoreNotice] = createSignal<string>();
  const clock = createClock();
  const now = clock.now;
  const owner = getOwner();
  let device: Device | undefined;
  let deviceOpening: Promise<Device> | undefined;
  let services: Services | undefined;
  let engine: Engine | undefined;
  let syncStarting: Promise<{ engine: Engine; services: Services }> | undefined;
  const actions = new Map<EventId, PoolActions>();

  const report = (e: unknown) => console.error("pools:", e);

  function openDeviceOnce(): Promise<Device> {
    deviceOpening ??= openDevice().then((d) => {
      device = d;
      return d;
    });
    return deviceOpening;
  }

  /** The engine and its services: loaded once, by boot or by the first command that needs them. */
  function startSync(): Promise<{ engine: Engine; services: Services }> {
    syncStarting ??= (async () => {
      const [loaded, opened] = await Promise.all([import("./engine.ts"), openDeviceOnce()]);
      const started = await loaded.startServices(opened, report);
      services = started;
      engine = loaded;
      // Created under the app's owner, like everything else the app state holds.
      setFloodsImpl(() => runWithOwner(owner, () => loaded.createFloods(floodHost)));
      return { engine: loaded, services: started };
    })();
    return syncStarting;
  }

  function adopt(session: PoolSession): PoolModel {
    let existing = models().get(session.poolId);
    // A pool's old document after a move gives way to its sealed one (a new invite link, rules §9).
    if (existing && existing.session !== session && movedAway(existing.session) && !movedAway(session)) {
      existing.close();
      const rest = models();
      rest.delete(existing.id);
      setModels(rest);
      existing = undefined;
    }
    if (existing) {
      if (existing.session !== session) session.close();
      return existing;
    }
    const s = services as Services;
    const e = engine as Engine;
    const model = e.createPoolModel(session, me, s.pools.repo, s.pools.relay, clock.bump);
    const next = models();
    next.set(model.id, model);
    setModels(next);
    watchMoves(model);
    return model;
  }

  /**
   * A pool made before encryption follows its move to a sealed document by itself, and hands
   * that document's keys to members who ask (rules §9); the screens then show the new session.
   */
  function watchMoves(model: PoolModel) {
    const s = services as Services;
    const e = engine as Engine;
    const stop = e.watchMove(
      s.pools.repo,
      model.session,
      s.deps,
      e.moveHooks(me, {
        moved: (session) => {
          if (models().get(model.id) !== model) return session.close();
          model.close();
          const next = models();
          next.delete(model.id);
          setModels(next);
          adopt(session);
          void refreshRefs();
        },
        waiting: (waiting) => model.setMoved(waiting),
      }),
    );
    const close = model.close;
    model.close = () => {
      stop();
      close();
    };
  }

  async function refreshRefs() {
    if (device) setRefs(await device.store.listPools());
  }

  /**
   * Opens known pools, then floods (so member pools are shared with them). One pool that fails to
   * open must not take the others (or the app) down with it.
   */
  async function openAll(list: readonly PoolRef[]) {
    const opened = await Promise.allSettled(list.filter((r) => r.kind !== "flood").map(openKnown));
    for (const r of opened) if (r.status === "rejected") console.error("Pools: a pool could not be opened", r.reason);
    await floods.openKnown(list.filter((r) => r.kind === "flood"));
  }

  async function openKnown(ref: PoolRef) {
    const s = services as Services;
    const e = engine as Engine;
    const opened = await e.openPool(s.pools.repo, ref, s.deps);
    if (!opened.ok) {
      console.warn(`pool ${ref.name} could not be opened: ${explain(opened)}`);
      return;
    }
    // A pool made before encryption moves into an encrypted document on its first open by a member (rules §9).
    const m = me();
    const member = m !== undefined && opened.value.view().state?.activeMembers.includes(m.id) === true;
    if (member && e.needsEncrypting(opened.value, s.deps)) {
      const moved = await e.encryptPool(s.pools.repo, opened.value, s.deps, e.moveHooks(me, ignoreMoves).sign);
      if (moved.ok) {
        adopt(moved.value);
        await refreshRefs();
        return;
      }
      console.warn(`pool ${ref.name} could not be moved to an encrypted document: ${explain(moved)}`);
    }
    adopt(opened.value);
  }

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
      const opened = await openDeviceOnce();
      setMe(await loadMe(opened.store));
      list = await opened.store.listPools();
      setRefs(list);
      setPhase("ready");
    } catch (error) {
      return fail(error);
    }
    try {
      await beforeSync?.();
      const { services: s } = await startSync();
      const relay = s.pools.relay;
      if (relay) {
        setRelayOnline(relay.connected);
        relay.onChange(() => setRelayOnline(relay.connected));
        watchConnectivity(relay);
      }
      setSyncReady(true);
      void reminders.refresh();
      await openAll(list);
    } catch (error) {
      fail(error);
    }
  }

  const sync = createMemo<SyncBadge>(() =>
    !syncReady() && phase() !== "failed"
      ? {
          // The first screen is up before sync has loaded: neither online nor offline yet.
          state: "offline",
          label: "Starting",
          description: "Pools is getting ready on this phone and will connect in a moment.",
        }
      : aggregateSync(
          relayOnline(),
          [...models().values()].map((m) => m.sync()),
        ),
  );

  const pools = createMemo<PoolSummary[]>(() => {
    const my = me()?.id;
    return refs()
      .filter((ref) => ref.kind !== "flood")
      .map((ref) => {
        const model = models().get(ref.genesisId);
        const state = model?.state();
        // A model (and its state) exists only once the engine has opened its session.
        if (!state || !engine)
          return {
            id: ref.genesisId,
            name: ref.name,
            openProposals: 0,
            awaitingMyVote: 0,
            needs: [],
            standing: "loading",
          };
        const status = my ? state.members[my]?.status : undefined;
        const standing =
          status === "active" ? "member" : status === "left" || status === "removed" ? "left" : "awaiting-admission";
        return {
          id: ref.genesisId,
          name: state.name,
          currency: state.currency,
          balance: state.ledger.balance,
          openProposals: engine.openProposals(state).length,
          awaitingMyVote: engine.awaitingMyVote(state, my).length,
          needs: my ? engine.needsYou(state, my, now()) : [],
          standing,
          ...(model?.moved() ? { moved: true } : {}),
        };
      });
  });

  /** Floods (docs/rules.md §5): opened and adopted like pools, so the pool screens work on them. */
  const floodHost = {
    services: () => services,
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

  /** The device's store: there once the first screen is (boot's first step). */
  function needDevice(): Device {
    if (!device) throw new Error("the app has not started yet");
    return device;
  }

  /** Web Push per pool (rules §11): the relay's address and this device's peer id once sync is up. */
  const reminders = createPoolReminders(
    async () => {
      const { services: s } = await startSync();
      return s.pools.relay ? { relayUrl: s.pools.relay.url, peerId: s.pools.repo.peerId } : undefined;
    },
    (id) => refs().find((r) => r.genesisId === id),
  );

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
    actions(id: EventId): PoolActions | undefined {
      const model = models().get(id);
      if (!model) return undefined;
      let a = actions.get(id);
      if (!a) {
        // A model exists only once the engine has opened its session.
        a = (engine as Engine).poolActions(model, { base: options.base, now, deps: (services as Services).deps });
        actions.set(id, a);
      }
      return a;
    },

    ...identityCommands({
      me,
      setMe,
      refs,
      setRestoreNotice,
      store: () => needDevice().store,
      startSync,
      refreshRefs,
      openAll: (list) => openAll(list).catch(report),
    }),
    restoreNotice,

    /** One step: a name is enough; purpose, currency and rules have sensible defaults. */
    async foundPool(draft: FoundDraft): Promise<CommandResult<EventId>> {
      const m = me();
      if (!m) return failed("Make your identity on this phone first.");
      const name = draft.name.trim();
      if (name === "") return failed("Give your pool a name, for example “Hiking Club Pool”.");
      if (name.length > 100) return failed("A pool's name can be at most 100 characters.");
      const purpose = (draft.purpose ?? "").trim();
      if (purpose.length > 2000) return failed("The purpose can be at most 2000 characters.");
      const currency = (draft.currency ?? "USD").toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) return failed("Pick a currency such as USD or EUR.");
      try {
        const { engine: e, services: s } = await startSync();
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
        adopt(created.value);
        await refreshRefs();
        return done(genesis.id);
      } catch (error) {
        return unexpected(error);
      }
    },

    async previewInvite(link: string): Promise<CommandResult<JoinPreview>> {
      try {
        const { engine: e, services: s } = await startSync();
        return await e.previewInvite(s, link, Date.now(), me()?.id);
      } catch (error) {
        return unexpected(error);
      }
    },
    async joinPool(preview: JoinPreview): Promise<CommandResult<EventId>> {
      const m = me();
      if (!m) return failed("Make your identity on this phone first.");
      const state = preview.session.view().state;
      // A preview exists only once the engine has opened it.
      const e = engine as Engine;
      const s = services as Services;
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
        adopt(preview.session);
        await refreshRefs();
        return done(preview.state.poolId);
      } catch (error) {
        return unexpected(error);
      }
    },
    cancelPreview(preview: JoinPreview) {
      if (!models().has(preview.session.poolId)) preview.session.close();
    },
    async importPoolFile(bytes: Uint8Array): Promise<CommandResult<EventId>> {
      try {
        const { engine: e, services: s } = await startSync();
        const r = await e.importPoolFile(s.pools.repo, bytes, s.deps);
        if (!r.ok) return failed(explain(r));
        const model = adopt(r.value.session);
        await refreshRefs();
        return done(model.id);
      } catch (error) {
        return unexpected(error);
      }
    },
  };
}
