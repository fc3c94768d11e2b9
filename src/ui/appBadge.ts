/**
 * The installed app's badge shows how many things need this person across their pools
 * (rules §11 "Reminders"), where the browser supports the Badging API. Elsewhere nothing happens:
 * the "needs you" list on the home screen says the same.
 */
import { createEffect } from "solid-js";

interface BadgingNavigator {
  setAppBadge?: (count?: number) => Promise<void>;
  clearAppBadge?: () => Promise<void>;
}

export function syncAppBadge(count: () => number): void {
  const nav = navigator as Navigator & BadgingNavigator;
  if (typeof nav.setAppBadge !== "function") return;
  createEffect(() => {
    const n = count();
    const done = n > 0 ? nav.setAppBadge?.(n) : nav.clearAppBadge?.();
    // A browser may refuse a badge (not installed, no permission): the list still shows it.
    done?.catch((error: unknown) => console.info("Pools: the app badge was not set", error));
  });
}
