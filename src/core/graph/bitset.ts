/**
 * Sets of small integers as packed bits. Each tracked event (a join, a leave, a confirmation…)
 * gets one bit; an event's causal past is the bitset of tracked ancestors, so "was X in this
 * event's past?" is one array read. Votes are not tracked (they never decide who is a member),
 * which keeps the sets small even for 100,000 votes.
 *
 * Sets are immutable and persistent: a set is a list of 512-bit chunks, and a new set shares
 * every chunk it does not change. An event usually has the same past as its newest parent plus
 * one bit, so deriving a pool of thousands of events allocates one small chunk per tracked
 * event instead of a whole copy (which made most of the garbage a derivation produced).
 */
const CHUNK_BITS = 512;
const CHUNK_WORDS = CHUNK_BITS / 32;
const CHUNK_SHIFT = 9;

/** Chunks by index; a missing chunk has no bit set. Never mutated once built. */
export type Bitset = readonly (Uint32Array | undefined)[];

export const EMPTY_BITSET: Bitset = Object.freeze([]) as Bitset;

export function hasBit(set: Bitset, bit: number): boolean {
  const chunk = set[bit >>> CHUNK_SHIFT];
  return chunk !== undefined && (((chunk[(bit >>> 5) & (CHUNK_WORDS - 1)] as number) >>> (bit & 31)) & 1) === 1;
}

/** Does chunk `a` hold every bit of chunk `b`? */
function covers(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < CHUNK_WORDS; i++) if (((b[i] as number) & ~(a[i] as number)) !== 0) return false;
  return true;
}

/** The union of several sets, plus optionally one more bit; shares the input when nothing changes. */
export function unionOf(sets: readonly Bitset[], extraBit?: number): Bitset {
  if (sets.length === 1 && extraBit === undefined) return sets[0] as Bitset;
  let length = extraBit === undefined ? 0 : (extraBit >>> CHUNK_SHIFT) + 1;
  for (const s of sets) if (s.length > length) length = s.length;
  const out: (Uint32Array | undefined)[] = new Array(length);
  for (let c = 0; c < length; c++) {
    // The widest chunk present wins when it covers the others; otherwise they are merged.
    let merged: Uint32Array | undefined;
    let owned = false;
    for (const s of sets) {
      const chunk = s[c];
      if (chunk === undefined || chunk === merged) continue;
      if (merged === undefined) {
        merged = chunk;
        continue;
      }
      if (covers(merged, chunk)) continue;
      if (!owned && covers(chunk, merged)) {
        merged = chunk;
        continue;
      }
      if (!owned) {
        merged = merged.slice();
        owned = true;
      }
      for (let i = 0; i < CHUNK_WORDS; i++) merged[i] = (merged[i] as number) | (chunk[i] as number);
    }
    out[c] = merged;
  }
  if (extraBit !== undefined) {
    const c = extraBit >>> CHUNK_SHIFT;
    const chunk = out[c] === undefined ? new Uint32Array(CHUNK_WORDS) : (out[c] as Uint32Array).slice();
    const w = (extraBit >>> 5) & (CHUNK_WORDS - 1);
    chunk[w] = (chunk[w] as number) | (1 << (extraBit & 31));
    out[c] = chunk;
  } else {
    // Nothing new: hand back an input that already is this set, so equal pasts stay one object.
    for (const s of sets) if (s.length === length && s.every((chunk, i) => chunk === out[i])) return s;
  }
  return out;
}

/** A bitset being built up, bit by bit (its owner's own; not a `Bitset`, which never changes). */
export type BitMask = (Uint32Array | undefined)[];

/** Sets one bit of a mask in place. */
export function setMaskBit(mask: BitMask, bit: number): void {
  const c = bit >>> CHUNK_SHIFT;
  let chunk = mask[c];
  if (chunk === undefined) {
    chunk = new Uint32Array(CHUNK_WORDS);
    mask[c] = chunk;
  }
  const w = (bit >>> 5) & (CHUNK_WORDS - 1);
  chunk[w] = (chunk[w] as number) | (1 << (bit & 31));
}

/** Do `a` and `b` hold the same bits among those of `mask`? (Shared chunks are not looked into.) */
export function sameUnder(a: Bitset, b: Bitset, mask: BitMask): boolean {
  for (let c = 0; c < mask.length; c++) {
    const m = mask[c];
    const x = a[c];
    const y = b[c];
    if (m === undefined || x === y) continue;
    for (let w = 0; w < CHUNK_WORDS; w++) {
      const bits = m[w] as number;
      if (bits !== 0 && (((x?.[w] ?? 0) ^ (y?.[w] ?? 0)) & bits) !== 0) return false;
    }
  }
  return true;
}
