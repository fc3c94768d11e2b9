/**
 * Sets of small integers as packed bits. Each tracked event (a join, a leave, a confirmation…)
 * gets one bit; an event's causal past is the bitset of tracked ancestors, so "was X in this
 * event's past?" is one array read. Votes are not tracked (they never decide who is a member),
 * which keeps the sets small even for 100,000 votes.
 */
export type Bitset = Uint32Array;

export const EMPTY_BITSET: Bitset = new Uint32Array(0);

export function hasBit(set: Bitset, bit: number): boolean {
  const word = bit >>> 5;
  return word < set.length && (((set[word] as number) >>> (bit & 31)) & 1) === 1;
}

/** The union of several sets, plus optionally one more bit; shares the input when nothing changes. */
export function unionOf(sets: readonly Bitset[], extraBit?: number): Bitset {
  if (sets.length === 1 && extraBit === undefined) return sets[0] as Bitset;
  let words = extraBit === undefined ? 0 : (extraBit >>> 5) + 1;
  for (const s of sets) if (s.length > words) words = s.length;
  const out = new Uint32Array(words);
  for (const s of sets) for (let i = 0; i < s.length; i++) out[i] = (out[i] as number) | (s[i] as number);
  if (extraBit !== undefined) out[extraBit >>> 5] = (out[extraBit >>> 5] as number) | (1 << (extraBit & 31));
  return out;
}
