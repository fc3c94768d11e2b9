/**
 * Driving the app like a person: accessible names and labels only (STYLE.md: tests read as
 * stories and keep the app accessible). Each helper waits for what the person would see.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { PHONE } from "../../helpers/browser.ts";

export interface Phone {
  name: string;
  context: BrowserContext;
  page: Page;
}

/** A separate phone: its own browser context (storage, service worker, network switch). */
export async function newPhone(
  browser: Browser,
  name: string,
  colorScheme: "light" | "dark" = "light",
): Promise<Phone> {
  const context = await browser.newContext({ viewport: PHONE, colorScheme, hasTouch: true });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`[${name}] page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") console.error(`[${name}] console: ${m.text()}`);
  });
  return { name, context, page };
}

/** Polls until `fn` holds (an expectation that does not throw), like a person glancing again. */
export async function eventually(fn: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fn();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/**
 * This phone counts my vote on the proposal on screen: the count is there and its "Not voted yet"
 * line no longer names You (the line goes once everyone has voted).
 */
async function myVoteCounted(page: Page): Promise<boolean> {
  if ((await page.getByTestId("vote-count").count()) === 0) return false;
  const line = page.getByText(/^Not voted( yet)?:/);
  if ((await line.count()) === 0) return true;
  return !/\bYou\b/.test((await line.first().textContent()) ?? "");
}

/**
 * Casts my first vote on the open proposal on screen and waits until the phone counts it. Another
 * phone's vote arriving can move the screen under the finger (the "you are the last to vote"
 * notice appears above the buttons); a tap that landed beside the button is tapped again, as a
 * person who sees their vote not taken would.
 */
export async function tapVote(page: Page, label: "Vote yes" | "Vote no" | "Abstain" = "Vote yes"): Promise<void> {
  const button = page.getByRole("button", { name: label, exact: true });
  for (let tap = 1; ; tap++) {
    await button.click();
    const deadline = Date.now() + (tap < 3 ? 5_000 : 30_000);
    while (Date.now() < deadline) {
      if (await myVoteCounted(page)) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    if (tap === 3) throw new Error(`${label}: the phone did not count my vote after ${tap} taps`);
  }
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** First run: a name, keys made on the phone, backup skipped for now. */
export async function makeIdentity(page: Page, name: string): Promise<void> {
  await page.getByRole("textbox", { name: /^Your name/ }).fill(name);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Skip for now" }).click();
}

/** Founds a pool with "Meetup" rules: a proposal closes as soon as everyone has voted. */
export async function foundPool(
  page: Page,
  name: string,
  options: { meetup?: boolean; purpose?: string } = {},
): Promise<string> {
  await page.getByLabel("Pool name").fill(name);
  if (options.meetup || options.purpose) {
    await page.getByText("More options").click();
    if (options.purpose) await page.getByLabel(/^Purpose/).fill(options.purpose);
    if (options.meetup) await page.getByRole("radio", { name: /^Meetup rules/ }).check();
  }
  await page.getByRole("button", { name: "Create pool" }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
  return page.url();
}

export async function openTab(
  page: Page,
  tab: "Overview" | "Proposals" | "Ledger" | "Members" | "More",
): Promise<void> {
  await page.getByRole("navigation", { name: "Pool sections" }).getByRole("link", { name: tab }).click();
}

/** Members → Create invite link → the link as the inviter would copy it. */
export async function createInvite(page: Page): Promise<string> {
  await openTab(page, "Members");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const field = page.getByRole("textbox", { name: "Invite link" });
  await field.waitFor();
  return field.inputValue();
}

/** Opens an invite link on a phone with no identity yet, and joins. */
export async function joinByLink(page: Page, link: string, name: string, poolName: string): Promise<void> {
  await page.goto(link);
  await makeIdentity(page, name);
  await page.getByRole("checkbox", { name: /I accept the bylaws/ }).check();
  await page.getByRole("button", { name: `Join ${poolName}` }).click();
  await page.getByRole("heading", { level: 1, name: poolName }).waitFor();
}

export async function syncLabel(page: Page): Promise<string> {
  return textOf(page, "sync-state");
}

export async function expectSync(page: Page, label: RegExp): Promise<void> {
  await eventually(async () => expect(await syncLabel(page)).toMatch(label));
}
