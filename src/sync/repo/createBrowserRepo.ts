/**
 * The repo of the installed app: Automerge's wasm loaded from its own file (the base64 build is
 * larger), documents in IndexedDB, the relay over a websocket (same origin by default) and the
 * other open tabs over a BroadcastChannel (createIdbRepo.ts).
 */
import wasmUrl from "@automerge/automerge/automerge.wasm?url";
import { type BrowserRepoOptions, createIdbRepo } from "./createIdbRepo.ts";
import type { PoolsRepo } from "./createRepo.ts";

export type { BrowserRepoOptions } from "./createIdbRepo.ts";

export function createBrowserRepo(options: BrowserRepoOptions = {}): Promise<PoolsRepo> {
  return createIdbRepo(() => wasmUrl, options);
}
