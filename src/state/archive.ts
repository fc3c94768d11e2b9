/**
 * Pools archived on this phone: hidden from the home list, still open and syncing, and back with
 * one tap. It is a choice of this device only (nothing is written into the pool), so it lives in
 * the browser's storage, not in any document.
 */
import { createSignal } from "solid-js";
import type { EventId } from "../core/index.ts";

const KEY = "pools.archived";

function load(): Set<EventId> {
  if (typeof localStorage === "undefined") return new Set();
  try {
    const ids = JSON.parse(localStorage.getItem(KEY) ?? "[]") as unknown;
    return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : []);
  } catch {
    // A damaged list only un-hides pools; nothing in them is lost.
    return new Set();
  }
}

const [archived, setArchived] = createSignal<ReadonlySet<EventId>>(load());

function save(next: Set<EventId>): void {
  setArchived(next);
  if (typeof localStorage !== "undefined") localStorage.setItem(KEY, JSON.stringify([...next]));
}

export const isArchived = (id: EventId): boolean => archived().has(id);

export function setPoolArchived(id: EventId, on: boolean): void {
  const next = new Set(archived());
  if (on) next.add(id);
  else next.delete(id);
  save(next);
}
