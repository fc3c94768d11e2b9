/**
 * When a flood is derived again because a member pool changed: once per debounce, however many
 * pools changed in it, since each derive reads every member's state anyway.
 */
import type { FloodInternals } from "./floodInternals.ts";

const DEFAULT_MEMBER_DEBOUNCE_MS = 25;

/** Refreshes the flood's view once the debounce has passed, unless a refresh is already due. */
export function deriveAgainSoon(f: FloodInternals): void {
  if (f.closed || f.timer !== undefined) return;
  f.timer = setTimeout(() => {
    f.timer = undefined;
    if (!f.closed) f.inner.refresh().catch(f.deps.onError ?? console.error);
  }, f.deps.memberDebounceMs ?? DEFAULT_MEMBER_DEBOUNCE_MS);
}
