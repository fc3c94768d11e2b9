import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalShares, splitLargestRemainder } from "../../../src/core/index.ts";

describe("money: largest-remainder splits add up to the whole", () => {
  it("1003 split in two equal parts is 502 + 501 (the tie goes to the smaller key)", () => {
    const parts = splitLargestRemainder(
      1003,
      new Map([
        ["b", 1],
        ["a", 1],
      ]),
    );
    expect(parts.get("a")).toBe(502);
    expect(parts.get("b")).toBe(501);
  });

  it("one cent among three goes to the first key as ASCII", () => {
    const parts = splitLargestRemainder(
      1,
      new Map([
        ["z", 1],
        ["m", 1],
        ["a", 1],
      ]),
    );
    expect([...parts.entries()].sort()).toEqual([
      ["a", 1],
      ["m", 0],
      ["z", 0],
    ]);
  });

  it("zero splits into zeros, and no weights give nothing", () => {
    expect([
      ...splitLargestRemainder(
        0,
        new Map([
          ["a", 3],
          ["b", 1],
        ]),
      ).values(),
    ]).toEqual([0, 0]);
    expect(splitLargestRemainder(500, new Map()).size).toBe(0);
  });

  it("proportional: 1000 split 3:1 is 750 and 250", () => {
    const parts = splitLargestRemainder(
      1000,
      new Map([
        ["big", 3],
        ["small", 1],
      ]),
    );
    expect(parts.get("big")).toBe(750);
    expect(parts.get("small")).toBe(250);
  });

  it("property: parts always sum to the total and differ from the exact share by less than one cent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
        (total, ws) => {
          const weights = new Map(ws.map((w, i) => [`k${String(i).padStart(2, "0")}`, w]));
          const parts = splitLargestRemainder(total, weights);
          const sum = ws.reduce((a, b) => a + b, 0);
          const got = [...parts.values()].reduce((a, b) => a + b, 0);
          if (sum === 0) return got === 0;
          if (got !== total) return false;
          return [...weights].every(([k, w]) => Math.abs((parts.get(k) as number) - (total * w) / sum) < 1);
        },
      ),
    );
  });

  it("equal shares in whole cents keep the remainder with the pool: 1200.00 among 7", () => {
    expect(equalShares(120_000, 7)).toEqual({ share: 17_142, remainder: 6 });
  });
});
