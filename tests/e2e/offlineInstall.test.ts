/**
 * The installed app works with no network at all: after one visit the service worker holds
 * every file (Automerge's wasm too), so a reload offline is served by it and opens the pool
 * with its data. Chromium finds nothing that stops installing it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchPhone, type PersistentBrowser } from "../helpers/browser.ts";
import { eventually, expectSync, foundPool, makeIdentity, openTab, type Phone, textOf } from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";
import { serviceWorkerActivated } from "./support/serviceWorker.ts";

describe("an installed app with no network", () => {
  let server: AppServer;
  let device: PersistentBrowser;
  let alice: Phone;

  beforeAll(async () => {
    server = await startAppServer();
    // A real profile, not an incognito context: Chromium does not offer to install from incognito.
    device = await launchPhone();
    alice = {
      name: "alice",
      context: device.context,
      page: device.context.pages()[0] ?? (await device.context.newPage()),
    };
  }, 180_000);

  afterAll(async () => {
    await device?.close();
    await server?.close();
  });

  it("Chromium reports no installability errors", async () => {
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, "Reading Circle Pool");
    await serviceWorkerActivated(alice.page);
    const cdp = await alice.context.newCDPSession(alice.page);
    const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as {
      installabilityErrors: unknown[];
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = await (await alice.page.request.get(`${server.url}manifest.webmanifest`)).json();
    expect(manifest.display).toBe("standalone");
    expect(manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes} ${i.purpose ?? "any"}`)).toEqual(
      expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]),
    );
  }, 90_000);

  it("reloads offline to the pool with its data, served by the service worker", async () => {
    await openTab(alice.page, "Ledger");
    await alice.page.getByRole("button", { name: "Record a contribution" }).click();
    await alice.page.getByLabel(/^Amount/).fill("12.50");
    await alice.page.getByLabel("Kind", { exact: true }).selectOption("dues");
    await alice.page.getByRole("button", { name: "Save contribution" }).click();
    await alice.page.getByText("Dues from You").waitFor();

    await alice.context.setOffline(true);
    const response = await alice.page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await alice.page.getByRole("heading", { level: 1, name: "Ledger" }).waitFor();
    await alice.page.getByText("Dues from You").waitFor();
    await expectSync(alice.page, /Offline/);
    await openTab(alice.page, "Overview");
    await alice.page.getByRole("heading", { level: 1, name: "Reading Circle Pool" }).waitFor();
    await eventually(async () => expect(await textOf(alice.page, "balance")).toBe("$0.00"));
  }, 90_000);

  it("after an offline reload the badge still says changes are waiting", async () => {
    await openTab(alice.page, "Ledger");
    await alice.page.getByRole("button", { name: "Record a contribution" }).click();
    await alice.page.getByLabel(/^Amount/).fill("7");
    await alice.page.getByLabel("Kind", { exact: true }).selectOption("donation");
    await alice.page.getByRole("button", { name: "Save contribution" }).click();
    await alice.page.getByText("Donation from You").waitFor();
    await expectSync(alice.page, /^Offline · changes waiting/);
    await alice.page.reload();
    await alice.page.getByRole("heading", { level: 1, name: "Ledger" }).waitFor();
    await alice.page.getByText("Donation from You").waitFor();
    await expectSync(alice.page, /^Offline · changes waiting/);
    // Back online, the change reaches the relay and the badge says so.
    await alice.context.setOffline(false);
    await expectSync(alice.page, /^Online/);
  }, 90_000);
});
