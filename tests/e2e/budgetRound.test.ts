/**
 * docs/rules.md §4.22 in real headless Chromium, three phones through the real relay:
 * alice founds a pool (meetup rules) and puts $300 in; the group approves a $300 round, so each
 * of alice, bob and carol has $100 to give. bob and carol propose a bucket each; everyone gives,
 * carol is stopped at her share and takes an allocation back; the round closes, alice seals it,
 * bob confirms it after the late window; the funded bucket is paid out by alice, confirmed by
 * bob, and every ledger shows the same balance.
 *
 * Time: a round closes hours after it opens, and its seal can be confirmed only `sealAfterHours`
 * (1 under meetup rules) after that. Each phone's clock is Playwright's (installed before the app
 * loads, running at normal speed); the story moves every phone's clock forward together, as if
 * everyone put their phone away for a few hours. The app has no clock override of its own.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { seriousViolations } from "./support/axe.ts";
import { ROOT } from "./support/build.ts";
import {
  eventually,
  foundPool,
  joinByLink,
  makeIdentity,
  newPhone,
  openTab,
  type Phone,
  tapVote,
  textOf,
} from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

const POOL = "Hiking Club Pool";
const ROUND = "Spring round";
const SHOTS = path.join(ROOT, "test-artifacts", "screens");
const HOUR = 3_600_000;
/** Generous: a loaded two-core machine runs three Chromium contexts, a build and the relay. */
const SYNC_MS = 60_000;

/** A time `ms` from the phone's now, as a `datetime-local` value in the phone's time zone. */
function localInput(page: Page, ms: number): Promise<string> {
  return page.evaluate((ahead) => {
    const d = new Date(Date.now() + ahead);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);
}

async function screenshotAndAxe(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SHOTS, scheme === "light" ? `${name}.png` : `${name}-dark.png`) });
    expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const bucket = (page: Page, title: string) => page.getByRole("article", { name: title });

async function openRound(page: Page): Promise<void> {
  await openTab(page, "Overview");
  await page
    .getByRole("list", { name: "Budget rounds" })
    .getByRole("link", { name: new RegExp(ROUND) })
    .click();
  await page.getByRole("heading", { level: 2, name: ROUND }).waitFor();
}

async function give(page: Page, title: string, amount: string): Promise<void> {
  const card = bucket(page, title);
  await card.getByLabel(`Amount for ${title} (USD)`).fill(amount);
  await card.getByRole("button", { name: "Give", exact: true }).click();
}

describe("a budget round, from proposal to payout", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let carol: Phone;
  let everyone: Phone[] = [];

  /** Everyone's phone clock jumps forward together; the app's own ticking timers fire on the way. */
  async function later(ms: number): Promise<void> {
    for (const p of everyone) await p.context.clock.fastForward(ms);
  }

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    carol = await newPhone(browser, "carol");
    everyone = [alice, bob, carol];
    for (const p of everyone) await p.context.clock.install();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("alice founds the pool with meetup rules; bob and carol join by her link", async () => {
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, POOL, { meetup: true });
    await openTab(alice.page, "Members");
    await alice.page.getByLabel(/^How many people may use the link/).fill("2");
    await alice.page.getByRole("button", { name: "Create invite link" }).click();
    const link = await alice.page.getByRole("textbox", { name: "Invite link" }).inputValue();

    await joinByLink(bob.page, link, "Bob", POOL);
    await joinByLink(carol.page, link, "Carol", POOL);
    for (const p of everyone) {
      await openTab(p.page, "Members");
      await eventually(
        async () => expect(await p.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(3),
        SYNC_MS,
      );
    }
  }, 180_000);

  it("alice puts $300 in and bob confirms it", async () => {
    await openTab(alice.page, "Ledger");
    await alice.page.getByRole("button", { name: "Record a contribution" }).click();
    await alice.page.getByLabel(/^Amount/).fill("300");
    await alice.page.getByLabel("Kind", { exact: true }).selectOption("dues");
    await alice.page.getByRole("button", { name: "Save contribution" }).click();
    await alice.page.getByText("Dues from You").waitFor();

    await openTab(bob.page, "Ledger");
    await bob.page.getByRole("button", { name: "Confirm entry" }).click({ timeout: SYNC_MS });
    for (const p of everyone) {
      await openTab(p.page, "Ledger");
      await eventually(async () => expect(await textOf(p.page, "ledger-balance")).toBe("$300.00"), SYNC_MS);
    }
  }, 120_000);

  it("alice proposes a $300 budget round; all three approve it, and the round opens", async () => {
    const page = alice.page;
    await openTab(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Kind of proposal").selectOption("round");
    await page.getByLabel("Title").fill(ROUND);
    await page.getByLabel(/^Amount for the round/).fill("300");
    await expect(textOf(page, "round-share-preview")).resolves.toMatch(/Each of the 3 members .* \$100\.00/);
    // Voting ends within the hour (sooner once all have voted); buckets for two hours; the round closes in three.
    await page.getByLabel(/^Voting stays open for/).fill("1");
    await page.getByLabel(/^Buckets can be proposed until/).fill(await localInput(page, 2 * HOUR));
    await page.getByLabel(/^The round closes/).fill(await localInput(page, 3 * HOUR));
    await page.getByLabel(/^Most one bucket may get/).fill("200");
    await screenshotAndAxe(page, "round-proposal-new");
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: ROUND }).waitFor();
    await tapVote(page);

    for (const p of [bob, carol]) {
      await openTab(p.page, "Proposals");
      await p.page.getByRole("link", { name: new RegExp(ROUND) }).click({ timeout: SYNC_MS });
      await tapVote(p.page);
    }
    // Everyone voted: it closes at once, and its seal can be confirmed without waiting.
    await page.getByRole("button", { name: "Seal the result" }).click({ timeout: SYNC_MS });
    await bob.page.getByRole("button", { name: "Confirm the result" }).click({ timeout: SYNC_MS });
    for (const p of everyone) {
      await eventually(async () => expect(await textOf(p.page, "result")).toBe("Passed"), SYNC_MS);
      await p.page.getByRole("link", { name: "Open the budget round" }).waitFor({ timeout: SYNC_MS });
    }

    // The overview lists it; each member has a third of it to give.
    await openTab(carol.page, "Overview");
    await carol.page.getByText(/^Budget round open/).waitFor();
    await openRound(carol.page);
    expect(await textOf(carol.page, "my-remaining")).toBe("$100.00");
  }, 180_000);

  it("bob and carol each propose a bucket, and every phone shows both", async () => {
    await openRound(bob.page);
    await bob.page.getByRole("button", { name: "Propose a bucket" }).click();
    await bob.page.getByLabel("Title").fill("Camp stove");
    await bob.page.getByLabel(/^What it is and why/).fill("A two-burner stove for the group trips.");
    await bob.page.getByLabel(/^Who will be paid/).fill("Outdoor Store");
    await bob.page.getByLabel(/^Minimum/).fill("120");
    await bob.page.getByLabel(/^Maximum/).fill("150");
    await bob.page.getByRole("button", { name: "Propose bucket" }).click();
    await bucket(bob.page, "Camp stove").waitFor();

    await carol.page.getByRole("button", { name: "Propose a bucket" }).click();
    await carol.page.getByLabel("Title").fill("Trail guidebooks");
    await carol.page.getByLabel(/^Who will be paid/).fill("Book Shop");
    await carol.page.getByLabel(/^Minimum/).fill("200");
    await carol.page.getByRole("button", { name: "Propose bucket" }).click();

    await openRound(alice.page);
    for (const p of everyone)
      for (const title of ["Camp stove", "Trail guidebooks"]) await bucket(p.page, title).waitFor({ timeout: SYNC_MS });
    await bucket(alice.page, "Camp stove")
      .getByText(/^Proposed by Bob · pays Outdoor Store/)
      .waitFor();

    // carol thinks better of a third bucket and cancels it before the close.
    await carol.page.getByRole("button", { name: "Propose a bucket" }).click();
    await carol.page.getByLabel("Title").fill("Spare rope");
    await carol.page.getByLabel(/^Who will be paid/).fill("Outdoor Store");
    await carol.page.getByLabel(/^Minimum/).fill("20");
    await carol.page.getByRole("button", { name: "Propose bucket" }).click();
    await bucket(carol.page, "Spare rope").getByRole("button", { name: "Cancel this bucket" }).click();
    await bucket(alice.page, "Spare rope").getByText("Cancelled", { exact: true }).waitFor({ timeout: SYNC_MS });
  }, 120_000);

  it("each gives from their share; carol is stopped at what she may give, and takes an allocation back", async () => {
    await give(alice.page, "Camp stove", "100");
    await eventually(async () => expect(await textOf(alice.page, "my-remaining")).toBe("$0.00"), SYNC_MS);

    // bob drags the slider: the amount field follows it.
    const bobStove = bucket(bob.page, "Camp stove");
    await bobStove.getByRole("slider", { name: "How much to give to Camp stove" }).fill("3000");
    await expect(bobStove.getByLabel("Amount for Camp stove (USD)").inputValue()).resolves.toBe("30.00");
    await bobStove.getByRole("button", { name: "Give", exact: true }).click();
    await eventually(async () => expect(await textOf(bob.page, "my-remaining")).toBe("$70.00"), SYNC_MS);

    // carol types more than her share: the field comes down to $100.00 and says why.
    const books = bucket(carol.page, "Trail guidebooks");
    await books.getByLabel("Amount for Trail guidebooks (USD)").fill("150");
    await expect(books.getByLabel("Amount for Trail guidebooks (USD)").inputValue()).resolves.toBe("100.00");
    await books.getByText(/^Your share is \$100\.00, so \$100\.00 is the most you can give here\./).waitFor();
    await give(carol.page, "Trail guidebooks", "60");
    await eventually(async () => expect(await textOf(carol.page, "my-remaining")).toBe("$40.00"), SYNC_MS);

    // The stove has $130.00 of its $150.00 maximum (once alice's and bob's gifts reach carol's phone):
    // it can take only $20.00 more, fewer than the $40.00 she has left.
    const stove = bucket(carol.page, "Camp stove");
    await eventually(
      async () =>
        expect(await stove.getByRole("progressbar", { name: "Camp stove" }).getAttribute("aria-valuenow")).toBe("130"),
      SYNC_MS,
    );
    await stove.getByLabel("Amount for Camp stove (USD)").fill("40");
    await expect(stove.getByLabel("Amount for Camp stove (USD)").inputValue()).resolves.toBe("20.00");
    await stove.getByText(/so \$20\.00 is the most it can take from you\./).waitFor();
    await stove.getByRole("button", { name: "Give", exact: true }).click();
    await eventually(async () => expect(await textOf(carol.page, "my-remaining")).toBe("$20.00"), SYNC_MS);
    // Every phone holds her gift before she takes it back, so the 130 below means both of her
    // events arrived (130 was already true before either).
    for (const p of everyone) {
      const bar = bucket(p.page, "Camp stove").getByRole("progressbar", { name: "Camp stove" });
      await eventually(async () => expect(await bar.getAttribute("aria-valuenow")).toBe("150"), SYNC_MS);
    }
    await stove.getByRole("button", { name: "Take back my $20.00" }).click();
    await eventually(async () => expect(await textOf(carol.page, "my-remaining")).toBe("$40.00"), SYNC_MS);

    for (const p of everyone) {
      const bar = bucket(p.page, "Camp stove").getByRole("progressbar", { name: "Camp stove" });
      await eventually(async () => expect(await bar.getAttribute("aria-valuenow")).toBe("130"), SYNC_MS);
      expect(await bar.getAttribute("aria-valuemax")).toBe("150");
      await expect(bucket(p.page, "Camp stove").getByText("Minimum reached").count()).resolves.toBe(1);
      const books = bucket(p.page, "Trail guidebooks").getByRole("progressbar", { name: "Trail guidebooks" });
      await eventually(async () => expect(await books.getAttribute("aria-valuenow")).toBe("60"), SYNC_MS);
    }
    await screenshotAndAxe(carol.page, "round");
  }, 180_000);

  it("the round closes; alice seals it and bob confirms it after the late window", async () => {
    await later(3 * HOUR + 5 * 60_000);
    for (const p of everyone)
      await p.page.getByRole("heading", { name: "Sealing the result" }).waitFor({ timeout: SYNC_MS });
    await alice.page.getByRole("button", { name: "Seal the round" }).click();
    await alice.page
      .getByText(/^Sealed by You on .*: it funds Camp stove\. It counts the same allocations as this phone\./)
      .waitFor();

    // Late offline allocations may still arrive for an hour (sealAfterHours under meetup rules).
    await eventually(
      async () => expect(await textOf(bob.page, "round-confirm-why")).toMatch(/^Allocations made offline/),
      SYNC_MS,
    );
    await expect(bob.page.getByRole("button", { name: "Confirm the result" }).count()).resolves.toBe(0);
    await screenshotAndAxe(bob.page, "round-closed");

    await later(HOUR);
    await bob.page.getByRole("button", { name: "Confirm the result" }).click({ timeout: SYNC_MS });
    for (const p of everyone) {
      await p.page.getByRole("heading", { name: "Final result" }).waitFor({ timeout: SYNC_MS });
      const funded = p.page.getByRole("list", { name: "Funded buckets" });
      await expect(funded.getByRole("listitem").allTextContents()).resolves.toEqual(["Camp stove$130.00"]);
      await expect(bucket(p.page, "Trail guidebooks").getByText("Not funded").count()).resolves.toBe(1);
    }
    await screenshotAndAxe(alice.page, "round-decided");
  }, 180_000);

  it("alice pays out the funded bucket, bob confirms it, and every ledger shows the same balance", async () => {
    // Until the payout, the $130.00 is committed; the rest of the round is available again.
    await openTab(carol.page, "Ledger");
    await eventually(async () => expect(await carol.page.getByText("$170.00").count()).toBeGreaterThan(0), SYNC_MS);

    await bucket(alice.page, "Camp stove").getByRole("link", { name: "Record the $130.00 payout" }).click();
    await expect(alice.page.getByLabel("For the approved spend").inputValue()).resolves.toBeTruthy();
    await expect(alice.page.getByLabel("For the approved spend").locator("option:checked").textContent()).resolves.toBe(
      "Camp stove (budget round)",
    );
    await expect(alice.page.getByLabel("Amount paid (USD)").inputValue()).resolves.toBe("130.00");
    await expect(alice.page.getByLabel("Paid to").inputValue()).resolves.toBe("Outdoor Store");
    await alice.page.getByRole("button", { name: "Save payout" }).click();
    await alice.page.getByText("Payout to Outdoor Store for “Camp stove”").waitFor();

    await openTab(bob.page, "Ledger");
    const payout = bob.page.getByRole("listitem").filter({ hasText: "Payout to Outdoor Store" });
    await payout.getByRole("button", { name: "Confirm entry" }).click({ timeout: SYNC_MS });
    for (const p of everyone) {
      await openTab(p.page, "Ledger");
      await eventually(async () => expect(await textOf(p.page, "ledger-balance")).toBe("$170.00"), SYNC_MS);
      await expect(p.page.getByText("Not authorised").count()).resolves.toBe(0);
      // Nothing is left to pay, so there is no payout to record.
      await expect(p.page.getByRole("button", { name: "Record a payout" }).count()).resolves.toBe(0);
    }
  }, 120_000);
});
