/**
 * A button's command: busy while it runs (so a double tap writes once), and its error in plain
 * words until the next try.
 */
import { createSignal } from "solid-js";
import type { CommandResult } from "../../state/errors.ts";

export function createAction<A extends unknown[], T>(
  fn: (...args: A) => Promise<CommandResult<T>>,
  onDone?: (value: T) => void,
) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  async function run(...args: A): Promise<boolean> {
    if (busy()) return false;
    setBusy(true);
    setError(undefined);
    try {
      const r = await fn(...args);
      if (!r.ok) {
        setError(r.error);
        return false;
      }
      onDone?.(r.value);
      return true;
    } finally {
      setBusy(false);
    }
  }
  return { run, busy, error, setError };
}
