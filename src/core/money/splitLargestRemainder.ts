/**
 * Splits a whole number of minor units in proportion to weights, by largest remainder, so the
 * parts always add up to the total (after dinero.js's allocate). Ties in the remainder go to the
 * part whose key sorts first as an ASCII string, so every device splits the same way.
 */
export function splitLargestRemainder<K extends string>(
  total: number,
  weights: ReadonlyMap<K, number>,
): Map<K, number> {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`split: total must be a non-negative integer, got ${total}`);
  const keys = [...weights.keys()].sort();
  // BigInt too: the weights' sum can pass 2^53 even when each weight is a safe integer.
  const sum = keys.reduce((s, k) => s + BigInt(weights.get(k) as number), 0n);
  const out = new Map<K, number>();
  if (sum === 0n || keys.length === 0) {
    for (const k of keys) out.set(k, 0);
    return out;
  }
  let given = 0;
  const remainders: { key: K; rem: bigint }[] = [];
  for (const k of keys) {
    // BigInt: total × weight can exceed 2^53 for large pools.
    const num = BigInt(total) * BigInt(weights.get(k) as number);
    const share = num / sum;
    out.set(k, Number(share));
    given += Number(share);
    remainders.push({ key: k, rem: num % sum });
  }
  remainders.sort((a, b) => (a.rem === b.rem ? (a.key < b.key ? -1 : 1) : a.rem > b.rem ? -1 : 1));
  for (let i = 0; i < total - given; i++) {
    const r = remainders[i] as { key: K };
    out.set(r.key, (out.get(r.key) as number) + 1);
  }
  return out;
}

/** Equal whole-cent shares; the remainder stays with the pool (docs/rules.md §4.22). */
export function equalShares(total: number, people: number): { share: number; remainder: number } {
  if (people <= 0) return { share: 0, remainder: total };
  const share = Math.floor(total / people);
  return { share, remainder: total - share * people };
}
