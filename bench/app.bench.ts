/**
 * The app's own numbers (docs/rules.md §8):
 *  - app-js-gzip: every JavaScript file of the production build (app, lazy chunks, service
 *    worker and its runtime), gzipped, in kB; Automerge's wasm is not JavaScript and not counted.
 *  - offline-reload-to-pool: in headless Chromium with the app installed (service worker
 *    activated) and the network off, ms from asking for a reload to the pool's balance on
 *    screen, median of several reloads.
 *  - the first visit on a phone (Lighthouse mobile score, LCP, bytes, and the JavaScript the first
 *    screen waits for): bench/firstVisit.bench.ts.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildApp } from "../tests/e2e/support/build.ts";
import { foundPool, makeIdentity, openTab } from "../tests/e2e/support/phone.ts";
import { startAppServer } from "../tests/e2e/support/server.ts";
import { serviceWorkerActivated } from "../tests/e2e/support/serviceWorker.ts";
import { launchPhone } from "../tests/helpers/browser.ts";
import { benchFirstVisit } from "./firstVisit.bench.ts";

type Result = { name: string; value: number; unit: string };

const RELOADS = 7;

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return jsFiles(full);
    return d.name.endsWith(".js") ? [full] : [];
  });
}

export async function appJsGzipKb(dist: string): Promise<number> {
  let bytes = 0;
  for (const file of jsFiles(dist)) bytes += zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  return bytes / 1000;
}

async function offlineReloadMs(): Promise<number> {
  const server = await startAppServer();
  const phone = await launchPhone();
  try {
    const page = phone.context.pages()[0] ?? (await phone.context.newPage());
    await page.goto(server.url);
    await makeIdentity(page, "Alice");
    await foundPool(page, "Hiking Club Pool");
    await openTab(page, "Ledger");
    await page.getByRole("button", { name: "Record a contribution" }).click();
    await page.getByLabel(/^Amount/).fill("25");
    await page.getByRole("button", { name: "Save contribution" }).click();
    await page.getByText("Dues from You").waitFor();
    await openTab(page, "Overview");
    await serviceWorkerActivated(page);
    await phone.context.setOffline(true);
    const times: number[] = [];
    for (let i = 0; i < RELOADS + 1; i++) {
      const t0 = performance.now();
      const response = await page.reload({ waitUntil: "commit" });
      if (!response?.fromServiceWorker()) throw new Error("the offline reload was not served by the service worker");
      await page.getByTestId("balance").waitFor({ state: "visible" });
      if (i > 0) times.push(performance.now() - t0); // the first reload warms Chromium's caches
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] as number;
  } finally {
    await phone.close();
    await server.close();
  }
}

export async function benchApp(): Promise<Result[]> {
  const dist = await buildApp();
  return [
    { name: "app-js-gzip", value: await appJsGzipKb(dist), unit: "kB" },
    { name: "offline-reload-to-pool", value: await offlineReloadMs(), unit: "ms" },
    ...(await benchFirstVisit()),
  ];
}
