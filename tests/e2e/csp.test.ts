/**
 * The app runs under the Content-Security-Policy the relay serves (docs/deploy.md, "HTTP"):
 * only its own scripts, wasm compiled with 'wasm-unsafe-eval', connections to its own origin and
 * the relay's websocket, never framed. A founder installs it, founds a pool and votes, and the
 * browser reports no violation, in the page or on its console. The wasm travels compressed.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchPhone, type PersistentBrowser } from "../helpers/browser.ts";
import { expectSync, foundPool, makeIdentity, openTab } from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";
import { serviceWorkerActivated } from "./support/serviceWorker.ts";

interface Violation {
  directive: string;
  blocked: string;
}

async function violationsIn(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? []);
}

describe("the app under the relay's Content-Security-Policy", () => {
  let server: AppServer;
  let device: PersistentBrowser;
  let page: Page;
  const consoleProblems: string[] = [];
  const wasmEncodings: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    device = await launchPhone();
    // Every document of this phone records what its CSP blocked, from the first script on.
    await device.context.addInitScript(() => {
      const w = window as unknown as { __cspViolations: Violation[] };
      w.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        w.__cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
      );
    });
    page = device.context.pages()[0] ?? (await device.context.newPage());
    page.on("console", (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) consoleProblems.push(m.text());
    });
    page.on("response", async (r) => {
      if (r.url().endsWith(".wasm")) wasmEncodings.push((await r.allHeaders())["content-encoding"] ?? "identity");
    });
  }, 180_000);

  afterAll(async () => {
    await device?.close();
    await server?.close();
  });

  it("serves the policy with the page", async () => {
    const response = await page.goto(server.url);
    const csp = (await response?.allHeaders())?.["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain(
      `connect-src 'self' ws://127.0.0.1:${server.relay.port} wss://127.0.0.1:${server.relay.port}`,
    );
    expect(csp).toContain("frame-ancestors 'none'");
    expect((await response?.allHeaders())?.["referrer-policy"]).toBe("no-referrer");
  }, 60_000);

  it("founds a pool and casts a vote with nothing blocked; the service worker installs; the wasm came as brotli", async () => {
    await makeIdentity(page, "Alice");
    // Founding needs Automerge: its wasm loaded and compiled under the policy.
    await foundPool(page, "Reading Circle Pool");
    await openTab(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Title").fill("Meet on Saturdays from May");
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: "Meet on Saturdays from May" }).waitFor();
    await page.getByRole("button", { name: "Vote yes" }).click();
    await page.getByText(/^1 of 1 voted/).waitFor();
    await serviceWorkerActivated(page);
    // The relay's websocket connected (connect-src): the badge says so.
    await expectSync(page, /^Online/);

    expect(wasmEncodings).toEqual(["br"]);
    expect(await violationsIn(page)).toEqual([]);
    expect(consoleProblems).toEqual([]);
  }, 120_000);

  it("still runs with nothing blocked when the service worker serves it", async () => {
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await page.getByRole("heading", { name: "Meet on Saturdays from May" }).waitFor();
    expect(await violationsIn(page)).toEqual([]);
    expect(consoleProblems).toEqual([]);
  }, 60_000);
});
