/**
 * The platform pieces the app state runs on, started once: the device's own IndexedDB stores
 * (identity, my pools, verification cache, event archive), the signature backend, and the
 * automerge-repo (IndexedDB documents, the relay on the serving origin, other tabs).
 * Everything Automerge-specific stays behind src/sync. Loaded with the engine (engine.ts), after
 * the first screen is on.
 */
import type { SignatureVerifier } from "../core/index.ts";
import { type DeliveryKeyPair, personDeliveryKeyPair } from "../crypto/hpkeKeySealer.ts";
import { chooseVerifier, sha256 } from "../crypto/index.ts";
import type { DeviceStore, PoolDeps, PoolsRepo } from "../sync/index.ts";
import { IdbEventArchive, IdbPoolKeyRecords, IdbVerifiedIdCache, PoolKeyVault } from "../sync/index.ts";
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
  // The person's delivery key pair, made from the identity on this device once it exists (rules §9).
  let delivery: { secret: Uint8Array; pair: Promise<DeliveryKeyPair> } | undefined;
  const deliveryKeys = async (): Promise<DeliveryKeyPair[]> => {
    const identity = await device.getIdentity();
    if (identity === undefined) return [];
    if (delivery === undefined || !sameBytes(delivery.secret, identity.secretKey))
      delivery = { secret: identity.secretKey, pair: personDeliveryKeyPair(identity.secretKey) };
    return [await delivery.pair];
  };
  const deps: PoolDeps = {
    sha256,
    verifier,
    device,
    cache: new IdbVerifiedIdCache(opened.db),
    archive: new IdbEventArchive(opened.db),
    // Pools are founded encrypted and opened with the keys this device holds (rules §9).
    poolKeys: new PoolKeyVault(new IdbPoolKeyRecords(opened.db)),
    deliveryKeys,
    // Opening a pool from a link waits for a slow relay handshake instead of giving up at once.
    ...(pools.relay ? { relay: pools.relay } : {}),
    onError,
  };
  return { pools, device, verifier, deps };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
