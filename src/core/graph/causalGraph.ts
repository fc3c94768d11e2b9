import type { AnyDecodedEvent, EventId } from "../events/types.ts";
import { type Bitset, EMPTY_BITSET, hasBit, unionOf } from "./bitset.ts";
import type { EventOrder } from "./orderEvents.ts";

/**
 * The causal graph of one derivation pass: each event's place in the order, whether it is valid,
 * and its causal past as a bitset of tracked valid ancestors, so "was X in this event's past?" is
 * one array read. Untracked events (votes: there can be 100,000) get no bit; `reachQuery` finds
 * them through the valid events that name them. The pool's rules live in `Fold`, built on this.
 */
export class CausalGraph {
  /**
   * An event's place in the order, by id. Everything else per event is kept in arrays by place.
   * With the order given, this answers for every placed event; without, for those entered so far.
   */
  readonly position: { get(id: EventId): number | undefined };
  private readonly entered: Map<EventId, number> | undefined;
  private enteredPlace = -1;
  private enteredId: EventId | undefined;
  /** Per place: 1 once the event is valid. */
  private validAt: Uint8Array;
  /** Per place: the event's bit if it is valid and tracked, else -1. */
  private bitAt: Int32Array;
  /** Per place: the causal past (tracked valid ancestors), and the same plus the event itself. */
  private pastAt: Bitset[];
  private inclusiveAt: Bitset[];
  /** Per place of a valid untracked event (a vote, a comment…): the places of valid events naming it. */
  private firstChild: Int32Array;
  /** The edges of those lists: each names a child place and the next edge of the same parent (-1 ends). */
  private edgeChild: Int32Array;
  private edgeNext: Int32Array;
  private edges = 0;
  /** Scratch for `reachQuery`: per place, the query that last marked or answered it. */
  private parentMark: Int32Array;
  private answerMark: Int32Array;
  private answer: Uint8Array;
  private queries = 0;
  private nextBit = 0;
  /** Valid events so far (an invalid parent adds nothing to a causal past). */
  readonly valid: { has(id: EventId): boolean } = {
    has: (id) => {
      const i = this.position.get(id);
      return i !== undefined && this.validAt[i] === 1;
    },
  };

  constructor(
    readonly events: ReadonlyMap<EventId, AnyDecodedEvent>,
    /** Which events get a bit: those that can decide membership, rules or money. */
    private readonly isTracked: (event: AnyDecodedEvent) => boolean,
    /** The order the events will be taken in: its places and parent places save looking ids up. */
    private readonly order?: EventOrder,
  ) {
    if (order) this.position = { get: order.placeOf };
    else {
      const entered = new Map<EventId, number>();
      this.entered = entered;
      this.position = entered;
    }
    // Places run from 0 to the number of events less one (only events held can be placed).
    const n = events.size;
    this.validAt = new Uint8Array(n);
    this.bitAt = new Int32Array(n).fill(-1);
    this.pastAt = new Array(n);
    this.inclusiveAt = new Array(n);
    this.firstChild = new Int32Array(n).fill(-1);
    const capacity = Math.max(16, order ? order.parentPlace.length : n);
    this.edgeChild = new Int32Array(capacity);
    this.edgeNext = new Int32Array(capacity);
    this.parentMark = new Int32Array(n);
    this.answerMark = new Int32Array(n);
    this.answer = new Uint8Array(n);
  }

  /** Computes and stores an event's causal past before it is judged. */
  enter(event: AnyDecodedEvent, index: number): Bitset {
    if (index < 0 || index >= this.validAt.length) throw new Error(`enter: place ${index} is outside the events held`);
    if (this.order && this.order.placed[index] !== event)
      throw new Error(`enter: ${event.id} is not at place ${index}`);
    this.entered?.set(event.id, index);
    this.enteredPlace = index;
    this.enteredId = event.id;
    // Most events (every vote) have one valid parent: its set is the past, with no array built.
    let only: Bitset | undefined;
    let parentSets: Bitset[] | undefined;
    const places = this.parentPlaces(event, index);
    for (let k = this.parentFrom; k < this.parentTo; k++) {
      const i = places[k] as number;
      // An invalid parent adds nothing to the causal past (docs/rules.md §3.5).
      if (this.validAt[i] !== 1) continue;
      const set = this.inclusiveAt[i] as Bitset;
      if (only === undefined) only = set;
      else if (parentSets === undefined) parentSets = [only, set];
      else parentSets.push(set);
    }
    const past = parentSets ? unionOf(parentSets) : (only ?? EMPTY_BITSET);
    this.pastAt[index] = past;
    return past;
  }

  /**
   * Makes room for `n` places (an incremental derivation places events after the last). Arrays
   * grow by half again, so appending one event at a time copies rarely.
   */
  makeRoom(n: number): void {
    const have = this.validAt.length;
    if (n <= have) return;
    const size = Math.max(n, have + (have >> 1) + 16);
    const grow = <T extends Uint8Array | Int32Array>(a: T, make: (k: number) => T, fill?: number): T => {
      const b = make(size);
      if (fill !== undefined) b.fill(fill, have);
      b.set(a);
      return b;
    };
    this.validAt = grow(this.validAt, (k) => new Uint8Array(k));
    this.bitAt = grow(this.bitAt, (k) => new Int32Array(k), -1);
    this.firstChild = grow(this.firstChild, (k) => new Int32Array(k), -1);
    this.parentMark = grow(this.parentMark, (k) => new Int32Array(k));
    this.answerMark = grow(this.answerMark, (k) => new Int32Array(k));
    this.answer = grow(this.answer, (k) => new Uint8Array(k));
    this.pastAt.length = size;
    this.inclusiveAt.length = size;
  }

  /** Marks a judged event valid; tracked types get a bit so descendants can see them. */
  accept(event: AnyDecodedEvent): void {
    const index = this.enteredPlace;
    if (index < 0 || this.enteredId !== event.id) throw new Error(`accept: ${event.id} is not the event entered last`);
    // Remember which valid events name each valid untracked one: `reachQuery` follows these.
    const places = this.parentPlaces(event, index);
    for (let k = this.parentFrom; k < this.parentTo; k++) {
      const i = places[k] as number;
      if (this.validAt[i] !== 1 || (this.bitAt[i] as number) >= 0) continue;
      this.addChild(i, index);
    }
    this.validAt[index] = 1;
    const past = this.pastAt[index] ?? EMPTY_BITSET;
    if (!this.isTracked(event)) {
      this.inclusiveAt[index] = past;
      return;
    }
    const bit = this.nextBit++;
    this.bitAt[index] = bit;
    this.inclusiveAt[index] = unionOf([past], bit);
  }

  private addChild(parent: number, child: number): void {
    if (this.edges === this.edgeChild.length) {
      const child2 = new Int32Array(this.edges * 2);
      const next2 = new Int32Array(this.edges * 2);
      child2.set(this.edgeChild);
      next2.set(this.edgeNext);
      this.edgeChild = child2;
      this.edgeNext = next2;
    }
    const e = this.edges++;
    this.edgeChild[e] = child;
    this.edgeNext[e] = this.firstChild[parent] as number;
    this.firstChild[parent] = e;
  }

  /** An event's place (the event being judged is answered without a lookup). */
  placeOf(id: EventId): number | undefined {
    return id === this.enteredId ? this.enteredPlace : this.position.get(id);
  }

  /** Is the event at this place valid? */
  isValidAt(place: number): boolean {
    return this.validAt[place] === 1;
  }

  /**
   * The places of an event's parents that are placed (for a placed event: all of them): the
   * returned array from `parentFrom` up to `parentTo`. Nothing is allocated with the order given.
   */
  private parentPlaces(event: AnyDecodedEvent, index: number): ArrayLike<number> {
    const { order } = this;
    if (order) {
      this.parentFrom = order.parentStart[index] as number;
      this.parentTo = order.parentStart[index + 1] as number;
      return order.parentPlace;
    }
    const out: number[] = [];
    for (const p of event.body.parents) {
      const i = this.position.get(p);
      if (i !== undefined) out.push(i);
    }
    this.parentFrom = 0;
    this.parentTo = out.length;
    return out;
  }
  private parentFrom = 0;
  private parentTo = 0;

  /** The place of the only parent of the event being judged, or -1 (more parents, or the order not given). */
  onlyParentPlace(event: AnyDecodedEvent): number {
    const { order } = this;
    const index = this.enteredPlace;
    if (!order || order.placed[index] !== event) return -1;
    const from = order.parentStart[index] as number;
    return (order.parentStart[index + 1] as number) - from === 1 ? (order.parentPlace[from] as number) : -1;
  }

  /**
   * The places of the dependencies the event being judged lists besides its parents (a seal's
   * votes), as it lists them; undefined when the fold was not given the order.
   */
  listedPlaces(event: AnyDecodedEvent): Int32Array | undefined {
    const { order } = this;
    const index = this.enteredPlace;
    if (!order || order.placed[index] !== event) return undefined;
    return order.listedPlace.subarray(order.listedStart[index] as number, order.listedStart[index + 1] as number);
  }

  /** Is a parent the event holds dated after it? (`at` is never below a parent's.) */
  datedBeforeParent(event: AnyDecodedEvent): boolean {
    const { order } = this;
    if (order && order.placed[this.enteredPlace] === event) {
      const places = this.parentPlaces(event, this.enteredPlace);
      for (let k = this.parentFrom; k < this.parentTo; k++)
        if ((order.placed[places[k] as number] as AnyDecodedEvent).body.at > event.body.at) return true;
      return false;
    }
    for (const parent of event.body.parents) {
      const p = this.events.get(parent);
      if (p && p.body.at > event.body.at) return true;
    }
    return false;
  }

  pastOf(id: EventId): Bitset {
    const i = this.placeOf(id);
    return (i === undefined ? undefined : this.pastAt[i]) ?? EMPTY_BITSET;
  }

  /** Everything up to and including the event (valid events only). */
  inclusiveOf(id: EventId): Bitset {
    const i = this.position.get(id);
    return (i === undefined || this.validAt[i] !== 1 ? undefined : this.inclusiveAt[i]) ?? EMPTY_BITSET;
  }

  bit(id: EventId): number | undefined {
    const i = this.position.get(id);
    const bit = i === undefined ? -1 : (this.bitAt[i] as number);
    return bit < 0 ? undefined : bit;
  }

  /**
   * Answers "is the valid event X in the causal past of `eventId`?" for many X at once, for an
   * event being judged (its past is known, it is not valid yet). A tracked X answers with one
   * bit. An untracked one (a vote has no bit) is in that past exactly when the event names it,
   * or when one of the valid events naming it is: so this follows children forward until a bit
   * answers (for a vote, usually one step) instead of walking the whole past backwards.
   */
  reachQuery(eventId: EventId): (id: EventId) => boolean {
    const atPlace = this.reachQueryByPlace(eventId);
    return (id) => {
      const i = this.position.get(id);
      return i !== undefined && atPlace(i);
    };
  }

  /** `reachQuery` for events given by place (a vote record knows its place). */
  reachQueryByPlace(eventId: EventId): (place: number) => boolean {
    const query = ++this.queries;
    const past = this.pastOf(eventId);
    const event = this.events.get(eventId);
    const place = this.position.get(eventId);
    if (event && place !== undefined) {
      const places = this.parentPlaces(event, place);
      for (let k = this.parentFrom; k < this.parentTo; k++) this.parentMark[places[k] as number] = query;
    }
    return (i) => this.validAt[i] === 1 && this.reaches(i, past, query);
  }

  /** Scratch for `reaches` (one query runs at a time): no array or closure per vote asked about. */
  private reachStack = new Int32Array(64);

  private reaches(start: number, past: Bitset, query: number): boolean {
    const { answerMark, answer } = this;
    let stack = this.reachStack;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const x = stack[top - 1] as number;
      if (answerMark[x] === query) {
        top--;
        continue;
      }
      const bit = this.bitAt[x] as number;
      if (bit >= 0 || this.parentMark[x] === query) {
        answerMark[x] = query;
        answer[x] = bit < 0 || hasBit(past, bit) ? 1 : 0;
        top--;
        continue;
      }
      const { edgeChild, edgeNext } = this;
      let hit = false;
      let open = 0;
      for (let e = this.firstChild[x] as number; e >= 0; e = edgeNext[e] as number) {
        const c = edgeChild[e] as number;
        if (answerMark[c] !== query) open++;
        else if (answer[c] === 1) {
          hit = true;
          break;
        }
      }
      if (!hit && open > 0) {
        if (top + open > stack.length) {
          const bigger = new Int32Array(Math.max(stack.length * 2, top + open));
          bigger.set(stack);
          stack = bigger;
          this.reachStack = bigger;
        }
        for (let e = this.firstChild[x] as number; e >= 0; e = edgeNext[e] as number) {
          const c = edgeChild[e] as number;
          if (answerMark[c] !== query) stack[top++] = c;
        }
        continue;
      }
      answerMark[x] = query;
      answer[x] = hit ? 1 : 0;
      top--;
    }
    return answer[start] === 1;
  }

  /** Is the valid, tracked event `ancestor` in this causal past? */
  inPast(past: Bitset, ancestor: EventId): boolean {
    const i = this.position.get(ancestor);
    if (i === undefined) return false;
    const bit = this.bitAt[i] as number;
    return bit >= 0 && hasBit(past, bit);
  }
}
