/**
 * The first visit on a phone: the first screen, and the join screen of an invite link, are on
 * screen and usable while Automerge's wasm (3.6 MB, about 0.8 MB compressed) is still on its way.
 * Here the wasm is held back until the person has already used the screen; then the action that
 * needs sync finishes by itself.
 */
import type { Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { createInvite, foundPool, makeIdentity, newPhone, type Phone } from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

/** Holds every request for the wasm until `release()`; counts the requests held. */
async function holdWasm(page: Page) {
  const held: Route[] = [];
  let released = false;
  await page.route(/\.wasm$/, (route) => {
    if (released) return route.continue();
    held.push(route);
  });
  return {
    requested: () => held.length,
    async release() {
      released = true;
      await Promise.all(held.splice(0).map((r) => r.continue()));
    },
  };
}

describe("the first screen does not wait for Automerge's wasm", () => {
  let server: AppServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let alice: Phone;
  let bob: Phone;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a founder makes her key and fills in her pool before the wasm has arrived; it is founded once it has", async () => {
    const wasm = await holdWasm(alice.page);
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await alice.page.getByLabel("Pool name").fill("Hiking Club Pool");
    await alice.page.getByRole("button", { name: "Create pool" }).click();
    await alice.page.getByRole("button", { name: "Getting ready…" }).waitFor();
    // Sync asked for the wasm behind the screen, and has not had it.
    await expect.poll(() => wasm.requested(), { timeout: 30_000 }).toBe(1);
    await wasm.release();
    await alice.page.getByRole("heading", { level: 1, name: "Hiking Club Pool" }).waitFor();
  }, 120_000);

  it("an invite link opens to its screens before the wasm has arrived, and joins once it has", async () => {
    const link = await createInvite(alice.page);
    const wasm = await holdWasm(bob.page);
    await bob.page.goto(link);
    await makeIdentity(bob.page, "Bob");
    await bob.page.getByRole("heading", { level: 1, name: "Join a pool" }).waitFor();
    await bob.page.getByText(/Getting Pools ready on this phone/).waitFor();
    await expect.poll(() => wasm.requested(), { timeout: 30_000 }).toBe(1);
    await wasm.release();
    await bob.page.getByRole("checkbox", { name: /I accept the bylaws/ }).check();
    await bob.page.getByRole("button", { name: "Join Hiking Club Pool" }).click();
    await bob.page.getByRole("heading", { level: 1, name: "Hiking Club Pool" }).waitFor();
  }, 120_000);

  it("founding works as ever when the wasm is not held", async () => {
    const carol = await newPhone(browser, "carol");
    await carol.page.goto(server.url);
    await makeIdentity(carol.page, "Carol");
    await foundPool(carol.page, "Reading Circle Pool");
    await carol.context.close();
  }, 120_000);
});
