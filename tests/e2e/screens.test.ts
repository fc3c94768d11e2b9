/**
 * Every main screen at 390×844, in light and dark: axe-core finds no serious or critical
 * violation, and a screenshot of each goes to test-artifacts/screens/ for a person to look at.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { seriousViolations } from "./support/axe.ts";
import { ROOT } from "./support/build.ts";
import { createInvite, eventually, foundPool, makeIdentity, newPhone, openTab, type Phone } from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

const SHOTS = path.join(ROOT, "test-artifacts", "screens");
const POOL = "Hiking Club Pool";

async function check(page: Page, name: string, toTop = true): Promise<void> {
  if (toTop) await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(150); // let the last reactive update settle before the picture
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({
      path: path.join(SHOTS, scheme === "light" ? `${name}.png` : `${name}-dark.png`),
      fullPage: false,
    });
    const problems = await seriousViolations(page);
    expect(problems, `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

describe("every main screen is accessible", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let poolUrl = "";

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("first run, key backup and home", async () => {
    const page = alice.page;
    await page.goto(server.url);
    await page.getByRole("textbox", { name: /^Your name/ }).waitFor();
    await check(page, "01-first-run");
    await page.getByRole("textbox", { name: /^Your name/ }).fill("Alice");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Show as QR code" }).click();
    await page.getByRole("img", { name: "QR code of your key backup" }).waitFor();
    await check(page, "02-key-backup");
    await page.getByRole("button", { name: "Skip for now" }).click();
    await page.getByRole("heading", { name: "Found a pool" }).waitFor();
    await check(page, "03-home-empty");
    poolUrl = await foundPool(page, POOL, { meetup: true, purpose: "Tents, stoves and the train to the hills." });
  }, 90_000);

  it("joining by link", async () => {
    const link = await createInvite(alice.page);
    await alice.page.getByRole("img", { name: "QR code of the invite link" }).waitFor();
    await check(alice.page, "08-members-invite");
    await bob.page.goto(link);
    await makeIdentity(bob.page, "Bob");
    await bob.page.getByRole("button", { name: `Join ${POOL}` }).waitFor();
    await check(bob.page, "04-join");
    await bob.page.getByRole("checkbox", { name: /I accept the bylaws/ }).check();
    await bob.page.getByRole("button", { name: `Join ${POOL}` }).click();
    await openTab(bob.page, "Members");
    await eventually(async () =>
      expect(await bob.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(2),
    );
  }, 90_000);

  it("a pool with money, proposals and votes", async () => {
    const page = alice.page;
    await openTab(page, "Ledger");
    await page.getByRole("button", { name: "Record a contribution" }).click();
    await page.getByLabel(/^Amount/).fill("500");
    await page.getByLabel(/^Note/).fill("March dues");
    await check(page, "10-ledger-form");
    await page.getByLabel("Kind", { exact: true }).selectOption("dues");
    await page.getByRole("button", { name: "Save contribution" }).click();
    await page.getByText("Dues from You").waitFor();
    await openTab(bob.page, "Ledger");
    await bob.page.getByRole("button", { name: "Confirm entry" }).click();
    await page.getByText("Confirmed", { exact: true }).waitFor();

    await openTab(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Kind of proposal").selectOption("spend");
    await page.getByLabel("Title").fill("Buy two tents");
    await page.getByLabel(/^Amount/).fill("340");
    await page.getByLabel("Who will be paid").fill("Outdoor Store");
    await page.getByLabel("What it is for").fill("Two 3-person tents for the summer trips.");
    await check(page, "07-new-proposal");
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: "Buy two tents" }).waitFor();
    await page.getByLabel("Add a comment").fill("The store has a 10% club discount in April.");
    await page.getByRole("button", { name: "Post comment" }).click();
    await page.getByRole("button", { name: "Vote yes" }).click();
    await page.getByText(/^1 of 2 voted/).waitFor();
    await check(page, "06-proposal");

    await openTab(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Title").fill("Meet on Saturdays from May");
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: "Meet on Saturdays from May" }).waitFor();
    await openTab(page, "Proposals");
    await check(page, "05-proposals");
  }, 90_000);

  it("a result sealed, confirmed and paid out, and a ballot as a QR code", async () => {
    const page = alice.page;
    await openTab(bob.page, "Proposals");
    await bob.page.getByRole("link", { name: /Buy two tents/ }).click();
    await bob.page.getByRole("button", { name: "Vote yes" }).click();
    await bob.page.getByRole("button", { name: "Show my ballot as a QR code" }).click();
    await bob.page.getByRole("img", { name: "QR code of your ballot" }).waitFor();
    await bob.page.getByRole("img", { name: "QR code of your ballot" }).scrollIntoViewIfNeeded();
    await check(bob.page, "06d-ballot", false);

    await openTab(page, "Proposals");
    await page.getByRole("link", { name: /Buy two tents/ }).click();
    await page.getByRole("button", { name: "Seal the result" }).click();
    await page.getByText(/^Sealed by You/).waitFor();
    await page.getByText("Collect ballots (meetup without signal)").click();
    await check(page, "06b-proposal-sealed");
    await bob.page.getByRole("button", { name: "Confirm the result" }).click();
    await page.getByRole("heading", { name: "Final result" }).waitFor();
    await check(page, "06c-proposal-decided");
    await page.getByRole("link", { name: "Record the payout" }).click();
    await page.getByRole("button", { name: "Save payout" }).waitFor();
    await check(page, "10b-payout-form");
    await page.getByRole("button", { name: "Save payout" }).click();
    await page.getByText(/Payout to Outdoor Store/).waitFor();
  }, 90_000);

  it("overview, ledger, members, more, rules, bylaws, audit and settings", async () => {
    const page = alice.page;
    await openTab(page, "Overview");
    await page.getByRole("heading", { level: 1, name: POOL }).waitFor();
    await check(page, "04-overview");
    await openTab(page, "Ledger");
    await page.getByRole("img", { name: /^Balance over time/ }).waitFor();
    await check(page, "09-ledger");
    await openTab(page, "Members");
    await check(page, "08-members");
    await openTab(page, "More");
    await check(page, "11-more");
    await page.getByRole("link", { name: /^Rules/ }).click();
    await check(page, "12-rules");
    await page.goBack();
    await page.getByRole("link", { name: /^Bylaws/ }).click();
    await page.getByRole("heading", { name: `Bylaws of ${POOL}` }).waitFor();
    await check(page, "13-bylaws");
    await page.goBack();
    await page.getByRole("link", { name: /^Audit/ }).click();
    await check(page, "14-audit");
    await page.goto(`${server.url}#/settings`);
    await check(page, "15-settings");
    await page.goto(`${server.url}#/`);
    await page.getByRole("list", { name: "Your pools" }).waitFor();
    await check(page, "03-home");
    expect(poolUrl).toContain("#/pool/");
  }, 120_000);
});
