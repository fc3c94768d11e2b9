/**
 * A new release never reloads the app by itself (it could land in the middle of a vote): the
 * page offers "Update", and reloads only when the person taps it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Relay, startRelay } from "../../sync-server/relay.ts";
import { launchPhone, type PersistentBrowser } from "../helpers/browser.ts";
import { buildApp } from "./support/build.ts";
import { foundPool, makeIdentity } from "./support/phone.ts";
import { serviceWorkerActivated } from "./support/serviceWorker.ts";

describe("updating the installed app", () => {
  let relay: Relay;
  let device: PersistentBrowser;
  const site = fs.mkdtempSync(path.join(os.tmpdir(), "pools-site-"));
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "pools-relay-"));

  beforeAll(async () => {
    // A copy of the build, so the test can publish a "new release" into it.
    fs.cpSync(await buildApp(), site, { recursive: true });
    relay = await startRelay({ port: 0, host: "127.0.0.1", dataDir: data, staticDir: site, closeGraceMs: 300 });
    device = await launchPhone();
  }, 180_000);

  afterAll(async () => {
    await device?.close();
    await relay?.close();
    fs.rmSync(site, { recursive: true, force: true });
    fs.rmSync(data, { recursive: true, force: true });
  });

  it("offers the new version and reloads only when asked", async () => {
    const page = device.context.pages()[0] ?? (await device.context.newPage());
    await page.goto(`${relay.httpUrl}/`);
    await makeIdentity(page, "Alice");
    await foundPool(page, "Hiking Club Pool");
    await serviceWorkerActivated(page);
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });

    fs.appendFileSync(path.join(site, "sw.js"), "\n// release 2\n");
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByText("A new version of Pools is ready.").waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Update" }).click()]);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBeUndefined();
    await page.getByRole("heading", { level: 1, name: "Hiking Club Pool" }).waitFor();
    expect(await page.getByText("A new version of Pools is ready.").count()).toBe(0);
  }, 90_000);
});
