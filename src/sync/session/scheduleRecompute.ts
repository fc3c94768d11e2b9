/**
 * When a session recomputes its view: after the document changes (debounced), at most one run at
 * a time, and not at all when the document's heads have not moved since the last run.
 */
import * as A from "@automerge/automerge/slim";
import type { PoolView } from "./poolSessionTypes.ts";
import type { SessionInternals } from "./sessionInternals.ts";

/** Asks for a recompute once the debounce has passed. */
export function schedule(s: SessionInternals): void {
  if (s.closed) return;
  s.dirty = true;
  if (s.timer !== undefined) return;
  s.timer = setTimeout(() => {
    s.timer = undefined;
    upToDate(s).catch(s.onError);
  }, s.debounceMs);
}

/** The view, recomputed first only if the document changed since the last recompute. */
export async function upToDate(s: SessionInternals): Promise<PoolView> {
  while (s.running !== undefined) await s.running.catch(() => undefined);
  // Unchanged heads: nothing new in the document (a change announced by a pending timer may be
  // this session's own write, already in the view), so no recompute.
  if (sameHeads(A.getHeads(s.handle.doc()), s.lastHeads)) {
    if (s.timer !== undefined) clearTimeout(s.timer);
    s.timer = undefined;
    return s.view;
  }
  return refresh(s);
}

/** One recompute at a time; a change during a run makes one more run after it. */
export async function refresh(s: SessionInternals): Promise<PoolView> {
  if (s.timer !== undefined) {
    clearTimeout(s.timer);
    s.timer = undefined;
  }
  s.dirty = true;
  while (s.running !== undefined) await s.running.catch(() => undefined);
  if (!s.dirty) return s.view;
  s.dirty = false;
  s.running = s.recompute();
  try {
    return await s.running;
  } finally {
    s.running = undefined;
  }
}

export function sameHeads(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((h, i) => h === sorted[i]);
}
