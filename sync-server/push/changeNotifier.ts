/**
 * An empty wake-up per pool change (rules §11): when a document's heads move because a peer sent
 * changes, every other device subscribed to it gets a push with no payload, a moment later so a
 * burst of changes wakes each phone once. The service worker then syncs and decides by itself
 * whether anything needs its person; the relay never knows what changed.
 */
import type { DocumentId, Repo } from "@automerge/automerge-repo";
import webpush from "web-push";
import type { Logger } from "../log";
import type { PushSubscriptionJSON, SubscriptionStore } from "./subscriptions";
import type { VapidKeys } from "./vapidKeys";

export interface NotifierOptions {
  repo: Repo;
  store: SubscriptionStore;
  vapid: VapidKeys;
  /** `mailto:` or `https:` contact for push services (RFC 8292). */
  subject: string;
  log: Logger;
  /** How long a burst of changes is gathered into one wake-up. */
  delayMs?: number;
}

export interface ChangeNotifier {
  /** Wake-ups sent so far (tests and metrics). */
  readonly sent: number;
  /** Waits for every scheduled wake-up to be sent. */
  idle(): Promise<void>;
  stop(): void;
}

export function startChangeNotifier(o: NotifierOptions): ChangeNotifier {
  const delayMs = o.delayMs ?? 1000;
  // Per document with a wake-up scheduled: which peers changed it, and the last sync message seen
  // with the heads just before it was applied. A peer that only synced (bob catching up while alice
  // writes) did not change anything and must still be woken.
  const pending = new Map<
    string,
    { changers: Set<string>; lastSender: string; headsBefore: string; timer: NodeJS.Timeout }
  >();
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let stopped = false;

  // automerge-repo reports each sync message it applies from inside the update, before the
  // document moves: the heads read here are those before this message, after the previous one.
  const onMetrics = (event: { type?: string; documentId?: string; fromPeer?: string }) => {
    if (stopped || event.type !== "receive-sync-message" || !event.documentId || !event.fromPeer) return;
    if (o.store.subscribersOf(event.documentId).length === 0) return;
    const heads = headsOf(event.documentId);
    if (heads === undefined) return;
    const entry = pending.get(event.documentId);
    if (!entry) {
      const documentId = event.documentId;
      const timer = setTimeout(() => flush(documentId), delayMs);
      pending.set(documentId, { changers: new Set(), lastSender: event.fromPeer, headsBefore: heads, timer });
      return;
    }
    if (heads !== entry.headsBefore) entry.changers.add(entry.lastSender);
    entry.lastSender = event.fromPeer;
    entry.headsBefore = heads;
  };

  const headsOf = (documentId: string): string | undefined => {
    const handle = o.repo.handles[documentId as DocumentId];
    if (!handle?.isReady()) return undefined;
    return handle.heads().join(",");
  };

  const flush = (documentId: string) => {
    const entry = pending.get(documentId);
    pending.delete(documentId);
    if (!entry) return;
    if (headsOf(documentId) !== entry.headsBefore) entry.changers.add(entry.lastSender);
    // Sync messages that brought nothing new (a peer catching up) wake nobody.
    if (entry.changers.size === 0) return;
    for (const sub of o.store.subscribersOf(documentId)) {
      if (sub.peerId !== undefined && entry.changers.has(sub.peerId)) continue;
      const p = send(documentId, sub.subscription).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };

  const send = async (documentId: string, subscription: PushSubscriptionJSON) => {
    // web-push makes the VAPID headers (RFC 8292); the request itself goes through fetch, which
    // also reaches a plain-http stand-in for the push service in tests (web-push's own sender
    // speaks only https).
    const request = webpush.generateRequestDetails(subscription as webpush.PushSubscription, null, {
      vapidDetails: { subject: o.subject, publicKey: o.vapid.publicKey, privateKey: o.vapid.privateKey },
      TTL: 24 * 3600,
      urgency: "normal",
    });
    try {
      const res = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        redirect: "error",
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (res.ok) sent++;
      else if (res.status === 404 || res.status === 410) {
        o.store.forgetEndpoint(subscription.endpoint);
        o.log.info("push.subscription-gone", { documentId, status: res.status });
      } else o.log.warn("push.refused", { documentId, status: res.status });
    } catch (err) {
      o.log.warn("push.failed", { documentId, error: (err as Error).message });
    }
  };

  o.repo.on("doc-metrics", onMetrics);
  return {
    get sent() {
      return sent;
    },
    async idle() {
      while (pending.size > 0 || inFlight.size > 0) {
        await new Promise((r) => setTimeout(r, 20));
        await Promise.all([...inFlight]);
      }
    },
    stop() {
      stopped = true;
      o.repo.off("doc-metrics", onMetrics);
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
    },
  };
}
