/**
 * A member pool's keys in its flood (rules §5/§9). The flood's devices read a member pool with the
 * keys the flood carries: the one its `flood.pool-joined` carried (under the flood's key), and
 * for each later epoch a `flood.pool-key` written by a device of one of the pool's members,
 * sealed to each member of the flood's delivery key. Sealing to people rather than only under the
 * flood's key matters: the person a rotation shut out may still hold the flood's key.
 *
 * - `floodKeysToGive`: what a pool member's device should write into the flood — for every epoch
 *   the pool counts whose key this device holds, the flood's members it does not reach yet.
 *   Writing one twice is harmless, so two phones doing it at once need no coordination.
 * - `floodPoolKeyRings`: the keys the flood's devices lend to their read-only member sessions.
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import type { AnyDecodedEvent, EventDataByType, EventId, MemberId } from "../../core/events/types.ts";
import type { FloodState } from "../../core/floods/deriveFlood.ts";
import type { PoolState } from "../../core/pool/poolState.ts";
import { type DeliveryKeyPair, hpkeKeySealer } from "../../crypto/hpkeKeySealer.ts";
import type { PoolKeyStore } from "./poolKeyStore.ts";

/** A pool key by epoch, in raw bytes (as an invite link or a flood entry carries it). */
export interface RawPoolKey {
  epoch: number;
  raw: Uint8Array;
}

/** `"<epoch>.<base64url key>"`: how `flood.pool-joined` carries a pool key. */
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

const encoder = new TextEncoder();

/** HPKE `info` for a pool key handed to a flood: binds it to the flood, the pool and the epoch. */
export function floodPoolKeyContext(floodId: EventId, pool: EventId, epoch: number): Uint8Array {
  return encoder.encode(`pools-flood-pool-key:${floodId}:${pool}:${epoch}`);
}

/** Each flood member's delivery key (base64url), as their own pools publish it. */
export function floodDeliveryKeys(pools: Iterable<PoolState>): Map<MemberId, string> {
  const out = new Map<MemberId, string>();
  for (const state of pools) for (const [m, key] of Object.entries(state.keys.deliveryKeys)) out.set(m, key);
  return out;
}

/**
 * The `flood.pool-key` entries this device should write for `pool`: for each epoch up to the
 * pool's current one whose key this device holds and that the pool's join did not carry, sealed
 * to the flood's active members (with a delivery key) that no entry of that epoch reaches yet.
 * Empty when the pool is not (or no longer) in the flood.
 */
export async function floodKeysToGive(
  flood: FloodState,
  pool: PoolState,
  store: PoolKeyStore | undefined,
  deliveryKeys: ReadonlyMap<MemberId, string>,
): Promise<EventDataByType["flood.pool-key"][]> {
  const link = flood.pools.find((p) => p.pool === pool.poolId && p.leftAt === undefined);
  if (link === undefined || store === undefined) return [];
  const out: EventDataByType["flood.pool-key"][] = [];
  for (let epoch = 0; epoch <= pool.keys.epoch; epoch++) {
    const given = link.keys.filter((k) => k.epoch === epoch);
    if (given.some((k) => k.to === undefined)) continue; // the join carried it to every holder of the flood's key
    const reached = new Set(given.flatMap((k) => k.to ?? []));
    const to = flood.activeMembers.filter((m) => !reached.has(m) && deliveryKeys.has(m));
    if (to.length === 0) continue;
    const raw = await store.rawKeyOf(pool.poolId, epoch);
    if (raw === undefined) continue;
    const keys: Record<MemberId, string> = {};
    for (const m of to) {
      const publicKey = fromBase64url(deliveryKeys.get(m) as string);
      if (publicKey === undefined || publicKey.length !== 32) continue;
      const sealed = await hpkeKeySealer.seal(publicKey, raw, floodPoolKeyContext(flood.poolId, pool.poolId, epoch));
      keys[m] = toBase64url(sealed);
    }
    if (Object.keys(keys).length > 0) out.push({ pool: pool.poolId, epoch, keys });
  }
  return out;
}

/**
 * The keys of each member pool the flood carries that this device can read, by pool, lowest epoch
 * first: a join's key, and a `flood.pool-key` sealed to one of this device's delivery keys. The
 * entries the flood accepted come first, in event order; an entry the flood could not judge
 * because it cannot read the pool yet (`pool-unknown`: the pool's document does not open without
 * the very key the entry carries, as for every pool on a phone that has just opened the flood) is
 * used until it can; an entry the flood refused for any other reason (a removed member's) never.
 */
export async function floodPoolKeyRings(
  events: ReadonlyMap<EventId, AnyDecodedEvent>,
  verified: ReadonlySet<EventId>,
  flood: FloodState | undefined,
  floodId: EventId,
  mine: readonly DeliveryKeyPair[],
  deliveryKeys: ReadonlyMap<MemberId, string>,
  /** Keys opened before, by entry id (`null`: sealed to none of this device's keys), so each entry is opened once. */
  opened: Map<EventId, RawPoolKey | null> = new Map(),
): Promise<Map<EventId, RawPoolKey[]>> {
  const rings = new Map<EventId, Map<number, RawPoolKey>>();
  const has = (pool: EventId, epoch: number) => rings.get(pool)?.has(epoch) === true;
  const put = (pool: EventId, key: RawPoolKey) => {
    const ring = rings.get(pool) ?? new Map<number, RawPoolKey>();
    if (!ring.has(key.epoch)) ring.set(key.epoch, key);
    rings.set(pool, ring);
  };
  const myKeys = new Set(mine.map((p) => toBase64url(p.publicKey)));
  const take = async (id: EventId) => {
    const e = events.get(id);
    if (e?.body.type === "flood.pool-joined") {
      const key = e.body.data.poolKey === undefined ? undefined : rawPoolKeyOf(e.body.data.poolKey);
      if (key !== undefined) put(e.body.data.pool, key);
      return;
    }
    if (e?.body.type !== "flood.pool-key") return;
    const { pool, epoch, keys } = e.body.data;
    if (has(pool, epoch)) return;
    const before = opened.get(id);
    if (before !== undefined) {
      if (before !== null) put(pool, before);
      return;
    }
    for (const [to, sealed] of Object.entries(keys)) {
      const pub = deliveryKeys.get(to);
      if (pub === undefined || !myKeys.has(pub)) continue;
      const pair = mine.find((p) => toBase64url(p.publicKey) === pub) as DeliveryKeyPair;
      const bytes = fromBase64url(sealed);
      const raw = bytes && (await hpkeKeySealer.open(pair, bytes, floodPoolKeyContext(floodId, pool, epoch)));
      if (raw !== undefined && raw.length === 32) {
        opened.set(id, { epoch, raw });
        put(pool, { epoch, raw });
        return;
      }
    }
    // Not sealed to this device, or only under a delivery key its pools have not shown yet: try again later.
    if ([...Object.keys(keys)].every((to) => deliveryKeys.has(to))) opened.set(id, null);
  };
  for (const link of flood?.pools ?? []) for (const k of link.keys) await take(k.event);
  const unjudged = new Set(flood?.audit.filter((a) => a.reason === "pool-unknown").map((a) => a.id));
  const candidates = [...verified]
    .map((id) => events.get(id))
    .filter((e): e is AnyDecodedEvent => e?.body.type === "flood.pool-joined" || e?.body.type === "flood.pool-key")
    .filter((e) => flood === undefined || unjudged.has(e.id))
    .sort((x, y) => x.body.at - y.body.at || (x.id < y.id ? -1 : 1));
  for (const e of candidates) await take(e.id);
  return new Map([...rings].map(([pool, ring]) => [pool, [...ring.values()].sort((x, y) => x.epoch - y.epoch)]));
}
