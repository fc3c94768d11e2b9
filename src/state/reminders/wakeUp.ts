/**
 * What the service worker does on a push (rules §11 reminders). The push is empty: it only says
 * "one of your pools changed". For every pool this device subscribed, the worker opens the pool
 * the way the app does (IndexedDB documents, the relay's websocket), waits until it holds what the
 * relay holds (or the time runs out), derives, and asks core what needs this person now. Only
 * what the last wake-up had not told them about makes a reminder.
 */
import type { MemberId, PoolState } from "../../core/index.ts";
import { docIdOfUrl, openPool, type PoolSession, watchSyncStatus } from "../../sync/index.ts";
import { createIdbRepo } from "../../sync/repo/createIdbRepo.ts";
import { openRemindersStore, type ReminderPool } from "../../sync/storage/remindersDb.ts";
import { openDevice } from "../device.ts";
import { loadMe } from "../identity.ts";
import { openWithTimeout } from "../openWithTimeout.ts";
import { type Services, servicesWith } from "../services.ts";
import { deadlineWords, type NeedLike, needKey, type Reminder, reminderFor } from "./reminderText.ts";

export interface WakeOptions {
  /** What needs `me` in a pool at `now` (core's needsYou). */
  needsYou: (state: PoolState, me: MemberId, now: number) => readonly NeedLike[];
  now: () => number;
  /** The whole wake-up, connecting and syncing every pool included. */
  timeoutMs: number;
  /**
   * Shows what a pool's wake-up found. Only after it succeeds does the pool remember what it told
   * the person, so a reminder that could not be shown is tried again on the next push.
   */
  notify: (wake: PoolWake) => Promise<void>;
  /** Automerge's wasm (the worker reads it from its precache). */
  wasm: () => Promise<Uint8Array>;
}

export interface PoolWake {
  poolId: string;
  /** What needs the person there now (the badge counts these). */
  needs: number;
  /** Something new needs them. */
  reminder?: Reminder;
  /** Why the pool could not be read this time (its reminder waits for the next push). */
  failed?: string;
}

/** One wake-up over every subscribed pool. Pools that fail are reported, never thrown. */
export async function wakeUp(o: WakeOptions): Promise<PoolWake[]> {
  const deadline = o.now() + o.timeoutMs;
  const reminders = await openRemindersStore();
  try {
    const pools = await reminders.list();
    if (pools.length === 0) return [];
    const device = await openDevice();
    const me = await loadMe(device.store);
    if (!me) return [];
    const services = await servicesWith(device, createIdbRepo(o.wasm), (e) => console.error("pools reminders:", e));
    try {
      await services.pools.relay?.whenConnected(Math.max(0, deadline - o.now()));
      return await Promise.all(
        pools.map(async (pool) => {
          const { wake, notified } = await wakePool(pool, me.id, services, deadline, o);
          await o.notify(wake);
          if (notified) await reminders.put({ ...pool, notified, checkedAt: o.now() });
          return wake;
        }),
      );
    } finally {
      await services.pools.shutdown();
    }
  } finally {
    reminders.close();
  }
}

async function wakePool(
  pool: ReminderPool,
  me: MemberId,
  s: Services,
  deadline: number,
  o: WakeOptions,
): Promise<{ wake: PoolWake; notified?: string[] }> {
  const poolId = pool.genesisId;
  const opened = await openWithTimeout(
    openPool(s.pools.repo, { docUrl: pool.docUrl, genesisId: poolId as never }, s.deps),
    Math.max(0, deadline - o.now()),
  );
  if (opened === "timeout" || !opened.ok)
    return { wake: { poolId, needs: 0, failed: opened === "timeout" ? "timeout" : opened.reason } };
  const session = opened.value;
  try {
    await caughtUp(session, s, deadline - o.now());
    const state = (await session.refresh()).state;
    if (!state) return { wake: { poolId, needs: 0, failed: "no-genesis" } };
    const now = o.now();
    const needs = o.needsYou(state, me, now);
    const reminder = reminderFor({ id: poolId, name: state.name || pool.name }, needs, new Set(pool.notified), (ms) =>
      deadlineWords(ms, now),
    );
    return { wake: { poolId, needs: needs.length, ...(reminder ? { reminder } : {}) }, notified: needs.map(needKey) };
  } finally {
    session.close();
  }
}

/** Resolves once the device holds everything the relay holds for the pool, or after `ms`. */
async function caughtUp(session: PoolSession, s: Services, ms: number): Promise<void> {
  const watch = watchSyncStatus(s.pools.repo, session.handle, s.pools.relay);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop: (() => void) | undefined;
  const done = await new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
    // subscribe calls back at once with the current status, then on every change.
    stop = watch.subscribe((status) => {
      if (status.online && status.pending === 0) resolve(true);
    });
  });
  clearTimeout(timer);
  stop?.();
  watch.close();
  if (!done)
    console.warn(`pools reminders: ${docIdOfUrl(session.docUrl)} did not catch up in time; using what it holds`);
}
