/**
 * Devices for sync tests: each is a real automerge-repo peer (in-memory storage unless given
 * one) with its own caches and device store, talking to the real relay over a websocket.
 */
import type { NetworkAdapterInterface, StorageAdapterInterface } from "@automerge/automerge-repo";
import { afterEach, expect } from "vitest";
import {
  type EventDataByType,
  type EventType,
  type SignatureVerifier,
  type SignedEvent,
  signEvent,
} from "../../src/core/index.ts";
import { chooseVerifier, sha256 } from "../../src/crypto/index.ts";
import { memoryPoolKeyStore, type PoolKeyStore } from "../../src/sync/encryption/poolKeyStore.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import type { PoolDeps } from "../../src/sync/pools.ts";
import { createNodeRepo } from "../../src/sync/repo/createNodeRepo.ts";
import type { PoolsRepo } from "../../src/sync/repo/createRepo.ts";
import { MemoryStorageAdapter } from "../../src/sync/repo/memoryStorage.ts";
import { MemoryDeviceStore } from "../../src/sync/storage/deviceStore.ts";
import { MemoryEventArchive } from "../../src/sync/storage/eventArchive.ts";
import { MemoryVerifiedIdCache } from "../../src/sync/storage/verificationCache.ts";
import { removeDir, startTestRelay, type TestRelay } from "./relay.ts";
import { personKeys, T0, type World } from "./world.ts";

let verifier: Promise<SignatureVerifier> | undefined;

export interface Device extends PoolsRepo {
  name: string;
  storage: StorageAdapterInterface;
  deps: PoolDeps;
  cache: MemoryVerifiedIdCache;
  archive: MemoryEventArchive;
  device: MemoryDeviceStore;
  /** Errors the sessions reported (storage, derivation): tests assert there are none. */
  errors: unknown[];
}

export interface DeviceOptions {
  relayUrl?: string;
  /** Other networks (a BroadcastChannel between "tabs"). */
  network?: NetworkAdapterInterface[];
  storage?: StorageAdapterInterface;
  cache?: MemoryVerifiedIdCache;
  archive?: MemoryEventArchive;
  device?: MemoryDeviceStore;
  /** The device's clock; tests use the World's time so proposals do not close on the real date. */
  now?: () => number;
  /** Pool keys (rules §9): pools this device founds are encrypted. `true` makes a fresh store. */
  poolKeys?: PoolKeyStore | true;
}

/**
 * With a relay, a new device is returned once it is connected (or after this long): the stock
 * client calls itself ready after 1 s even when not connected, and a `repo.find` then gives up on
 * a document the relay holds.
 */
const RELAY_CONNECT_MS = 15_000;

export async function startDevice(name: string, options: DeviceOptions = {}): Promise<Device> {
  verifier ??= chooseVerifier();
  const storage = options.storage ?? new MemoryStorageAdapter();
  const cache = options.cache ?? new MemoryVerifiedIdCache();
  const archive = options.archive ?? new MemoryEventArchive();
  const device = options.device ?? new MemoryDeviceStore();
  const errors: unknown[] = [];
  const repo = createNodeRepo({
    storage,
    ...(options.relayUrl === undefined ? {} : { relayUrl: options.relayUrl }),
    relayRetryMs: 250,
    ...(options.network === undefined ? {} : { network: options.network }),
    peerId: `${name}-${Math.random().toString(36).slice(2, 8)}`,
  });
  if (repo.relay) await repo.relay.whenConnected(RELAY_CONNECT_MS);
  return {
    ...repo,
    name,
    storage,
    cache,
    archive,
    device,
    errors,
    deps: {
      sha256,
      verifier: await verifier,
      cache,
      archive,
      device,
      debounceMs: 5,
      now: options.now ?? (() => T0 + 30 * 24 * 3600_000),
      onError: (e) => errors.push(e),
      ...(repo.relay === undefined ? {} : { relay: repo.relay }),
      ...(options.poolKeys === undefined
        ? {}
        : { poolKeys: options.poolKeys === true ? memoryPoolKeyStore() : options.poolKeys }),
    },
  };
}

/** The ids of a view's events, sorted, for comparing two devices. */
export function idsOf(events: ReadonlyMap<string, unknown>): string[] {
  return [...events.keys()].sort();
}

/** Signs an event as a device would: parents are the session's current heads, `at` after them. */
export async function writeAs<T extends EventType>(
  session: PoolSession,
  name: string,
  type: T,
  data: EventDataByType[T],
  at: number,
): Promise<SignedEvent> {
  const state = session.view().state;
  if (state === undefined) throw new Error("writeAs: the pool has no derived state yet");
  return signEvent(
    {
      pool: session.poolId,
      type,
      by: personKeys(name).id,
      at: Math.max(at, state.latestAt + 1),
      parents: state.heads,
      data,
    },
    personKeys(name).signer,
    sha256,
  );
}

/** Events of a World in an order any device could have received them (parents first). */
export function inOrder(world: World): SignedEvent[] {
  return [...world.events.values()].sort((a, b) => a.body.at - b.body.at || (a.id < b.id ? -1 : 1));
}

const relayDirs: string[] = [];
process.once("exit", () => {
  for (const dir of relayDirs) removeDir(dir);
});

/**
 * A real relay for sync tests. Its data directory is removed when the test process exits, not
 * right after `close()`: the relay's repo may still write a throttled sync state just after
 * closing, and a removed directory would turn that into an unhandled error.
 */
export async function startSyncRelay(): Promise<TestRelay> {
  const relay = await startTestRelay();
  relayDirs.push(relay.dataDir);
  return relay;
}

/**
 * The devices and sessions a test file opens, closed after each test; each device must have
 * reported no session error (a failure in the background would otherwise go unseen).
 */
export function closedAfterEach(): { devices: Device[]; sessions: PoolSession[] } {
  const devices: Device[] = [];
  const sessions: PoolSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) s.close();
    for (const d of devices.splice(0)) {
      expect(d.errors).toEqual([]);
      await d.shutdown();
    }
  });
  return { devices, sessions };
}
