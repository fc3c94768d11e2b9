import type { MemberId } from "../events/types.ts";

/**
 * The members one fold counts votes of, numbered in the order first seen, so counting works on
 * arrays by number rather than on maps and sets keyed by 43-character ids (1,000 members and
 * 100,000 votes made those lookups most of a tally). Numbers belong to one fold and never leave
 * it. Each id is also kept as one string, which vote records share, so the ids a view is keyed by
 * are the same few strings rather than one copy per ballot.
 */
export class Voters {
  private readonly numbers = new Map<MemberId, number>();
  /** By number: the one string of each id. */
  readonly ids: MemberId[] = [];
  private readonly masks = new WeakMap<ReadonlySet<MemberId>, Uint8Array>();
  private readonly sorted = new WeakMap<ReadonlySet<MemberId>, SortedElectorate>();
  /** Scratch (see `begin`): per number, a value and the round it was written in. */
  private round = new Int32Array(64);
  private value = new Int32Array(64);
  private current = 0;
  /** The last id found and its number: a vote is checked, then applied, with the same id. */
  private lastId: MemberId | undefined;
  private lastNumber = -1;
  /** The last set masked: votes on one proposal come together. */
  private lastSet: ReadonlySet<MemberId> | undefined;
  private lastMask: Uint8Array = new Uint8Array(0);

  numberOf(member: MemberId): number {
    const known = this.find(member);
    if (known !== undefined) return known;
    const n = this.ids.length;
    this.numbers.set(member, n);
    this.ids.push(member);
    return n;
  }

  /** The member's number, if they have one (a member of no electorate yet may not). */
  find(member: MemberId): number | undefined {
    if (member === this.lastId) return this.lastNumber;
    const n = this.numbers.get(member);
    if (n !== undefined) {
      this.lastId = member;
      this.lastNumber = n;
    }
    return n;
  }

  /**
   * A set of members as a mask by number (1: in the set). A number past its end is not in it:
   * every member of the set was numbered when the mask was made. Sets are never changed once
   * made, and proposals share them, so each is masked once.
   */
  maskOf(set: ReadonlySet<MemberId>): Uint8Array {
    if (set === this.lastSet) return this.lastMask;
    let mask = this.masks.get(set);
    if (!mask) {
      const numbers: number[] = [];
      for (const m of set) numbers.push(this.numberOf(m));
      mask = new Uint8Array(this.ids.length);
      for (const n of numbers) mask[n] = 1;
      this.masks.set(set, mask);
    }
    this.lastSet = set;
    this.lastMask = mask;
    return mask;
  }

  /** A set's members sorted by id (as views show them), with their numbers; made once per set. */
  sortedOf(set: ReadonlySet<MemberId>): SortedElectorate {
    let out = this.sorted.get(set);
    if (!out) {
      out = this.sortIds([...set]);
      this.sorted.set(set, out);
    }
    return out;
  }

  /** Ids sorted, with their numbers. */
  sortIds(ids: MemberId[]): SortedElectorate {
    ids.sort();
    const numbers = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) numbers[i] = this.numberOf(ids[i] as MemberId);
    return { ids, numbers };
  }

  /**
   * Starts a new use of the scratch table: every number reads as unset. One use at a time: a
   * caller fills it and reads it back with no other tally call in between.
   */
  begin(): void {
    if (this.round.length < this.ids.length) this.grow(this.ids.length);
    if (this.current === 0x3fffffff) {
      this.round.fill(0);
      this.current = 0;
    }
    this.current++;
  }

  /** The value set for this number in the current use, or -1. */
  get(n: number): number {
    return this.round[n] === this.current ? (this.value[n] as number) : -1;
  }

  set(n: number, value: number): void {
    if (n >= this.round.length) this.grow(n + 1);
    this.round[n] = this.current;
    this.value[n] = value;
  }

  private grow(size: number): void {
    const length = Math.max(size, this.round.length * 2);
    const round = new Int32Array(length);
    const value = new Int32Array(length);
    round.set(this.round);
    value.set(this.value);
    this.round = round;
    this.value = value;
  }
}

export interface SortedElectorate {
  /** Shared between views: copy before handing out. */
  readonly ids: readonly MemberId[];
  readonly numbers: Int32Array;
}

/** Is the member with this number in the masked set? */
export function inMask(mask: Uint8Array, n: number): boolean {
  return mask[n] === 1;
}
