/**
 * A member pool's keys in its flood (rules §5/§9). The flood's devices read a member pool with the
 * keys the flood carries: the one its `flood.pool-joined` carried, and one `flood.pool-key` per
 * later epoch, written by a device of one of the pool's members once the pool rotated (the
 * entries are sealed under the flood's key, so only the flood's devices read them).
 *
 * - `floodKeysToGive`: what a pool member's device should write into the flood — every epoch the
 *   pool counts that the flood lacks and this device holds. Writing one twice is harmless (the
 *   first in event order counts), so two phones doing it at once need no coordination.
 * - `floodPoolKeyRings`: the keys the flood's devices lend to their read-only member sessions.
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import type { AnyDecodedEvent, EventDataByType, EventId } from "../../core/events/types.ts";
import type { FloodState } from "../../core/floods/deriveFlood.ts";
import type { PoolState } from "../../core/pool/poolState.ts";
import type { PoolKeyStore } from "./poolKeyStore.ts";

/** A pool key by epoch, in raw bytes (as an invite link or a flood entry carries it). */
export interface RawPoolKey {
  epoch: number;
  raw: Uint8Array;
}

/** `"<epoch>.<base64url key>"`: how `flood.pool-joined` and `flood.pool-key` carry a pool key. */
export function poolKeyText(key: RawPoolKey): string {
  return `${key.epoch}.${toBase64url(key.raw)}`;
}

/** The key in a `poolKey` text; the core checked its shape. */
export function rawPoolKeyOf(text: string): RawPoolKey | undefined {
  const [epoch, key] = text.split(".");
  const raw = key === undefined ? undefined : fromBase64url(key);
  if (raw === undefined || raw.length !== 32) return undefined;
  return { epoch: Number(epoch), raw };
}

/**
 * The `flood.pool-key` entries this device should write for `pool`: each epoch up to the pool's
 * current one that the flood does not carry yet and whose key this device holds. Empty when the
 * pool is not (or no longer) in the flood.
 */
export async function floodKeysToGive(
  flood: FloodState,
  pool: PoolState,
  store: PoolKeyStore | undefined,
): Promise<EventDataByType["flood.pool-key"][]> {
  const link = flood.pools.find((p) => p.pool === pool.poolId && p.leftAt === undefined);
  if (link === undefined || store === undefined) return [];
  const given = new Set(link.keys.map((k) => k.epoch));
  const out: EventDataByType["flood.pool-key"][] = [];
  for (let epoch = 0; epoch <= pool.keys.epoch; epoch++) {
    if (given.has(epoch)) continue;
    const raw = await store.rawKeyOf(pool.poolId, epoch);
    if (raw !== undefined) out.push({ pool: pool.poolId, poolKey: poolKeyText({ epoch, raw }) });
  }
  return out;
}

/**
 * The keys of each member pool the flood's entries carry, by pool and epoch. The flood's own
 * derivation says which entry counts for an epoch (the first in event order). An entry the flood
 * could not judge because it cannot read the pool yet (`pool-unknown`: the pool's document does
 * not open without the very key the entry carries, as for every pool on a phone that has just
 * opened the flood) is used until it can, the earliest first; an entry the flood refused for any
 * other reason (a removed member's, say) is never used.
 */
export function floodPoolKeyRings(
  events: ReadonlyMap<EventId, AnyDecodedEvent>,
  verified: ReadonlySet<EventId>,
  flood: FloodState | undefined,
): Map<EventId, RawPoolKey[]> {
  const rings = new Map<EventId, Map<number, RawPoolKey>>();
  const take = (pool: EventId, text: string | undefined) => {
    const key = text === undefined ? undefined : rawPoolKeyOf(text);
    if (key === undefined) return;
    const ring = rings.get(pool) ?? new Map<number, RawPoolKey>();
    if (!ring.has(key.epoch)) ring.set(key.epoch, key);
    rings.set(pool, ring);
  };
  const keyOf = (id: EventId) => (events.get(id)?.body.data as { poolKey?: string } | undefined)?.poolKey;
  for (const link of flood?.pools ?? []) for (const k of link.keys) take(link.pool, keyOf(k.event));
  const unjudged = new Set(flood?.audit.filter((a) => a.reason === "pool-unknown").map((a) => a.id));
  const candidates = [...verified]
    .map((id) => events.get(id))
    .filter((e): e is AnyDecodedEvent => e?.body.type === "flood.pool-joined" || e?.body.type === "flood.pool-key")
    .filter((e) => flood === undefined || unjudged.has(e.id))
    .sort((x, y) => x.body.at - y.body.at || (x.id < y.id ? -1 : 1));
  for (const e of candidates) take((e.body.data as { pool: EventId }).pool, keyOf(e.id));
  return new Map([...rings].map(([pool, ring]) => [pool, [...ring.values()].sort((x, y) => x.epoch - y.epoch)]));
}
