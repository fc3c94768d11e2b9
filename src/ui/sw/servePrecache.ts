/**
 * The offline half of the app's service workers (sw.ts, and swClassic.ts where a browser cannot
 * run a module worker): precaches every file of the build (Automerge's wasm too) so the app starts
 * with no network, and serves them cache-first. Hand-written instead of Workbox's runtime (about
 * 5 kB of JavaScript the phone would also download); the build injects the list of files with
 * their revisions where the worker reads `self.__WB_MANIFEST`.
 *
 * Updates: a new version installs next to the old one and waits; the page offers "Update" and
 * only then sends SKIP_WAITING (never a reload in the middle of a vote). Each version keeps its
 * files in its own cache; unchanged files are copied from the old cache instead of downloaded.
 */

export interface PrecacheEntry {
  url: string;
  revision: string | null;
}

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response> | Response): void;
}
export interface PrecacheScope {
  location: Location;
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", l: (e: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", l: (e: FetchEvent) => void): void;
  addEventListener(type: "message", l: (e: MessageEvent) => void): void;
}

const PREFIX = "pools-precache-";

/** Installs the worker's install, activate, message and fetch handlers; returns a reader of the wasm. */
export function servePrecache(sw: PrecacheScope, entries: PrecacheEntry[]): { automergeWasm(): Promise<Uint8Array> } {
  /** The cache key of an entry: revisioned files carry their revision, hashed ones are unique already. */
  const keyOf = (e: PrecacheEntry) => {
    const url = new URL(e.url, sw.registration.scope);
    if (e.revision) url.searchParams.set("__rev", e.revision);
    return url.href;
  };
  const plain = new Map(entries.map((e) => [new URL(e.url, sw.registration.scope).href, keyOf(e)]));
  const version = entries.map(keyOf).sort().join("|");
  let hash = 0;
  for (let i = 0; i < version.length; i++) hash = (hash * 31 + version.charCodeAt(i)) | 0;
  const CACHE = `${PREFIX}${(hash >>> 0).toString(36)}`;
  const INDEX = new URL("index.html", sw.registration.scope).href;

  async function precache(): Promise<void> {
    const cache = await caches.open(CACHE);
    await Promise.all(
      entries.map(async (e) => {
        const key = keyOf(e);
        if (await cache.match(key)) return;
        const old = await caches.match(key);
        if (old) return cache.put(key, old);
        // A hashed file never changes under its name: the copy the page already loaded (the wasm,
        // on a first visit) is the right one. Files without a hash are fetched fresh.
        const response = await fetch(new URL(e.url, sw.registration.scope).href, {
          cache: e.revision ? "reload" : "default",
        });
        if (!response.ok) throw new Error(`precache: ${e.url} answered ${response.status}`);
        await cache.put(key, response);
      }),
    );
  }

  sw.addEventListener("install", (event) => event.waitUntil(precache()));

  sw.addEventListener("activate", (event) => {
    event.waitUntil(
      (async () => {
        for (const name of await caches.keys())
          if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
        await sw.clients.claim();
      })(),
    );
  });

  sw.addEventListener("message", (event) => {
    if ((event.data as { type?: string } | null)?.type === "SKIP_WAITING") void sw.skipWaiting();
  });

  sw.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET") return;
    const url = new URL(request.url);
    if (url.origin !== sw.location.origin) return;
    url.hash = "";
    // Every page of the app is index.html: routes live in the fragment.
    const key = request.mode === "navigate" ? plain.get(INDEX) : plain.get(url.href);
    if (!key) return;
    event.respondWith(
      (async () => {
        const cached = await caches.open(CACHE).then((c) => c.match(key));
        return cached ?? fetch(request);
      })(),
    );
  });

  return {
    /** Automerge's wasm for syncing on a push: from this version's precache, else from the network. */
    async automergeWasm() {
      const entry = entries.find((e) =>
        /\/automerge-[^/]*\.wasm$/.test(new URL(e.url, sw.registration.scope).pathname),
      );
      if (!entry) throw new Error("the build lists no Automerge wasm");
      const cached = await caches.open(CACHE).then((c) => c.match(keyOf(entry)));
      const response = cached ?? (await fetch(new URL(entry.url, sw.registration.scope).href));
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
