/**
 * Real headless Chromium for browser tests and benchmarks: Debian's /usr/bin/chromium driven by
 * playwright-core, never a downloaded browser. The networking flags stop Chromium from reaching
 * out to Google services on a closed network (TOOLCHAIN.md). Each launch gets a fresh profile.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { watchBrowser, watchContext } from "./failureReport.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A phone in portrait: the app is designed one-handed at this size. */
export const PHONE = { width: 390, height: 844 };

export interface LaunchOptions {
  /** More Chromium switches, after the usual ones (a fake camera: see fakeCamera.ts). */
  extraArgs?: readonly string[];
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    headless: true,
  });
  watchBrowser(browser);
  return browser;
}

export interface PersistentBrowser {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * A browser with its own fresh user data dir, like one phone: its service worker, IndexedDB and
 * caches survive reloads of its pages. Closing removes the profile.
 */
export async function launchPhone(
  options: { colorScheme?: "light" | "dark" } & LaunchOptions = {},
): Promise<PersistentBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    headless: true,
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: true,
    colorScheme: options.colorScheme ?? "light",
    serviceWorkers: "allow",
  });
  watchContext(context);
  return {
    context,
    userDataDir,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
