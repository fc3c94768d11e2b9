/**
 * A repo built from the adapters it is given: the Node and test variant, and the common core of
 * the browser one (createBrowserRepo.ts). Automerge's wasm must already be initialised: the
 * browser variant does it, and under Node `createNodeRepo` imports the full build, which loads
 * it.
 */
import {
  type NetworkAdapterInterface,
  type PeerId,
  Repo,
  type StorageAdapterInterface,
} from "@automerge/automerge-repo/slim";
import { createRelayAdapter, type RelayLink } from "./relayLink.ts";
import { releaseFinishedLoads } from "./releaseFinishedLoads.ts";

export interface RepoOptions {
  /** Where documents persist; omit for a repo that forgets everything (and is ephemeral). */
  storage?: StorageAdapterInterface;
  /** The relay's websocket URL; omit to run with no relay. */
  relayUrl?: string;
  /** How long the websocket waits before retrying a lost relay (ms). */
  relayRetryMs?: number;
  /** Other ways to reach peers (BroadcastChannel between tabs, a MessageChannel in tests). */
  network?: NetworkAdapterInterface[];
  peerId?: string;
}

export interface PoolsRepo {
  repo: Repo;
  /** The relay connection, when a relay URL was given. */
  relay: RelayLink | undefined;
  /** Flushes storage and closes every connection. */
  shutdown(): Promise<void>;
}

export function createRepo(options: RepoOptions): PoolsRepo {
  const relay = options.relayUrl === undefined ? undefined : createRelayAdapter(options.relayUrl, options.relayRetryMs);
  const network: NetworkAdapterInterface[] = [...(options.network ?? [])];
  if (relay !== undefined) network.push(relay.adapter);
  const repo = new Repo({
    network,
    ...(options.storage === undefined ? {} : { storage: options.storage }),
    ...(options.peerId === undefined ? {} : { peerId: options.peerId as PeerId }),
  });
  releaseFinishedLoads(repo);
  const link = relay?.attach(repo);
  return {
    repo,
    relay: link,
    async shutdown() {
      link?.goOffline();
      // Repo.shutdown() flushes every handle and throws on one that never became ready (a
      // document no peer had), leaving the others unsaved; flush the ready ones instead.
      repo.networkSubsystem.disconnect();
      const ready = Object.values(repo.handles).filter((h) => h.isReady());
      await repo.flush(ready.map((h) => h.documentId));
    },
  };
}
