/**
 * A flood open on this device (docs/rules.md §5): its own document (same schema as a pool's), read,
 * verified, healed and appended to by the same session machinery as a pool (poolSession.ts,
 * with `genesisType: "flood.created"` and `deriveFlood` as its derive function), plus the
 * documents of its member pools. Members come from those pools' own derived states, so every
 * pool named by a `flood.pool-joined` in the flood document is opened too (read only: this
 * device does not become a member or remember the pool), and the flood is derived again
 * whenever the flood or any member pool changes. The session itself is in `flood/`
 * (`startFlood.ts`); this file founds and opens floods.
 */
import type { Repo } from "@automerge/automerge-repo/slim";
import type { SignedEvent } from "../core/events/signEvent.ts";
import type { EventId } from "../core/events/types.ts";
import { importPoolKey, newPoolKeyBytes } from "../crypto/aesGcmEntryCipher.ts";
import type { RawPoolKey } from "./encryption/floodPoolKeys.ts";
import { cryptoOf } from "./encryption/poolCrypto.ts";
import { sealEvents } from "./encryption/sealEvents.ts";
import type { FloodDeps, FloodSession } from "./flood/floodTypes.ts";
import { startFlood } from "./flood/startFlood.ts";
import { createSeededDocument, findPoolDocument } from "./poolDocument.ts";
import { checkGenesis, remember } from "./pools.ts";
import { type SyncResult, syncOk } from "./syncReasons.ts";
import { writeEvents } from "./writeEvents.ts";

export { poolKeyText } from "./encryption/floodPoolKeys.ts";
export { docIdOfUrl, docUrlOfId } from "./flood/docUrls.ts";
export type { FloodDeps, FloodSession, MemberPoolRef } from "./flood/floodTypes.ts";

/** Founds a flood: a new document holding the founder's signed `flood.created`, opened as a flood session. */
export async function createFlood(
  repo: Repo,
  genesis: SignedEvent,
  deps: FloodDeps,
): Promise<SyncResult<FloodSession>> {
  const checked = await checkGenesis(genesis, deps, "flood.created");
  if (!checked.ok) return checked;
  // A flood has its own key (rules §9): its link and its pools' flood.join proposals carry it.
  if (deps.poolKeys !== undefined) await deps.poolKeys.saveKey(genesis.id, 0, newPoolKeyBytes());
  const handle = createSeededDocument(repo);
  const first = [{ id: genesis.id, bytes: genesis.bytes, sig: genesis.sig, at: genesis.body.at }];
  writeEvents(handle, first, await sealEvents(await cryptoOf(genesis.id, deps), first));
  const session = await startFlood(repo, handle, genesis.id, deps);
  await remember(session, deps);
  return syncOk(session);
}

/** Opens a flood from its document URL and genesis id (from the device's list or a flood link). */
export async function openFlood(
  repo: Repo,
  /** `key`: the flood's epoch-0 key alone; `keys`: every epoch's a link or a `flood.join` carries (rules §9). */
  flood: { docUrl: string; genesisId: EventId; key?: Uint8Array; keys?: readonly RawPoolKey[] },
  deps: FloodDeps,
): Promise<SyncResult<FloodSession>> {
  const found = await findPoolDocument(repo, flood.docUrl, deps);
  if (!found.ok) return found;
  // The flood's keys, from its link or a pool's flood.join (rules §9): kept when the device remembers the flood.
  let floodDeps = deps;
  const keys = [...(flood.key === undefined ? [] : [{ epoch: 0, raw: flood.key }]), ...(flood.keys ?? [])];
  if (keys.length > 0 && deps.poolKeys !== undefined) {
    if (deps.device !== undefined) for (const k of keys) await deps.poolKeys.saveKey(flood.genesisId, k.epoch, k.raw);
    else {
      const lent = await Promise.all(keys.map((k) => importPoolKey(k.epoch, k.raw)));
      floodDeps = { ...deps, extraKeys: [...(deps.extraKeys ?? []), ...lent] };
    }
  }
  const session = await startFlood(repo, found.value, flood.genesisId, floodDeps);
  await remember(session, deps);
  return syncOk(session);
}
