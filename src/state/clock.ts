/**
 * The device's clock as a signal, so "time left" and what is open or closed move on screen
 * without a reload. The core never reads a clock; the app passes `now` in. Besides its regular
 * tick, the clock is bumped whenever a pool's state changes, so a vote that closes a proposal
 * shows "seal the result" at once rather than at the next tick.
 */
import { createSignal, onCleanup } from "solid-js";

const TICK_MS = 15_000;

export interface Clock {
  now: () => number;
  bump: () => void;
}

export function createClock(): Clock {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), TICK_MS);
  onCleanup(() => clearInterval(timer));
  return { now, bump: () => setNow(Date.now()) };
}

/**
 * An event's `at`: the clock, but never before a parent or an earlier event of ours that it
 * must follow (docs/rules.md §3: max(clock, latest parent + 1, own previous vote + 1)).
 */
export function eventTime(...notBefore: number[]): number {
  return Math.max(Date.now(), ...notBefore);
}
