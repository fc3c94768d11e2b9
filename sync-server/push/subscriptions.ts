/**
 * Which devices want a wake-up when a document changes. Each subscription is a push service
 * endpoint with its keys, tagged with the automerge-repo peer id the device syncs under, so the
 * device whose change it was is not woken for it.
 *
 * Kept in memory and in one file in the data directory (a restart must not silently stop
 * reminders). This is the one thing the relay keeps that ties a device to the pools it follows:
 * docs/deploy.md says so.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../log";

export interface PushSubscriptionJSON {
  endpoint: string;
  keys?: { p256dh: string; auth: string };
}

export interface Subscriber {
  subscription: PushSubscriptionJSON;
  /** The peer id the device syncs under right now; its own changes do not wake it. */
  peerId?: string;
}

const FILE = "push-subscriptions.json";

export class SubscriptionStore {
  private readonly byDocument = new Map<string, Map<string, Subscriber>>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly log: Logger,
    readonly limits: { perDocument: number; total: number },
  ) {}

  static async open(
    dataDir: string,
    log: Logger,
    limits = { perDocument: 200, total: 100_000 },
  ): Promise<SubscriptionStore> {
    const store = new SubscriptionStore(path.join(dataDir, FILE), log, limits);
    try {
      const saved = JSON.parse(await fs.readFile(store.file, "utf8")) as Record<string, Subscriber[]>;
      for (const [doc, subs] of Object.entries(saved)) {
        store.byDocument.set(doc, new Map(subs.map((s) => [s.subscription.endpoint, s])));
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    return store;
  }

  get size(): number {
    let n = 0;
    for (const subs of this.byDocument.values()) n += subs.size;
    return n;
  }

  subscribersOf(documentId: string): Subscriber[] {
    return [...(this.byDocument.get(documentId)?.values() ?? [])];
  }

  /** Adds or refreshes a subscription; refuses past the limits rather than growing without bound. */
  add(documentId: string, subscriber: Subscriber): "added" | "updated" | "full" {
    let subs = this.byDocument.get(documentId);
    const existing = subs?.has(subscriber.subscription.endpoint);
    if (!existing && ((subs?.size ?? 0) >= this.limits.perDocument || this.size >= this.limits.total)) return "full";
    if (!subs) {
      subs = new Map();
      this.byDocument.set(documentId, subs);
    }
    subs.set(subscriber.subscription.endpoint, subscriber);
    this.persist();
    return existing ? "updated" : "added";
  }

  remove(documentId: string, endpoint: string): boolean {
    const subs = this.byDocument.get(documentId);
    const removed = subs?.delete(endpoint) ?? false;
    if (subs?.size === 0) this.byDocument.delete(documentId);
    if (removed) this.persist();
    return removed;
  }

  /** Forgets an endpoint the push service says is gone (404/410), in every document. */
  forgetEndpoint(endpoint: string): void {
    let changed = false;
    for (const [doc, subs] of this.byDocument) {
      changed = subs.delete(endpoint) || changed;
      if (subs.size === 0) this.byDocument.delete(doc);
    }
    if (changed) this.persist();
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private persist(): void {
    const snapshot = JSON.stringify(Object.fromEntries([...this.byDocument].map(([d, s]) => [d, [...s.values()]])));
    this.writing = this.writing
      .then(async () => {
        const tmp = `${this.file}.tmp`;
        const handle = await fs.open(tmp, "w", 0o600);
        try {
          await handle.writeFile(snapshot);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(tmp, this.file);
      })
      // The subscriptions stay in memory; the next change tries the file again.
      .catch((err: unknown) => this.log.error("push.subscriptions-not-saved", { error: err }));
  }
}
