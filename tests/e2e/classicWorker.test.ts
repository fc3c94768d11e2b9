/**
 * The service worker is a module worker that imports the app's own chunks (one copy of the sync
 * engine on the phone). A browser that refuses module workers (Firefox before 147) gets the
 * classic one instead: the app still starts with no network, and it says plainly that this
 * browser cannot receive reminders (docs/rules.md §11.4: everything works without push).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchPhone, type PersistentBrowser } from "../helpers/browser.ts";
import { foundPool, makeIdentity } from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";
import { serviceWorkerActivated } from "./support/serviceWorker.ts";

const activeWorker = (page: import("playwright-core").Page) =>
  page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? "none");

describe("the app's service worker, module or classic", () => {
  let server: AppServer;
  let modern: PersistentBrowser;
  let older: PersistentBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    modern = await launchPhone();
    older = await launchPhone();
    await older.context.addInitScript(() => {
      // What a browser without module service workers does: it refuses the registration.
      const container = navigator.serviceWorker;
      const register = container.register.bind(container);
      container.register = (url, options) =>
        options?.type === "module"
          ? Promise.reject(new TypeError("module service workers are not supported"))
          : register(url, options);
    });
  }, 180_000);

  afterAll(async () => {
    await modern?.close();
    await older?.close();
    await server?.close();
  });

  it("rules §11.4: Chromium runs the module worker, the one that can remind", async () => {
    const page = modern.context.pages()[0] ?? (await modern.context.newPage());
    await page.goto(server.url);
    await makeIdentity(page, "Alice");
    await foundPool(page, "Hiking Club Pool");
    await serviceWorkerActivated(page);
    expect(await activeWorker(page)).toMatch(/\/sw\.js$/);
  }, 90_000);

  it("rules §11.4: without module workers the app still starts offline and says it cannot remind", async () => {
    const page = older.context.pages()[0] ?? (await older.context.newPage());
    await page.goto(server.url);
    await makeIdentity(page, "Bob");
    await foundPool(page, "Bob's Pool");
    await serviceWorkerActivated(page);
    expect(await activeWorker(page)).toMatch(/\/swClassic\.js$/);

    await older.context.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await page.getByRole("heading", { level: 1, name: "Bob's Pool" }).waitFor();
    await page.goto(`${server.url}#/settings`);
    await page.getByTestId("reminders-unavailable").waitFor();
    expect(await page.getByRole("checkbox", { name: /Remind me about/ }).count()).toBe(0);
  }, 90_000);
});
