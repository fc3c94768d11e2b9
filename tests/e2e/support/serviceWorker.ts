import type { Page } from "playwright-core";

/**
 * Waits until the page's service worker is `activated` (TOOLCHAIN.md: `ready` resolves while it
 * is still activating, and going offline then would find no precache).
 */
export async function serviceWorkerActivated(page: Page, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await page.evaluate(
      async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? "none",
    );
    if (state === "activated") return;
    if (Date.now() > deadline) throw new Error(`the service worker is ${state}, not activated`);
    await page.waitForTimeout(200);
  }
}
