import type { AnyDecodedEvent, EventId } from "../events/types.ts";

/**
 * The events given to `orderEvents`, by id, numbered in the order they came (one copy per id).
 * The order and the fold work on these numbers; an incremental derivation adds events at the end.
 */
export class HeldEvents implements ReadonlyMap<EventId, AnyDecodedEvent> {
  constructor(
    private readonly list: AnyDecodedEvent[],
    private readonly indexOf: Map<EventId, number>,
  ) {}
  get size() {
    return this.list.length;
  }
  get(id: EventId) {
    const i = this.indexOf.get(id);
    return i === undefined ? undefined : this.list[i];
  }
  has(id: EventId) {
    return this.indexOf.has(id);
  }
  /** The event's number, if held. */
  numberOf(id: EventId): number | undefined {
    return this.indexOf.get(id);
  }
  /** The event with this number. */
  at(i: number): AnyDecodedEvent {
    return this.list[i] as AnyDecodedEvent;
  }
  /** Holds one more event (a new id gets the next number; a held id keeps its number and takes this copy). */
  add(e: AnyDecodedEvent): number {
    const i = this.indexOf.get(e.id);
    if (i !== undefined) {
      this.list[i] = e;
      return i;
    }
    this.indexOf.set(e.id, this.list.length);
    this.list.push(e);
    return this.list.length - 1;
  }
  *entries(): MapIterator<[EventId, AnyDecodedEvent]> {
    for (const e of this.list) yield [e.id, e];
  }
  keys(): MapIterator<EventId> {
    return this.indexOf.keys();
  }
  values(): MapIterator<AnyDecodedEvent> {
    return this.list.values();
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  forEach(
    fn: (value: AnyDecodedEvent, key: EventId, map: ReadonlyMap<EventId, AnyDecodedEvent>) => void,
    thisArg?: unknown,
  ) {
    for (const e of this.list) fn.call(thisArg, e, e.id, this);
  }
}
