/**
 * One open pool as the screens see it: the derived state in a Solid store (reconciled by id,
 * so an update re-renders only what changed), the sync status of its document, and the context
 * every command needs. Under `admission: auto` it admits valid joins by itself on each update.
 */
import { createSignal } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { type EventId, limits, type PoolState } from "../core/index.ts";
import type { PoolSession, RelayLink } from "../sync/index.ts";
import { type SyncStatus, watchSyncStatus } from "../sync/index.ts";
import type { PoolContext } from "./author.ts";
import { autoAdmit } from "./commands/membership.ts";
import { autoPublishKey } from "./commands/publishKey.ts";
import { autoRotate } from "./commands/rotateKey.ts";
import type { Me } from "./identity.ts";

type RepoOf = Parameters<typeof watchSyncStatus>[0];

export interface PoolModel {
  id: EventId;
  docUrl: string;
  state: () => PoolState | undefined;
  sync: () => SyncStatus;
  /** Junk entries from outside the pool this device shed from the document (rules §3.7). */
  junk: () => number;
  /** Entries this phone cannot read: sealed under a pool key it never received (rules §9). */
  unreadable: () => number;
  /** The pool moved to an encrypted copy and this device waits for its key (rules §9, `pool-moved`). */
  moved: () => boolean;
  setMoved(moved: boolean): void;
  ctx: PoolContext;
  session: PoolSession;
  close(): void;
}

/**
 * The next moment this pool's state changes by the clock alone: a close, the end of a late-vote or
 * restore window, or an event dated in the future coming within reach of the clock.
 */
function nextDeadline(state: PoolState, now: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const p of Object.values(state.proposals)) {
    if (p.status === "open") next = Math.min(next, p.closedAt ?? p.closesAt);
    if (p.status === "closed")
      for (const s of p.seals)
        if (!s.everyoneVoted) next = Math.min(next, s.close + p.rules.sealAfterHours * limits.HOUR_MS);
    if (p.decided?.contested) next = Math.min(next, p.decided.restoreUntil + 1);
  }
  for (const a of state.audit)
    if (a.reason === "dated-in-the-future" && a.at !== undefined) next = Math.min(next, a.at - limits.FUTURE_SLACK_MS);
  return next > now ? next : Number.POSITIVE_INFINITY;
}

/** setTimeout's longest delay (about 24.8 days); later deadlines are re-armed by later updates. */
const MAX_DELAY = 2 ** 31 - 1;

export function createPoolModel(
  session: PoolSession,
  me: () => Me | undefined,
  repo: RepoOf,
  relay: RelayLink | undefined,
  onUpdate: () => void = () => undefined,
): PoolModel {
  const [store, setStore] = createStore<{ s: PoolState | undefined }>({ s: undefined });
  const state = () => store.s;
  const ctx: PoolContext = { session, me, state };
  const admitting = new Set<EventId>();
  const rotating = new Set<EventId>();
  const publishing = new Set<EventId>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // What is open or closed is derived with the clock at the time: derive again when a
  // proposal's close or a late-vote window passes, even if nothing else changes.
  const rearm = (state: PoolState) => {
    clearTimeout(timer);
    const delay = nextDeadline(state, Date.now()) - Date.now();
    if (Number.isFinite(delay))
      timer = setTimeout(() => void session.refresh().catch(console.error), Math.min(MAX_DELAY, delay + 50));
  };
  const [junk, setJunk] = createSignal(0);
  const [unreadable, setUnreadable] = createSignal(0);
  const [moved, setMoved] = createSignal(false);
  const stopState = session.onState((view) => {
    setJunk(view.junk);
    setUnreadable(view.unreadable);
    if (view.state === undefined) return;
    setStore("s", reconcile(structuredClone(view.state), { key: "id" }));
    onUpdate();
    rearm(view.state);
    void autoAdmit(ctx, Date.now(), admitting);
    autoRotate(ctx, Date.now, rotating).catch(console.error);
    autoPublishKey(ctx, publishing).catch(console.error);
    // A pool joined by link keeps the session its preview opened, which only lends keys: keys of
    // rotations it opens after joining are stored here, so they survive a reload and go into the
    // key backup (rules §9). Nothing to do when the session has learned nothing new.
    session.keepKeys().catch(console.error);
  });
  const watch = watchSyncStatus(repo, session.handle as Parameters<typeof watchSyncStatus>[1], relay);
  const [sync, setSync] = createSignal<SyncStatus>(watch.get(), { equals: false });
  const stopSync = watch.subscribe(setSync);
  return {
    id: session.poolId,
    docUrl: session.docUrl,
    state,
    sync,
    junk,
    unreadable,
    moved,
    setMoved,
    ctx,
    session,
    close() {
      clearTimeout(timer);
      stopState();
      stopSync();
      watch.close();
      session.close();
    },
  };
}
