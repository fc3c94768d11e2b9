/**
 * The repo of the installed app: Automerge's wasm loaded from its own file (the base64 build is
 * larger), documents in IndexedDB, the relay over a websocket (same origin by default) and the
 * other open tabs over a BroadcastChannel.
 */
import wasmUrl from "@automerge/automerge/automerge.wasm?url";
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

export async function createBrowserRepo(options: BrowserRepoOptions = {}): Promise<PoolsRepo> {
  wasmReady ??= initializeWasm(wasmUrl);
  await wasmReady;
  const relayUrl = options.relayUrl === undefined ? defaultRelayUrl(globalThis.location) : options.relayUrl;
  return createRepo({
    storage: new IndexedDBStorageAdapter(options.database ?? "pools-documents"),
    network: [new BroadcastChannelNetworkAdapter({ channelName: options.channel ?? "pools" })],
    ...(relayUrl === null ? {} : { relayUrl }),
  });
}
