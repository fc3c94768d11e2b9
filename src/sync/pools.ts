/**
 * Founding and opening pools: the entry points the app state calls. A pool is known by its
 * genesis id (the trust anchor: remembered on this device, carried in invite links) and found
 * through its document URL.
 */
import type { Repo } from "@automerge/automerge-repo/slim";
import { decodeEvent } from "../core/events/decodeEvent.ts";
import type { SignedEvent } from "../core/events/signEvent.ts";
import type { EventId } from "../core/events/types.ts";
import { verifyEvents } from "../core/events/verifyEvents.ts";
import { importPoolKey, newPoolKeyBytes } from "../crypto/aesGcmEntryCipher.ts";
import { cryptoOf } from "./encryption/poolCrypto.ts";
import { sealEvents } from "./encryption/sealEvents.ts";
import { createSeededDocument, type FindOptions, findPoolDocument } from "./poolDocument.ts";
import { type PoolSession, type SessionDeps, startPoolSession } from "./poolSession.ts";
import type { DeviceStore, PoolRef } from "./storage/deviceStore.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";
import { writeEvents } from "./writeEvents.ts";

export interface PoolDeps extends SessionDeps, FindOptions {
  /** When given, the pool is remembered on this device (its genesis id above all). */
  device?: DeviceStore;
}

/** Checks that an event is a well-formed, validly signed genesis. */
export async function checkGenesis(
  genesis: SignedEvent,
  deps: Pick<SessionDeps, "sha256" | "verifier">,
  type: "pool.created" | "flood.created" = "pool.created",
): Promise<SyncResult<SignedEvent>> {
  const decoded = decodeEvent(genesis.id, genesis, deps.sha256);
  if (!decoded.ok) return syncRefuse("not-a-genesis", decoded.reason);
  const body = decoded.value.body;
  if (body.type !== type || body.pool !== "" || body.parents.length > 0) return syncRefuse("not-a-genesis", body.type);
  const outcome = await verifyEvents([decoded.value], deps.verifier, () => undefined);
  if (outcome.verified.length !== 1) return syncRefuse("not-a-genesis", "bad-signature");
  return syncOk(genesis);
}

/** Founds a pool: a new document holding the founder's signed genesis, opened as a session. */
export async function createPool(repo: Repo, genesis: SignedEvent, deps: PoolDeps): Promise<SyncResult<PoolSession>> {
  const checked = await checkGenesis(genesis, deps);
  if (!checked.ok) return checked;
  // A device that keeps pool keys founds an encrypted pool (rules §9): epoch 0's key is made here.
  if (deps.poolKeys !== undefined) await deps.poolKeys.saveKey(genesis.id, 0, newPoolKeyBytes());
  const handle = createSeededDocument(repo);
  const first = [{ id: genesis.id, bytes: genesis.bytes, sig: genesis.sig, at: genesis.body.at }];
  writeEvents(handle, first, await sealEvents(await cryptoOf(genesis.id, deps), first));
  const session = await startPoolSession(handle, genesis.id, deps);
  await remember(session, deps);
  return syncOk(session);
}

/** A pool key as an invite link carries it (rules §9). */
export interface LinkedPoolKey {
  epoch: number;
  raw: Uint8Array;
}

/**
 * Opens a pool from its document URL and genesis id (from the device's list or an invite link).
 * An invite link's pool key is used for this session, and kept when the device remembers the pool.
 */
export async function openPool(
  repo: Repo,
  pool: { docUrl: string; genesisId: EventId; poolKey?: LinkedPoolKey; poolKeys?: readonly LinkedPoolKey[] },
  deps: PoolDeps,
): Promise<SyncResult<PoolSession>> {
  const found = await findPoolDocument(repo, pool.docUrl, deps);
  if (!found.ok) return found;
  // A link made after a rotation carries every epoch's key (rules §9); an older one, the current one.
  const linked = pool.poolKeys ?? (pool.poolKey === undefined ? [] : [pool.poolKey]);
  let sessionDeps: PoolDeps = deps;
  if (linked.length > 0) {
    if (deps.device !== undefined && deps.poolKeys !== undefined)
      for (const k of linked) await deps.poolKeys.saveKey(pool.genesisId, k.epoch, k.raw);
    else sessionDeps = await withExtraKeys(deps, linked);
  }
  const session = await startPoolSession(found.value, pool.genesisId, sessionDeps);
  await remember(session, deps);
  return syncOk(session);
}

/** `deps` with these keys added for one session only (a link's or a file's, on a device that keeps no pools). */
export async function withExtraKeys(deps: PoolDeps, keys: readonly LinkedPoolKey[]): Promise<PoolDeps> {
  if (keys.length === 0) return deps;
  const imported = await Promise.all(keys.map((k) => importPoolKey(k.epoch, k.raw)));
  return { ...deps, extraKeys: [...(deps.extraKeys ?? []), ...imported] };
}

/** What the device remembers about an open pool. */
export function poolRefOf(session: PoolSession): PoolRef {
  const genesis = session.view().events.get(session.poolId);
  const name =
    genesis?.body.type === "pool.created" || genesis?.body.type === "flood.created" ? genesis.body.data.name : "";
  const ref: PoolRef = { genesisId: session.poolId, docUrl: session.docUrl, name };
  return genesis?.body.type === "flood.created" ? { ...ref, kind: "flood" } : ref;
}

export async function remember(session: PoolSession, deps: PoolDeps): Promise<void> {
  if (deps.device === undefined) return;
  const ref = poolRefOf(session);
  const before = await deps.device.getPool(ref.genesisId);
  // A document that does not hold its genesis yet keeps the name remembered before.
  const kept =
    before === undefined
      ? ref
      : { ...ref, ...(ref.name === "" ? { name: before.name } : {}), ...(before.kind ? { kind: before.kind } : {}) };
  await deps.device.savePool(kept);
}
