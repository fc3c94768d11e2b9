/**
 * The service worker's side of reminders (rules §11). A push from the relay is empty and means
 * only "a pool you follow changed": the worker syncs and derives every pool this device follows
 * (state/reminders/wakeUp.ts) and shows one notification per pool, only when something new needs
 * the person, tagged so it replaces that pool's previous one. Tapping it opens the app there.
 *
 * Chromium accepts a subscription only with `userVisibleOnly: true`, and may show its own "This
 * site has been updated in the background" when a push shows nothing. It checks at the end of the
 * push whether the origin has a notification on screen or a window in front; otherwise it counts
 * the push against a small allowance of silent ones and shows its own only when that runs out.
 * So when nothing new needs the person the worker shows nothing: a pool's notification that is
 * still up (something still needs them) is left alone, one whose needs are all done is closed.
 * A silent push is rare (a change wakes the other members, and most changes are votes and
 * proposals that need someone); the generic notice is the platform's price, not ours to fake.
 */
import { needsYou } from "../../core/policy/needsYou.ts";
import { reminderTag } from "../../state/reminders/reminderText.ts";
import type { PoolWake } from "../../state/reminders/wakeUp.ts";
import { wakeUp } from "../../state/reminders/wakeUp.ts";

/** A push event holds the worker up to a few minutes; syncing gives up well before. */
export const WAKE_TIMEOUT_MS = 25_000;

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification & { data: unknown };
}
interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<WindowClientLike | null>;
}
export interface ReminderScope {
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(o: { type: "window"; includeUncontrolled: boolean }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  navigator: { setAppBadge?: (n: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
  addEventListener(type: "push", l: (e: ExtendableEvent) => void): void;
  addEventListener(type: "notificationclick", l: (e: NotificationEvent) => void): void;
}

export function listenForReminders(sw: ReminderScope, wasm: () => Promise<Uint8Array>): void {
  // Pushes arrive in bursts; one wake-up at a time, each seeing what the one before stored.
  let queue: Promise<unknown> = Promise.resolve();
  sw.addEventListener("push", (event) => {
    queue = queue.then(() => remind(sw, wasm)).catch((e) => console.error("pools reminders: wake-up failed", e));
    event.waitUntil(queue);
  });
  sw.addEventListener("notificationclick", (event) => {
    event.notification.close();
    const route = (event.notification.data as { route?: unknown } | null)?.route;
    event.waitUntil(open(sw, typeof route === "string" ? route : "#/"));
  });
}

async function remind(sw: ReminderScope, wasm: () => Promise<Uint8Array>): Promise<void> {
  const wakes = await wakeUp({ needsYou, now: Date.now, timeoutMs: WAKE_TIMEOUT_MS, wasm, notify: (w) => show(sw, w) });
  const read = wakes.filter((w) => !w.failed);
  if (read.length > 0)
    await badge(
      sw,
      read.reduce((sum, w) => sum + w.needs, 0),
    );
}

async function show(sw: ReminderScope, w: PoolWake): Promise<void> {
  const reg = sw.registration;
  if (w.reminder) {
    const r = w.reminder;
    await reg.showNotification(r.title, {
      body: r.body,
      tag: r.tag,
      data: { route: r.route },
      icon: new URL("icon-192.png", reg.scope).href,
      // A newer reminder for the same pool replaces the old one and is announced again.
      renotify: true,
    } as NotificationOptions);
  } else if (!w.failed && w.needs === 0)
    for (const n of await reg.getNotifications({ tag: reminderTag(w.poolId) })) n.close();
}

/** The installed app's badge: what needs the person in the pools this device follows. */
async function badge(sw: ReminderScope, count: number): Promise<void> {
  const nav = sw.navigator;
  try {
    if (count > 0) await nav.setAppBadge?.(count);
    else await nav.clearAppBadge?.();
  } catch (error) {
    // Badges exist only for installed apps on some systems; a refusal changes nothing else.
    console.warn("pools reminders: no app badge", error);
  }
}

/** Opens the app at the reminder's screen: in a window already open if there is one. */
async function open(sw: ReminderScope, route: string): Promise<void> {
  const url = new URL(route, sw.registration.scope).href;
  for (const client of await sw.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    if (!client.url.startsWith(sw.registration.scope)) continue;
    await client.focus();
    if (await client.navigate(url).catch(() => null)) return;
  }
  await sw.clients.openWindow(url);
}
