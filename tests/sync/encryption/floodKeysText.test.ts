/**
 * Rules §9: how a flood's keys travel in a flood link and a pool's `flood.join`. A flood that never
 * rotated keeps the form links always had (its epoch-0 key alone), so links made before flood
 * rotations still open; after a rotation every epoch's key travels, so a pool that joins later
 * reads the flood's history.
 */
import { describe, expect, it } from "vitest";
import { toBase64url } from "../../../src/core/index.ts";
import { floodKeysOf, floodKeysText } from "../../../src/sync/encryption/floodKeysText.ts";
import { decodeFloodLink, encodeFloodLink } from "../../../src/sync/floodLink.ts";

const raw = (n: number) => new Uint8Array(32).fill(n);
const g = toBase64url(raw(9));
const doc = "4NMNnkMhL8jXrdJ9jamS58PAVdXu";

describe("rules §9: a flood's keys in its link and its flood.join", () => {
  it("rules §9 flood keys: the epoch-0 key alone keeps the form links always had", () => {
    expect(floodKeysText([{ epoch: 0, raw: raw(1) }])).toBe(toBase64url(raw(1)));
    expect(floodKeysOf(toBase64url(raw(1)))).toEqual([{ epoch: 0, raw: raw(1) }]);
  });

  it("rules §9 flood keys: after a rotation every epoch's key travels, each with its epoch", () => {
    const keys = [
      { epoch: 1, raw: raw(2) },
      { epoch: 0, raw: raw(1) },
    ];
    const text = floodKeysText(keys);
    expect(text).toBe(`0.${toBase64url(raw(1))},1.${toBase64url(raw(2))}`);
    expect(floodKeysOf(text)).toEqual([...keys].reverse());
    const link = encodeFloodLink("https://pools.example", { docId: doc, genesisId: g, keys });
    expect(decodeFloodLink(link)).toEqual({ ok: true, value: { docId: doc, genesisId: g, keys: [...keys].reverse() } });
  });

  it("rules §9 flood keys: a damaged list is refused, not half read", () => {
    expect(floodKeysOf(`0.${toBase64url(raw(1))},1.short`)).toBeUndefined();
    expect(floodKeysOf(`0.${toBase64url(raw(1))},0.${toBase64url(raw(2))}`)).toBeUndefined();
    const link = `https://pools.example/#/flood?doc=${doc}&g=${g}&k=0.${toBase64url(raw(1))},x.y`;
    expect(decodeFloodLink(link)).toMatchObject({ ok: false, reason: "link-bad-pool-key" });
  });
});

describe("rules §9: a much-rotated flood's link", () => {
  it("rules §9 flood keys: the most keys a link carries (30, epochs up to three digits) keep it under 2,048 characters on a long host", () => {
    const keys = [0, ...Array.from({ length: 29 }, (_, i) => 971 + i)].map((epoch) => ({
      epoch,
      raw: raw(epoch % 256),
    }));
    const link = encodeFloodLink(`https://${"a".repeat(60)}.example`, { docId: doc, genesisId: g, keys });
    expect(link.length).toBeLessThan(2048);
    expect(decodeFloodLink(link)).toMatchObject({ ok: true });
  });
});
