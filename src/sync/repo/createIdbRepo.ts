/**
 * The browser repo's common part, given Automerge's wasm: documents in IndexedDB, the relay over
 * a websocket and the app's tabs over a BroadcastChannel. The page passes the wasm's URL
 * (createBrowserRepo.ts); the service worker passes the bytes from its precache, since a worker
 * build would otherwise inline the 3.6 MB file into its script.
 */
import { initializeWasm } from "@automerge/automerge-repo/slim";
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel";
import { IndexedDBStorageAdapter } from "@automerge/automerge-repo-storage-indexeddb";
import { createRepo, type PoolsRepo } from "./createRepo.ts";
import { defaultRelayUrl } from "./relayUrl.ts";

export interface BrowserRepoOptions {
  /** The relay's websocket URL; defaults to the origin that served the app. `null`: no relay. */
  relayUrl?: string | null;
  /** IndexedDB database for documents. */
  database?: string;
  /** BroadcastChannel name shared by the app's tabs. */
  channel?: string;
}

let wasmReady: Promise<void> | undefined;

export async function createIdbRepo(
  wasm: () => string | Uint8Array | Promise<Uint8Array>,
  options: BrowserRepoOptions = {},
): Promise<PoolsRepo> {
  wasmReady ??= initializeWasm(wasm());
  await wasmReady;
  const relayUrl = options.relayUrl === undefined ? defaultRelayUrl(globalThis.location) : options.relayUrl;
  return createRepo({
    storage: new IndexedDBStorageAdapter(options.database ?? "pools-documents"),
    network: [new BroadcastChannelNetworkAdapter({ channelName: options.channel ?? "pools" })],
    ...(relayUrl === null ? {} : { relayUrl }),
  });
}
