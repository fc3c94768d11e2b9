/**
 * The pools a key backup carries since version 2 (docs/rules.md §9 "Key backup"): for each pool or
 * flood this device held, what is needed to find it again (its id and the URL of its doc) and every
 * epoch's key the device held, so a restored phone opens its encrypted pools without an invite.
 * The list is read from a file a person pastes or picks, so every field is checked here.
 */
import { fromBase64url, toBase64url } from "../encoding/base64url.ts";

export interface BackedUpKey {
  epoch: number;
  /** The 32 raw bytes of the pool key of this epoch. */
  raw: Uint8Array;
}

export interface BackedUpPool {
  /** The pool's (or flood's) genesis event id. */
  genesisId: string;
  /** The URL of its doc (`<scheme>:<id>`); the sync layer opens it and refuses one it cannot. */
  docUrl: string;
  /** Its name when the backup was made, shown in the list until the pool is open. */
  name: string;
  kind?: "flood";
  keys: BackedUpKey[];
}

/** What one pool looks like inside the backup's JSON: short names keep the QR code small. */
interface PoolEntry {
  i: string;
  d: string;
  n: string;
  f?: 1;
  k: string[];
}

export const MAX_BACKED_UP_POOLS = 1000;
const MAX_EPOCHS = 10_000;
const MAX_NAME = 200;
const ID = /^[A-Za-z0-9_-]{43}$/;
const DOC_URL = /^[a-z][a-z0-9+.-]{0,20}:[A-Za-z0-9]{10,60}$/;
const KEY = /^(\d{1,10})\.([A-Za-z0-9_-]{43})$/;

export function poolEntryOf(pool: BackedUpPool): PoolEntry {
  return {
    i: pool.genesisId,
    d: pool.docUrl,
    n: pool.name,
    ...(pool.kind === "flood" ? { f: 1 as const } : {}),
    k: pool.keys.map((k) => `${k.epoch}.${toBase64url(k.raw)}`),
  };
}

export type BackedUpPoolsResult = { ok: true; pools: BackedUpPool[] } | { ok: false; reason: string };

/** Checks the `p` list of a version 2 backup; the reason names the first entry that is wrong. */
export function readBackedUpPools(value: unknown): BackedUpPoolsResult {
  if (!Array.isArray(value)) return { ok: false, reason: "its list of pools is missing" };
  if (value.length > MAX_BACKED_UP_POOLS)
    return { ok: false, reason: `it lists ${value.length} pools, at most ${MAX_BACKED_UP_POOLS} are read` };
  const pools: BackedUpPool[] = [];
  const seen = new Set<string>();
  for (const [n, entry] of value.entries()) {
    const pool = readEntry(entry);
    if (pool === undefined) return { ok: false, reason: `pool ${n + 1} in the backup is not readable` };
    if (seen.has(pool.genesisId)) return { ok: false, reason: `pool ${n + 1} in the backup is listed twice` };
    seen.add(pool.genesisId);
    pools.push(pool);
  }
  return { ok: true, pools };
}

function readEntry(entry: unknown): BackedUpPool | undefined {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return undefined;
  const e = entry as Record<string, unknown>;
  if (Object.keys(e).some((k) => !["i", "d", "n", "f", "k"].includes(k))) return undefined;
  if (typeof e.i !== "string" || !ID.test(e.i)) return undefined;
  if (typeof e.d !== "string" || !DOC_URL.test(e.d)) return undefined;
  if (typeof e.n !== "string" || e.n.length > MAX_NAME) return undefined;
  if (e.f !== undefined && e.f !== 1) return undefined;
  if (!Array.isArray(e.k) || e.k.length > MAX_EPOCHS) return undefined;
  const keys: BackedUpKey[] = [];
  for (const text of e.k) {
    const m = typeof text === "string" ? KEY.exec(text) : null;
    const epoch = m ? Number(m[1]) : Number.NaN;
    const raw = m ? fromBase64url(m[2]!) : undefined;
    if (raw === undefined || !(epoch <= 0xffff_ffff) || keys.some((k) => k.epoch === epoch)) return undefined;
    keys.push({ epoch, raw });
  }
  return { genesisId: e.i, docUrl: e.d, name: e.n, ...(e.f === 1 ? { kind: "flood" as const } : {}), keys };
}
