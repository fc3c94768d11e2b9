/**
 * How a flood's keys travel in a flood link (`k`) and a pool's `flood.join` (`floodKey`), rules §9:
 * every epoch's key the writer holds, so a pool that joins after the flood's key moved on reads the
 * flood's history too. A flood that never rotated keeps the form it always had, its epoch-0 key
 * alone (43 base64url characters); otherwise `"<epoch>.<key>"` items joined by `,`, oldest first.
 */
import { fromBase64url, toBase64url } from "../../core/encoding/base64url.ts";
import type { RawPoolKey } from "./floodPoolKeys.ts";

/**
 * At most this many epochs travel in a flood link or an invite link, so that with its other
 * fields and a long host a link stays under 2,048 characters.
 */
export const MAX_FLOOD_KEYS = 30;

/**
 * The keys a link carries, oldest first: all of them, or past MAX_FLOOD_KEYS the first (the
 * genesis and a flood's rotations are under it) and the newest.
 */
export function keysForLink(keys: readonly RawPoolKey[]): RawPoolKey[] {
  const sorted = [...keys].sort((x, y) => x.epoch - y.epoch);
  return sorted.length <= MAX_FLOOD_KEYS ? sorted : [...sorted.slice(0, 1), ...sorted.slice(1 - MAX_FLOOD_KEYS)];
}

export function floodKeysText(keys: readonly RawPoolKey[]): string {
  if (keys.length === 0 || keys.length > MAX_FLOOD_KEYS) throw new Error("floodKeysText: 1 to 30 keys");
  const sorted = [...keys].sort((x, y) => x.epoch - y.epoch);
  if (sorted.length === 1 && sorted[0]?.epoch === 0) return toBase64url(sorted[0].raw);
  return sorted.map((k) => `${k.epoch}.${toBase64url(k.raw)}`).join(",");
}

/** The keys in such a text, or undefined when it is malformed. */
export function floodKeysOf(text: string): RawPoolKey[] | undefined {
  const items = text.split(",");
  if (items.length > MAX_FLOOD_KEYS) return undefined;
  const out: RawPoolKey[] = [];
  for (const item of items) {
    const [epochText, keyText] = item.includes(".") ? item.split(".") : ["0", item];
    const epoch = Number(epochText);
    const raw = keyText === undefined ? undefined : fromBase64url(keyText);
    if (!/^\d{1,10}$/.test(epochText ?? "") || epoch > 0xffff_ffff || raw === undefined || raw.length !== 32)
      return undefined;
    if (out.some((k) => k.epoch === epoch)) return undefined;
    out.push({ epoch, raw });
  }
  return out.sort((x, y) => x.epoch - y.epoch);
}
