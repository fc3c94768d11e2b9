/**
 * The platform pieces the app state runs on, started once: the device's own IndexedDB stores
 * (identity, my pools, verification cache, event archive), the signature backend, and the
 * automerge-repo (IndexedDB documents, the relay on the serving origin, other tabs).
 * Everything Automerge-specific stays behind src/sync. Loaded with the engine (engine.ts), after
 * the first screen is on.
 */
import type { SignatureVerifier } from "../core/index.ts";
import { chooseVerifier, sha256 } from "../crypto/index.ts";
import type { DeviceStore, PoolDeps, PoolsRepo } from "../sync/index.ts";
import { IdbEventArchive, IdbVerifiedIdCache } from "../sync/index.ts";
import { createBrowserRepo } from "../sync/repo/createBrowserRepo.ts";
import type { Device } from "./device.ts";

export interface Services {
  pools: PoolsRepo;
  device: DeviceStore;
  verifier: SignatureVerifier;
  /** What every pool session is opened with. */
  deps: PoolDeps;
}

export function startServices(opened: Device, onError: (e: unknown) => void): Promise<Services> {
  return servicesWith(opened, createBrowserRepo(), onError);
}

/** The same services over a repo made elsewhere (the service worker makes its own: reminders). */
export async function servicesWith(
  opened: Device,
  repo: Promise<PoolsRepo>,
  onError: (e: unknown) => void,
): Promise<Services> {
  const [verifier, pools] = await Promise.all([chooseVerifier(), repo]);
  const device = opened.store;
  const deps: PoolDeps = {
    sha256,
    verifier,
    device,
    cache: new IdbVerifiedIdCache(opened.db),
    archive: new IdbEventArchive(opened.db),
    // Opening a pool from a link waits for a slow relay handshake instead of giving up at once.
    ...(pools.relay ? { relay: pools.relay } : {}),
    onError,
  };
  return { pools, device, verifier, deps };
}
