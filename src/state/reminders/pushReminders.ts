/**
 * Reminders by Web Push, per pool (rules §11): turning them on asks for notification permission
 * (only then), subscribes this browser at its push service with the relay's VAPID key, and tells
 * the relay to wake this device when the pool's document changes. Optional throughout: where the
 * browser has no push, the toggle says so and everything else works as before.
 *
 * One browser subscription serves every pool; the relay keeps (document, endpoint) pairs, and
 * this device keeps the list of pools it subscribed (remindersDb) for its service worker.
 */
import { createSignal } from "solid-js";
import type { PoolRef } from "../../sync/storage/deviceStore.ts";
import { openRemindersStore, type RemindersStore } from "../../sync/storage/remindersDb.ts";
import { type CommandResult, done, failed, unexpected } from "../errors.ts";

export type PushAvailability = "checking" | "available" | "unsupported" | "blocked";

export interface PoolReminders {
  availability(): PushAvailability;
  /** True only when this device is subscribed for the pool and the browser still holds its subscription. */
  isOn(poolId: string): boolean;
  set(poolId: string, on: boolean): Promise<CommandResult<undefined>>;
  /** Reads the true state again and re-registers each subscription with this device's current peer id. */
  refresh(): Promise<void>;
}

export interface PushLink {
  /** The relay's websocket URL (its HTTP routes live on the same origin). */
  relayUrl: string;
  /** This device's sync peer id: the relay does not wake the device whose change it was. */
  peerId: string;
}

const READY_TIMEOUT_MS = 10_000;

export const NO_PUSH_TEXT =
  "This browser cannot receive reminders here. Everything else works: open Pools to see what needs you.";

function supported(): boolean {
  return (
    typeof window !== "undefined" &&
    window.isSecureContext &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    "Notification" in window
  );
}

/** The document id the relay knows a pool by (sync's docIdOfUrl, without loading sync). */
const docIdOfUrl = (docUrl: string) => docUrl.replace(/^automerge:/, "");

/**
 * The classic worker (swClassic.js, where the browser cannot run the module one) has no sync
 * engine and cannot remind: such a browser counts as one without push.
 */
function classicWorker(reg?: ServiceWorkerRegistration): boolean {
  const url = (reg?.active ?? navigator.serviceWorker.controller)?.scriptURL;
  return url !== undefined && /\/swClassic\.js$/.test(url);
}

export function relayHttpUrl(relayUrl: string): string {
  return relayUrl.replace(/^ws/, "http");
}

export function createPoolReminders(
  link: () => Promise<PushLink | undefined>,
  refOf: (poolId: string) => PoolRef | undefined,
): PoolReminders {
  const [availability, setAvailability] = createSignal<PushAvailability>("checking");
  const [on, setOn] = createSignal<ReadonlySet<string>>(new Set());
  let store: Promise<RemindersStore> | undefined;
  const reminders = () => (store ??= openRemindersStore());

  async function registration(): Promise<ServiceWorkerRegistration | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((r) => {
      timer = setTimeout(() => r(undefined), READY_TIMEOUT_MS);
    });
    const reg = await Promise.race([navigator.serviceWorker.ready, late]);
    clearTimeout(timer);
    return reg;
  }

  async function post(l: PushLink, path: string, body: unknown): Promise<CommandResult<undefined>> {
    const res = await fetch(new URL(path, relayHttpUrl(l.relayUrl)), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.ok) return done(undefined);
    const error = ((await res.json().catch(() => ({}))) as { error?: string }).error ?? `status ${res.status}`;
    return failed(`The relay did not take the reminder: ${error}.`);
  }

  async function relayKey(l: PushLink): Promise<string> {
    const res = await fetch(new URL("push/key", relayHttpUrl(l.relayUrl)));
    if (!res.ok) throw new Error(`the relay has no push key (status ${res.status})`);
    return ((await res.json()) as { publicKey: string }).publicKey;
  }

  /** The browser's subscription made with the relay's key (a key from another relay is replaced). */
  async function subscription(reg: ServiceWorkerRegistration, key: string): Promise<PushSubscription> {
    const existing = await reg.pushManager.getSubscription();
    const held = existing?.options.applicationServerKey;
    if (existing && held && base64url(held) === key) return existing;
    await existing?.unsubscribe();
    return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  }

  async function turnOn(pool: PoolRef): Promise<CommandResult<undefined>> {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      if (permission === "denied") setAvailability("blocked");
      return failed("Notifications are not allowed for Pools on this phone, so reminders stay off.");
    }
    const l = await link();
    const reg = await registration();
    if (!l || !reg) return failed("Pools is still starting on this phone; try again in a moment.");
    if (classicWorker(reg)) return failed(NO_PUSH_TEXT);
    let sub: PushSubscription;
    try {
      sub = await subscription(reg, await relayKey(l));
    } catch (error) {
      console.warn("pools: push subscription failed", error);
      return failed(`This browser could not subscribe at its push service, so reminders stay off. ${NO_PUSH_TEXT}`);
    }
    const posted = await post(l, "push/subscribe", {
      documentId: docIdOfUrl(pool.docUrl),
      subscription: sub.toJSON(),
      peerId: l.peerId,
    });
    if (!posted.ok) return posted;
    await (await reminders()).put({ genesisId: pool.genesisId, docUrl: pool.docUrl, name: pool.name, notified: [] });
    return done(undefined);
  }

  async function turnOff(pool: PoolRef): Promise<CommandResult<undefined>> {
    const store = await reminders();
    await store.remove(pool.genesisId);
    const reg = await registration();
    const sub = await reg?.pushManager.getSubscription();
    const l = await link();
    if (sub && l) {
      const posted = await post(l, "push/unsubscribe", { documentId: docIdOfUrl(pool.docUrl), endpoint: sub.endpoint });
      if (!posted.ok) return posted;
    }
    // The last pool turned off: the browser's subscription goes too.
    if (sub && (await store.list()).length === 0) await sub.unsubscribe();
    return done(undefined);
  }

  async function refresh(): Promise<void> {
    if (!supported() || classicWorker()) return void setAvailability("unsupported");
    setAvailability(Notification.permission === "denied" ? "blocked" : "available");
    const store = await reminders();
    const pools = await store.list();
    if (pools.length === 0) return void setOn(new Set<string>());
    const reg = await registration();
    const sub = Notification.permission === "granted" ? await reg?.pushManager.getSubscription() : undefined;
    if (!sub) return void setOn(new Set<string>());
    setOn(new Set(pools.map((p) => p.genesisId)));
    const l = await link();
    if (!l) return;
    for (const p of pools) {
      const posted = await post(l, "push/subscribe", {
        documentId: docIdOfUrl(p.docUrl),
        subscription: sub.toJSON(),
        peerId: l.peerId,
      });
      if (!posted.ok) console.warn(`pools: reminders for ${p.name} were not renewed: ${posted.error}`);
    }
  }

  return {
    availability,
    isOn: (poolId) => on().has(poolId),
    async set(poolId, wanted) {
      if (!supported() || (wanted && classicWorker())) return failed(NO_PUSH_TEXT);
      const pool = refOf(poolId);
      if (!pool) return failed("This pool is not on this phone.");
      try {
        const r = wanted ? await turnOn(pool) : await turnOff(pool);
        await refresh();
        return r;
      } catch (error) {
        return unexpected(error);
      }
    },
    refresh: () => refresh().catch((e) => console.warn("pools: reminders state unknown", e)),
  };
}

function base64url(buffer: ArrayBuffer): string {
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
