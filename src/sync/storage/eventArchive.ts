/**
 * Every signature-verified event this device has seen, per pool, with its exact bytes: what
 * healing writes back when an entry disappears from the document (docs/rules.md §3, "Deletion"),
 * even after a reload, and what a device imported from a file before it has the document.
 * Read lazily: only when something is missing, so opening a pool does not load it.
 */
import type { EventId, StoredEvent } from "../../core/events/types.ts";

export interface ArchivedEvent extends StoredEvent {
  id: EventId;
}

export interface EventArchive {
  /** The archived copies of these ids (ids not archived are left out). */
  getMany(poolId: string, ids: readonly EventId[]): Promise<Map<EventId, ArchivedEvent>>;
  addMany(poolId: string, events: readonly ArchivedEvent[]): Promise<void>;
  all(poolId: string): Promise<ArchivedEvent[]>;
}

export class MemoryEventArchive implements EventArchive {
  readonly #pools = new Map<string, Map<EventId, ArchivedEvent>>();

  #pool(poolId: string): Map<EventId, ArchivedEvent> {
    let map = this.#pools.get(poolId);
    if (map === undefined) {
      map = new Map();
      this.#pools.set(poolId, map);
    }
    return map;
  }

  async getMany(poolId: string, ids: readonly EventId[]): Promise<Map<EventId, ArchivedEvent>> {
    const pool = this.#pool(poolId);
    const out = new Map<EventId, ArchivedEvent>();
    for (const id of ids) {
      const e = pool.get(id);
      if (e !== undefined) out.set(id, e);
    }
    return out;
  }

  async addMany(poolId: string, events: readonly ArchivedEvent[]): Promise<void> {
    const pool = this.#pool(poolId);
    for (const e of events) pool.set(e.id, { id: e.id, bytes: e.bytes.slice(), sig: e.sig.slice() });
  }

  async all(poolId: string): Promise<ArchivedEvent[]> {
    return [...this.#pool(poolId).values()];
  }
}
