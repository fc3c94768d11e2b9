/**
 * Web Push for reminders (rules §11), all optional for the app: a device that never subscribes
 * works exactly as before. `startPush` makes or loads the VAPID keys, opens the subscription file
 * and watches the repo for changes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Repo } from "@automerge/automerge-repo";
import type { Logger } from "../log";
import { type ChangeNotifier, startChangeNotifier } from "./changeNotifier";
import { DEFAULT_PUSH_HOSTS, type EndpointPolicy } from "./endpointPolicy";
import { handlePushRoute } from "./pushRoutes";
import { SubscriptionStore } from "./subscriptions";
import { loadOrCreateVapidKeys } from "./vapidKeys";

export interface PushOptions {
  dataDir: string;
  repo: Repo;
  log: Logger;
  subject?: string;
  endpointPolicy?: Partial<EndpointPolicy>;
  delayMs?: number;
}

export interface Push {
  publicKey: string;
  notifier: ChangeNotifier;
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  close(): Promise<void>;
}

export async function startPush(o: PushOptions): Promise<Push> {
  const vapid = await loadOrCreateVapidKeys(o.dataDir);
  const store = await SubscriptionStore.open(o.dataDir, o.log);
  const policy: EndpointPolicy = {
    hosts: o.endpointPolicy?.hosts ?? DEFAULT_PUSH_HOSTS,
    allowHttp: o.endpointPolicy?.allowHttp ?? false,
  };
  const notifier = startChangeNotifier({
    repo: o.repo,
    store,
    vapid,
    subject: o.subject ?? "mailto:relay@localhost",
    log: o.log,
    delayMs: o.delayMs,
  });
  return {
    publicKey: vapid.publicKey,
    notifier,
    handle: (req, res, pathname) => handlePushRoute(req, res, pathname, { store, publicKey: vapid.publicKey, policy }),
    close: async () => {
      notifier.stop();
      await store.flush();
    },
  };
}
