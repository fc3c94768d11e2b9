/**
 * What an organizer and two members hit on three phones (issue: "What a real organizer hits"):
 * money fields that refuse a minus sign, text and absurd amounts; the buy-in shown before
 * joining and asked of everyone; an invite's size checked and shown, and a used-up link said so;
 * Confirm buttons that name their entry; cancelling one's own unconfirmed entry; overspending
 * warned before it happens; a payout shown as money out; only the pressed vote looks pressed;
 * withdrawing asks first; the chart fits the activity; focus follows the screen; 200% zoom and
 * 320 px reflow with no raw ids; the round form survives the clock; install and archive.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { seriousViolations } from "./support/axe.ts";
import { ROOT } from "./support/build.ts";
import { eventually, makeIdentity, newPhone, openTab, type Phone, tapVote, textOf } from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

const SHOTS = path.join(ROOT, "test-artifacts", "screens");
const POOL = "Blue Ridge Weekend Hikers Pool";
const SYNC_MS = 30_000;

describe("an organizer and two members, three phones", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let carol: Phone;
  let poolUrl = "";

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    carol = await newPhone(browser, "carol");
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail")
      for (const p of [alice, bob, carol])
        console.log(
          `[${p?.name}] ${p?.page.url()}\n${await p?.page
            .locator("main")
            .textContent()
            .catch(() => "")}`,
        );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const everyone = () => [alice, bob, carol];
  const error = (page: Page) => page.getByRole("alert");

  async function goPool(page: Page, tab?: "Proposals" | "Ledger" | "Members" | "More"): Promise<void> {
    await page.goto(poolUrl);
    await page.getByRole("heading", { level: 1, name: POOL }).waitFor({ timeout: SYNC_MS });
    if (tab) await openTab(page, tab);
  }

  async function balanceIs(page: Page, text: string): Promise<void> {
    await goPool(page, "Ledger");
    await eventually(async () => expect(await textOf(page, "ledger-balance")).toBe(text), SYNC_MS);
  }

  it("alice sees the time rules before founding, and a minus sign in the buy-in is refused", async () => {
    const page = alice.page;
    await page.goto(server.url);
    await makeIdentity(page, "Alice");
    await expect(textOf(page, "time-rules")).resolves.toMatch(/arrive within 24 hours/);
    await page.getByLabel("Pool name").fill(POOL);
    await page.getByText("More options").click();
    await page.getByRole("radio", { name: /^Meetup rules/ }).check();
    await expect(textOf(page, "time-rules")).resolves.toMatch(/close as soon as everyone has voted/);
    await page.getByLabel(/^Buy-in/).fill("-5");
    await page.getByRole("button", { name: "Create pool" }).click();
    await expect(error(page).textContent()).resolves.toMatch(/without a minus sign/);
    await page.getByLabel(/^Buy-in/).fill("20");
    await page.getByRole("button", { name: "Create pool" }).click();
    await page.getByRole("heading", { level: 1, name: POOL }).waitFor();
    poolUrl = page.url();
  }, 60_000);

  it("the founder is asked for her buy-in; the kind is Buy-in; a minus, text or an absurd amount is refused", async () => {
    const page = alice.page;
    await expect(textOf(page, "buy-in-due")).resolves.toMatch(/not paid yet/);
    await page.getByRole("link", { name: "Record my buy-in" }).click();
    await page.getByRole("heading", { level: 1, name: "Ledger" }).waitFor();
    await expect(page.getByLabel("Kind", { exact: true }).inputValue()).resolves.toBe("buy-in");
    const amount = page.getByLabel(/^Amount/);
    await expect(amount.inputValue()).resolves.toBe("20.00");
    for (const [typed, says] of [
      ["-20", /without a minus sign/],
      ["abc", /Type an amount like 25 or 25\.50/],
      ["99999999999", /largest amount/],
    ] as const) {
      await amount.fill(typed);
      await page.getByRole("button", { name: "Save contribution" }).click();
      await expect(error(page).textContent()).resolves.toMatch(says);
    }
    expect(await page.getByTestId("ledger-entry").count()).toBe(0);
    await amount.fill("20");
    await page.getByRole("button", { name: "Save contribution" }).click();
    await page.getByText("Buy-in from You").waitFor();
    await openTab(page, "Overview");
    await expect(textOf(page, "buy-in-due")).resolves.toMatch(/waits for another member to confirm/);
  }, 60_000);

  it("an invite's size is checked and shown; bob sees the buy-in before joining; carol is told the link is used up", async () => {
    const page = alice.page;
    await openTab(page, "Members");
    const uses = page.getByLabel(/^How many people may use the link/);
    for (const [typed, says] of [
      ["abc", /whole number/],
      ["0", /At least 1 person/],
    ] as const) {
      await uses.fill(typed);
      await page.getByRole("button", { name: "Create invite link" }).click();
      await expect(error(page).textContent()).resolves.toMatch(says);
    }
    await uses.fill("1");
    await page.getByRole("button", { name: "Create invite link" }).click();
    const link = await page.getByRole("textbox", { name: "Invite link" }).inputValue();
    await expect(textOf(page, "invite-limit")).resolves.toMatch(/^For 1 person · works until /);

    await bob.page.goto(link);
    await makeIdentity(bob.page, "Bob");
    await expect(textOf(bob.page, "join-buy-in")).resolves.toMatch(/Buy-in: \$20\.00/);
    await expect(textOf(bob.page, "join-admission")).resolves.toMatch(/admitted automatically/);
    await bob.page.getByText("Read the bylaws").click();
    const bylaws = (await bob.page.locator("details").first().textContent()) ?? "";
    expect(bylaws).not.toContain("never less than 0 hours");
    expect(bylaws).not.toContain("once another member admits them");
    await bob.page.getByRole("checkbox", { name: /I accept the bylaws/ }).check();
    await bob.page.getByRole("button", { name: `Join ${POOL}` }).click();
    await bob.page.getByRole("heading", { level: 1, name: POOL }).waitFor();
    await eventually(async () => expect(await textOf(bob.page, "buy-in-due")).toMatch(/not paid yet/), SYNC_MS);

    await carol.page.goto(link);
    await makeIdentity(carol.page, "Carol");
    await carol.page.getByText(/This invite link is used up: it was for 1 person/).waitFor({ timeout: SYNC_MS });
    expect(await carol.page.getByRole("button", { name: `Join ${POOL}` }).count()).toBe(0);

    await page.getByRole("button", { name: "New invite" }).click();
    await page.getByRole("button", { name: "Create invite link" }).click();
    const second = await page.getByRole("textbox", { name: "Invite link" }).inputValue();
    await carol.page.goto(second);
    await carol.page.getByRole("checkbox", { name: /I accept the bylaws/ }).check();
    await carol.page.getByRole("button", { name: `Join ${POOL}` }).click();
    await carol.page.getByRole("heading", { level: 1, name: POOL }).waitFor();
    await eventually(async () => expect(await textOf(carol.page, "buy-in-due")).toMatch(/not paid yet/), SYNC_MS);
  }, 120_000);

  it("each Confirm button names its entry; bob cancels his own mistake without anyone confirming it", async () => {
    for (const p of [bob, carol]) {
      await p.page.getByRole("link", { name: "Record my buy-in" }).click();
      await expect(p.page.getByLabel("Kind", { exact: true }).inputValue()).resolves.toBe("buy-in");
      await p.page.getByRole("button", { name: "Save contribution" }).click();
      await p.page.getByText("Buy-in from You").waitFor();
    }
    // bob types an extra zero, and cancels it himself before anyone confirms it.
    await bob.page.getByRole("button", { name: "Record a contribution" }).click();
    await bob.page.getByLabel(/^Amount/).fill("200");
    await bob.page.getByLabel("Kind", { exact: true }).selectOption("donation");
    await bob.page.getByRole("button", { name: "Save contribution" }).click();
    const mistake = bob.page.getByTestId("ledger-entry").filter({ hasText: "Donation from You" });
    await mistake.getByRole("button", { name: "Cancel entry…" }).click();
    await mistake.getByRole("button", { name: "Yes, cancel it" }).click();
    await mistake.getByText("Cancelled", { exact: true }).waitFor();
    const cancellation = bob.page.getByTestId("ledger-entry").filter({ hasText: "Cancellation of: Donation from You" });
    await expect(cancellation.locator(".amount").textContent()).resolves.toBe("$0.00");
    await expect(cancellation.getByText("Confirmed", { exact: true }).count()).resolves.toBe(1);

    await goPool(alice.page, "Ledger");
    // By name, not by count: bob's donation before its cancellation arrives makes two as well.
    const confirms = alice.page.getByRole("button", { name: /^Confirm entry/ });
    await eventually(async () => {
      const names = await confirms.evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label")));
      expect(names.sort()).toEqual([
        "Confirm entry: Buy-in of $20.00 from Bob",
        "Confirm entry: Buy-in of $20.00 from Carol",
      ]);
    }, SYNC_MS);
    const cancelled = alice.page.getByTestId("ledger-entry").filter({ hasText: "Donation from Bob" });
    await cancelled.getByText("Cancelled", { exact: true }).waitFor();
    expect(await cancelled.getByRole("button", { name: /^Confirm entry/ }).count()).toBe(0);
    await alice.page.getByRole("button", { name: "Confirm entry: Buy-in of $20.00 from Bob" }).click();
    await alice.page.getByRole("button", { name: "Confirm entry: Buy-in of $20.00 from Carol" }).click();
    await goPool(bob.page, "Ledger");
    await bob.page.getByRole("button", { name: "Confirm entry: Buy-in of $20.00 from Alice" }).click();
    for (const p of everyone()) await balanceIs(p.page, "$60.00");
  }, 120_000);

  it("a spend beyond the pool's money is warned when published; after voting No only No looks pressed", async () => {
    const page = alice.page;
    await goPool(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Kind of proposal").selectOption("spend");
    await page.getByLabel("Title").fill("Trail maps");
    await page.getByLabel(/^Amount/).fill("500");
    await page.getByLabel("Who will be paid").fill("Trail Shop");
    await expect(error(page).first().textContent()).resolves.toMatch(/The pool has \$60\.00 available/);
    await page.getByRole("button", { name: "Publish anyway" }).waitFor();
    await page.getByLabel(/^Amount/).fill("40");
    expect(await error(page).count()).toBe(0);
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: "Trail maps" }).waitFor();
    const proposalUrl = page.url();

    await bob.page.goto(proposalUrl);
    await bob.page.getByRole("button", { name: "Vote no" }).click();
    const pressed = async (name: string) =>
      bob.page.getByRole("button", { name, exact: true }).getAttribute("aria-pressed");
    await eventually(async () => expect(await pressed("Vote no")).toBe("true"));
    expect(await pressed("Vote yes")).toBe("false");
    const look = (name: string) =>
      bob.page
        .getByRole("button", { name, exact: true })
        .evaluate((b) => `${getComputedStyle(b).backgroundColor} ${getComputedStyle(b).color}`);
    expect(await look("Vote yes")).toBe(await look("Abstain"));
    expect(await look("Vote no")).not.toBe(await look("Abstain"));
    await bob.page.getByRole("button", { name: "Vote yes", exact: true }).click();
    await eventually(async () => expect(await pressed("Vote yes")).toBe("true"));
    for (const p of [carol.page, page]) {
      if (p !== page) await p.goto(proposalUrl);
      await tapVote(p);
    }
    await eventually(
      async () => expect(await textOf(page, "result")).toBe("Passed (provisional until sealed)"),
      SYNC_MS,
    );
    // 2 yes and 1 no passes too: alice seals only once her phone holds bob's changed vote, or the
    // seal would leave out a vote bob's phone holds and he could not confirm it.
    await eventually(async () => expect(await textOf(page, "vote-count")).toMatch(/^3 of 3 voted: 3 yes/), SYNC_MS);
    await page.getByRole("button", { name: "Seal the result" }).click();
    await eventually(async () => {
      await bob.page.getByRole("button", { name: "Confirm the result" }).click({ timeout: 1000 });
    }, SYNC_MS);
    await eventually(async () => expect(await textOf(page, "result")).toBe("Passed"), SYNC_MS);
  }, 120_000);

  it("a payout above what the spend has left is warned and needs 'Record anyway'; a payout shows as money out", async () => {
    const page = alice.page;
    await page.getByRole("link", { name: "Record the payout" }).click();
    const amount = page.getByLabel(/^Amount paid/);
    await expect(amount.inputValue()).resolves.toBe("40.00");
    await amount.fill("55");
    await expect(error(page).first().textContent()).resolves.toMatch(/\$15\.00 more than the approved spend has left/);
    await page.getByRole("button", { name: "Record anyway" }).waitFor();
    await amount.fill("40");
    expect(await page.getByRole("button", { name: "Record anyway" }).count()).toBe(0);
    await page.getByRole("button", { name: "Save payout" }).click();
    const payout = page.getByTestId("ledger-entry").filter({ hasText: "Payout to Trail Shop" });
    await payout.waitFor();
    const shown = ((await payout.locator(".amount").first().textContent()) ?? "").trim();
    expect(shown).toBe("\u2212$40.00");
    await goPool(bob.page, "Ledger");
    await bob.page.getByRole("button", { name: "Confirm entry: Payout of $40.00 to Trail Shop" }).click();
    for (const p of everyone()) await balanceIs(p.page, "$20.00");
  }, 90_000);

  it("the balance chart spans the pool's activity as steps and ends at the balance shown", async () => {
    const page = alice.page;
    await balanceIs(page, "$20.00");
    const chart = page.getByTestId("balance-chart");
    await expect(chart.getAttribute("aria-label")).resolves.toMatch(/to \$20\.00 now/);
    await expect(chart.textContent()).resolves.toContain("$20.00 now");
    const d = (await chart.locator("path.line").getAttribute("d")) ?? "";
    // A step line: only horizontal and vertical moves after the start.
    expect(d).toMatch(/^M [\d.]+ [\d.]+( [HV] [\d.]+)+$/);
    const xs = [...d.matchAll(/H ([\d.]+)/g)].map((m) => Number(m[1]));
    const width = Number((await chart.getAttribute("viewBox"))?.split(" ")[2]);
    // The first entry sits near the left, not in the last pixel of a fixed week.
    expect(Math.min(...xs)).toBeLessThan(width / 4);
    const heights = await chart.locator("text").allTextContents();
    expect(heights).toContain("$60.00");
    await page.screenshot({ path: path.join(SHOTS, "organizer-ledger.png"), fullPage: true });
  }, 60_000);

  it("withdrawing a proposal asks first", async () => {
    const page = alice.page;
    await goPool(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Title").fill("Picnic at the lake");
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: "Picnic at the lake" }).waitFor();
    await page.getByRole("button", { name: "Withdraw proposal…" }).click();
    await page.getByRole("button", { name: "Yes, withdraw it" }).waitFor();
    expect(await page.getByText("Withdrawn by its author.").count()).toBe(0);
    await page.getByRole("button", { name: "Keep it open" }).click();
    await page.getByRole("button", { name: "Withdraw proposal…" }).click();
    await page.getByRole("button", { name: "Yes, withdraw it" }).click();
    await page.getByText("Withdrawn by its author.").waitFor();
  }, 60_000);

  it("focus moves to the new screen's heading after each screen change", async () => {
    const page = alice.page;
    await goPool(page);
    for (const [tab, heading] of [
      ["Members", "Members"],
      ["Ledger", "Ledger"],
      ["Overview", POOL],
    ] as const) {
      await openTab(page, tab);
      await eventually(async () =>
        expect(
          await page.evaluate(
            () => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim()}`,
          ),
        ).toBe(`H1 ${heading}`),
      );
    }
  }, 60_000);

  it("at 200% zoom and at 320 px every main screen reflows, names wrap, no raw ids, and axe finds nothing serious", async () => {
    const page = bob.page;
    const proposal = `${poolUrl}/proposals`;
    const screens: [string, string][] = [
      ["home", server.url],
      ["overview", poolUrl],
      ["ledger", `${poolUrl}/ledger`],
      ["proposals", proposal],
      ["members", `${poolUrl}/members`],
    ];
    // 200% zoom on a 390×844 phone leaves 195×422 CSS pixels.
    for (const [label, size] of [
      ["zoom200", { width: 195, height: 422 }],
      ["w320", { width: 320, height: 640 }],
    ] as const) {
      await page.setViewportSize(size);
      for (const [name, url] of screens) {
        await page.goto(url);
        await page.locator("h1").first().waitFor();
        await page.getByText("Opening the pool…").waitFor({ state: "detached", timeout: SYNC_MS });
        await page.waitForLoadState("networkidle").catch(() => undefined);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} at ${label} scrolls sideways`).toBeLessThanOrEqual(0);
        const cut = await page.evaluate(() => {
          const h = document.querySelector("h1") as HTMLElement;
          return h.scrollWidth > h.clientWidth;
        });
        expect(cut, `${name} at ${label}: the title is cut`).toBe(false);
        // An event or member id is a long run of letters of both cases and digits.
        const words = (await page.locator("main").innerText()).split(/[^A-Za-z0-9_-]+/);
        const ids = words.filter((w) => w.length >= 16 && /\d/.test(w) && /[a-z]/.test(w) && /[A-Z]/.test(w));
        expect(ids, `${name} at ${label} shows a raw id`).toEqual([]);
        await page.screenshot({ path: path.join(SHOTS, `organizer-${name}-${label}.png`), fullPage: true });
        expect(await seriousViolations(page), `${name} at ${label}`).toEqual([]);
      }
    }
    await page.setViewportSize({ width: 390, height: 844 });
  }, 180_000);

  it("a half-filled budget round form survives the clock's tick", async () => {
    const page = carol.page;
    await goPool(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Kind of proposal").selectOption("round");
    await page.getByLabel("Title").fill("Gear round");
    const amount = page.getByLabel(/^Amount for the round/);
    await amount.fill("300");
    const form = await page.locator("form").first().elementHandle();
    // The app's clock ticks every 15 seconds: wait past one tick, then the form is still the same.
    await page.waitForTimeout(16_000);
    expect(await form?.evaluate((f) => f.isConnected)).toBe(true);
    await expect(amount.inputValue()).resolves.toBe("300");
    await expect(page.getByLabel("Title").inputValue()).resolves.toBe("Gear round");
  }, 60_000);

  it("the app offers to install itself, and a pool can be archived on this phone and brought back", async () => {
    const page = carol.page;
    await page.goto(server.url);
    await page.getByTestId("install-hint").waitFor();
    await page.evaluate(() => {
      const e = new Event("beforeinstallprompt", { cancelable: true }) as Event & {
        prompt: () => Promise<void>;
        userChoice: Promise<{ outcome: string }>;
      };
      e.prompt = async () => {
        (window as unknown as { prompted: boolean }).prompted = true;
      };
      e.userChoice = Promise.resolve({ outcome: "dismissed" });
      window.dispatchEvent(e);
    });
    await page.getByRole("button", { name: "Install Pools" }).click();
    expect(await page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(true);

    await goPool(page, "More");
    await page.getByRole("button", { name: "Archive this pool on this phone" }).click();
    await page.goto(server.url);
    await page.getByText("Archived on this phone (1)").click();
    expect(await page.getByRole("list", { name: "Your pools" }).getByText(POOL).count()).toBe(0);
    await page.getByRole("button", { name: `Unarchive ${POOL}` }).click();
    await page.getByRole("list", { name: "Your pools" }).getByText(POOL).waitFor();
    // Archiving is this phone's choice: bob still has the pool in his list.
    await bob.page.goto(server.url);
    await bob.page.getByRole("list", { name: "Your pools" }).getByText(POOL).waitFor();
  }, 60_000);
});
