/**
 * Money splits (STYLE.md "Money", docs/rules.md §5: a leaving pool gets its part "by largest
 * remainder (ties to the smaller pool id), to the cent"): the parts always add up to the whole,
 * each is its exact share rounded down or up, the extra cents go to the largest remainders, and
 * every device splits the same way whatever order it lists the weights in.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalShares, splitLargestRemainder } from "../../../src/core/money/splitLargestRemainder.ts";
import { permutationKeysArb, permute } from "../../helpers/generators.ts";

const RUNS = 300;
const total = fc.oneof(fc.nat({ max: 10_000 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }));
const weight = fc.oneof(fc.nat({ max: 5 }), fc.nat({ max: 1_000_000 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }));
const key = fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/);
const weights = fc
  .uniqueArray(fc.tuple(key, weight), { minLength: 1, maxLength: 12, selector: ([k]) => k })
  .filter((list) => list.some(([, w]) => w > 0));

/** Exact share numerator and denominator, in BigInt so huge weights stay exact. */
function exact(t: number, list: readonly [string, number][], k: string) {
  const sum = list.reduce((s, [, w]) => s + BigInt(w), 0n);
  const w = BigInt(list.find(([x]) => x === k)?.[1] ?? 0);
  return { floor: (BigInt(t) * w) / sum, rem: (BigInt(t) * w) % sum };
}

describe("splitLargestRemainder (property)", () => {
  it("parts add up to the total, each its exact share rounded down or up", () => {
    fc.assert(
      fc.property(total, weights, (t, list) => {
        const parts = splitLargestRemainder(t, new Map(list));
        expect([...parts.keys()].sort()).toEqual(list.map(([k]) => k).sort());
        let sum = 0;
        for (const [k, part] of parts) {
          expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
          const { floor } = exact(t, list, k);
          expect(BigInt(part) === floor || BigInt(part) === floor + 1n).toBe(true);
          sum += part;
        }
        expect(sum).toBe(t);
      }),
      { numRuns: RUNS },
    );
  });

  it("the extra cents go to the largest remainders, ties to the key that sorts first", () => {
    fc.assert(
      fc.property(total, weights, (t, list) => {
        const parts = splitLargestRemainder(t, new Map(list));
        const ranked = list
          .map(([k]) => ({ k, ...exact(t, list, k) }))
          .sort((a, b) => (a.rem === b.rem ? (a.k < b.k ? -1 : 1) : a.rem > b.rem ? -1 : 1));
        // Those who got a cent more form a prefix of that ranking.
        const got = ranked.map((r) => BigInt(parts.get(r.k) as number) - r.floor);
        const firstWithout = got.indexOf(0n);
        if (firstWithout >= 0) expect(got.slice(firstWithout).every((g) => g === 0n)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("does not depend on the order the weights are listed in, nor on their scale", () => {
    fc.assert(
      fc.property(total, weights, permutationKeysArb, fc.integer({ min: 2, max: 1000 }), (t, list, keys, k) => {
        const parts = splitLargestRemainder(t, new Map(list));
        expect(splitLargestRemainder(t, new Map(permute(list, keys)))).toEqual(parts);
        const small = list.every(([, w]) => w * k <= Number.MAX_SAFE_INTEGER);
        if (small) expect(splitLargestRemainder(t, new Map(list.map(([x, w]) => [x, w * k])))).toEqual(parts);
      }),
      { numRuns: RUNS },
    );
  });

  it("splits the awkward cases as a treasurer expects", () => {
    expect(
      Object.fromEntries(
        splitLargestRemainder(
          1003,
          new Map([
            ["a", 1],
            ["b", 1],
          ]),
        ),
      ),
    ).toEqual({ a: 502, b: 501 });
    expect(
      Object.fromEntries(
        splitLargestRemainder(
          1,
          new Map([
            ["c", 1],
            ["a", 1],
            ["b", 1],
          ]),
        ),
      ),
    ).toEqual({ a: 1, b: 0, c: 0 });
    expect(
      Object.fromEntries(
        splitLargestRemainder(
          0,
          new Map([
            ["a", 3],
            ["b", 1],
          ]),
        ),
      ),
    ).toEqual({ a: 0, b: 0 });
    expect(
      Object.fromEntries(
        splitLargestRemainder(
          100,
          new Map([
            ["a", 1],
            ["b", 2],
          ]),
        ),
      ),
    ).toEqual({ a: 33, b: 67 });
  });
});

describe("equalShares (property)", () => {
  it("gives everyone the same whole cents and keeps less than one cent each", () => {
    fc.assert(
      fc.property(total, fc.integer({ min: 1, max: 100_000 }), (t, people) => {
        const { share, remainder } = equalShares(t, people);
        expect(share * people + remainder).toBe(t);
        expect(remainder >= 0 && remainder < people).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
