/**
 * Web Push on a test phone. Headless Chromium cannot subscribe for real: in a browser context
 * `pushManager.subscribe` answers "Registration failed - permission denied" (no push in
 * incognito), and in a persistent profile it has no push service to reach on a closed network.
 * So the page's PushManager is given a subscription the test makes: an endpoint on the local
 * stand-in for the push service and real P-256 keys. Everything after it is real: the app's
 * command, the relay's routes and its signed push, and the push event delivered to the service
 * worker through Chromium's DevTools protocol.
 */
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { subscriptionKeys } from "../../helpers/pushService.ts";

export async function standInPushManager(context: BrowserContext, endpoint: string): Promise<void> {
  await context.addInitScript(
    ({ endpoint, keys }) => {
      if (typeof PushManager === "undefined") return;
      const STORE = "test.pushSubscription";
      const bytes = (b64: string) => {
        const bin = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
        return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
      };
      const make = (key: string) => ({
        endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: bytes(key) },
        toJSON: () => ({ endpoint, expirationTime: null, keys }),
        unsubscribe: async () => {
          localStorage.removeItem(STORE);
          return true;
        },
      });
      PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
        if (options?.userVisibleOnly !== true) throw new DOMException("userVisibleOnly is required", "NotAllowedError");
        const key = options.applicationServerKey;
        if (typeof key !== "string") throw new TypeError("the test expects the key as base64url");
        localStorage.setItem(STORE, key);
        return make(key) as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async () => {
        const key = localStorage.getItem(STORE);
        return (key ? make(key) : null) as PushSubscription | null;
      };
    },
    { endpoint, keys: subscriptionKeys() },
  );
}

/** The service worker's push event, as the browser fires it when its push service delivers. */
export class PushDelivery {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly origin: string,
    private readonly registrationId: string,
  ) {}

  static async open(page: Page, origin: string): Promise<PushDelivery> {
    const cdp = await page.context().newCDPSession(page);
    const id = new Promise<string>((resolve) => {
      cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
        const r = registrations.find((x) => x.scopeURL.startsWith(origin) && !x.isDeleted);
        if (r) resolve(r.registrationId);
      });
    });
    await cdp.send("ServiceWorker.enable");
    return new PushDelivery(cdp, origin, await id);
  }

  /** An empty push, like the relay's. */
  deliver(): Promise<void> {
    return this.cdp.send("ServiceWorker.deliverPushMessage", {
      origin: this.origin,
      registrationId: this.registrationId,
      data: "",
    }) as Promise<unknown> as Promise<void>;
  }
}

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  route: string;
  /** When it was shown: a notification shown again under the same tag gets a new one. */
  timestamp: number;
}

/** The notifications this phone's service worker has on screen. */
export function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      route: String((n.data as { route?: string } | null)?.route ?? ""),
      timestamp: (n as Notification & { timestamp: number }).timestamp,
    }));
  });
}

/** When this phone's last wake-up read each pool it follows (its reminders database). */
export function lastChecked(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open("pools-reminders");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction("pools").objectStore("pools").getAll();
          all.onsuccess = () => {
            db.close();
            resolve(
              Object.fromEntries(
                (all.result as { genesisId: string; checkedAt?: number }[]).map((p) => [p.genesisId, p.checkedAt ?? 0]),
              ),
            );
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}
