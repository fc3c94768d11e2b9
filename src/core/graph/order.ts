import type { AnyDecodedEvent, EventId } from "../events/types.ts";
import type { HeldEvents } from "./heldEvents.ts";
import type { EventOrder } from "./orderEvents.ts";

/**
 * The order `orderEvents` builds, kept so an incremental derivation can place new events after it
 * (`extendOrder`). Only the derivation that owns it extends it; the app never sees it.
 */
export class Order implements EventOrder {
  placed: AnyDecodedEvent[];
  pending: EventOrder["pending"];
  parentStart: Int32Array;
  parentPlace: Int32Array;
  listedStart: Int32Array;
  listedPlace: Int32Array;
  readonly held: HeldEvents;
  /** By event number (see HeldEvents): its place, or -1. May be longer than the events held. */
  placeAt: Int32Array;
  /** Events dated after this wait (the device's clock plus the slack, when derived). */
  notAfter: number;
  /** The place of the last event by (at, id), and the latest `at` placed; -1 until asked. */
  private lastKeyPlace = -1;
  private latestPlacedAt = Number.NEGATIVE_INFINITY;

  constructor(parts: {
    placed: AnyDecodedEvent[];
    pending: EventOrder["pending"];
    parentStart: Int32Array;
    parentPlace: Int32Array;
    listedStart: Int32Array;
    listedPlace: Int32Array;
    held: HeldEvents;
    placeAt: Int32Array;
    notAfter: number;
  }) {
    this.placed = parts.placed;
    this.pending = parts.pending;
    this.parentStart = parts.parentStart;
    this.parentPlace = parts.parentPlace;
    this.listedStart = parts.listedStart;
    this.listedPlace = parts.listedPlace;
    this.held = parts.held;
    this.placeAt = parts.placeAt;
    this.notAfter = parts.notAfter;
  }

  /** A placed event's place, by id (an arrow: the causal graph keeps it unbound). */
  readonly placeOf = (id: EventId): number | undefined => {
    const i = this.held.numberOf(id);
    const place = i === undefined ? -1 : (this.placeAt[i] as number);
    return place < 0 ? undefined : place;
  };

  /** The placed event that sorts last by (at, id): a new event placed after all must sort after it. */
  lastByKey(): AnyDecodedEvent | undefined {
    if (this.lastKeyPlace < 0) this.scanKeys();
    return this.placed[this.lastKeyPlace];
  }

  /** The latest `at` among placed events. */
  latestAt(): number {
    if (this.lastKeyPlace < 0) this.scanKeys();
    return this.latestPlacedAt;
  }

  /** Records events just placed at the end (their keys all sort after `lastByKey`). */
  notePlaced(from: number): void {
    if (this.lastKeyPlace < 0) return; // scanned when first asked
    for (let p = from; p < this.placed.length; p++) {
      const e = this.placed[p] as AnyDecodedEvent;
      if (sortsBefore(this.placed[this.lastKeyPlace] as AnyDecodedEvent, e)) this.lastKeyPlace = p;
      if (e.body.at > this.latestPlacedAt) this.latestPlacedAt = e.body.at;
    }
  }

  private scanKeys(): void {
    let last = -1;
    let latest = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < this.placed.length; p++) {
      const e = this.placed[p] as AnyDecodedEvent;
      if (last < 0 || sortsBefore(this.placed[last] as AnyDecodedEvent, e)) last = p;
      if (e.body.at > latest) latest = e.body.at;
    }
    this.lastKeyPlace = last;
    this.latestPlacedAt = latest;
  }
}

/** The order's tie-break (docs/rules.md §3.9): smaller `at` first, then smaller id as ASCII. */
export function sortsBefore(a: AnyDecodedEvent, b: AnyDecodedEvent): boolean {
  return a.body.at < b.body.at || (a.body.at === b.body.at && a.id < b.id);
}
