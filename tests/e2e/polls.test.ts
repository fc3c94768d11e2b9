/**
 * docs/rules.md §11 in a real browser with a real relay: a ranked poll and a meeting-time poll
 * voted on three phones, one of them offline until after voting; dues set by a rules proposal
 * and a reminder shown only to the member who owes; the "needs you" list on the home screen.
 * Every new screen is checked with axe, and screenshots go to test-artifacts/polls.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { seriousViolations } from "./support/axe.ts";
import { ROOT } from "./support/build.ts";
import {
  createInvite,
  eventually,
  expectSync,
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
const MINUTE = 60_000;
const SHOTS = path.join(ROOT, "test-artifacts", "polls");

describe("rules §11 polls, dues and reminders on three phones", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let carol: Phone;
  let phones: Phone[];
  const start = Date.now();

  async function clocksForward(ms: number) {
    for (const p of phones) await p.page.clock.fastForward(ms);
  }

  async function openProposal(p: Phone, title: string) {
    await openTab(p.page, "Proposals");
    await p.page.getByRole("link", { name: new RegExp(title) }).click();
    await p.page.getByRole("heading", { name: title }).waitFor();
  }

  /** alice writes a poll with these options through the New proposal screen. */
  async function newPoll(page: Page, question: string, method: string, options: string[]) {
    await openTab(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Kind of proposal").selectOption({ label: "Poll" });
    await page.getByLabel("Question", { exact: true }).fill(question);
    await page.getByLabel("How members answer").selectOption({ label: method });
    for (let i = 2; i < options.length; i++) await page.getByRole("button", { name: /^Add / }).click();
    const labels = method === "Find a meeting time" ? "Date and time" : "Option";
    for (const [i, o] of options.entries()) await page.getByLabel(`${labels} ${i + 1}`, { exact: true }).fill(o);
    await page.getByLabel(/^Voting stays open for/).fill("2");
    await page.screenshot({ path: path.join(SHOTS, `new-${method.split(" ")[0]?.toLowerCase()}.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: question }).waitFor();
  }

  async function castAndWait(page: Page) {
    await page.getByRole("button", { name: "Cast my ballot" }).click();
    await page.getByTestId("my-ballot").or(page.getByTestId("poll-results")).first().waitFor();
  }

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    carol = await newPhone(browser, "carol");
    phones = [alice, bob, carol];
    // Watch the app badge on bob's phone: the real Badging API still runs, each count is noted.
    await bob.context.addInitScript(() => {
      const nav = navigator as Navigator & { setAppBadge?: (n?: number) => Promise<void> };
      const real = nav.setAppBadge?.bind(nav);
      if (!real) return;
      const seen: (number | undefined)[] = [];
      (window as unknown as { badges: typeof seen }).badges = seen;
      nav.setAppBadge = (n?: number) => {
        seen.push(n);
        return real(n);
      };
    });
    for (const p of phones) {
      await p.context.clock.install({ time: start });
      await p.context.clock.resume();
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("alice founds the pool; bob and carol join by her links", async () => {
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, POOL, { meetup: true });
    await joinByLink(bob.page, await createInvite(alice.page), "Bob", POOL);
    await openTab(alice.page, "Overview");
    await joinByLink(carol.page, await createInvite(alice.page), "Carol", POOL);
    for (const p of phones) {
      await openTab(p.page, "Members");
      await eventually(
        async () => expect(await p.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(3),
        60_000,
      );
    }
  }, 180_000);

  it("a ranked poll: bob moves with buttons, carol drags offline; every phone shows the same three rounds", async () => {
    const question = "Where do we hike in spring?";
    await newPoll(alice.page, question, "Rank them (instant runoff)", ["Coast", "Hills", "Lake", "Ridge"]);
    await openProposal(bob, question);
    await openProposal(carol, question);
    await carol.context.setOffline(true);
    await expectSync(carol.page, /Offline/);

    // "Add to calendar": the close as an iCalendar file.
    const [ics] = await Promise.all([
      bob.page.waitForEvent("download"),
      bob.page.getByRole("button", { name: "Add to calendar" }).click(),
    ]);
    expect(ics.suggestedFilename()).toMatch(/\.ics$/);
    const icsText = fs.readFileSync(await ics.path(), "utf8");
    expect(icsText).toMatch(/^BEGIN:VCALENDAR/);
    expect(icsText).toContain(`SUMMARY:Voting closes: ${question.replace(/,/g, "\\,")}`);

    // bob, by keyboard-friendly buttons: Lake up twice → Lake, Coast, Hills, Ridge.
    await bob.page.getByRole("button", { name: "Move Lake up" }).click();
    await bob.page.getByRole("button", { name: "Move Lake up" }).click();
    expect(
      await bob.page
        .getByRole("list", { name: /Your ranking/ })
        .getByRole("listitem")
        .allInnerTexts(),
    ).toEqual([
      expect.stringContaining("Lake"),
      expect.stringContaining("Coast"),
      expect.stringContaining("Hills"),
      expect.stringContaining("Ridge"),
    ]);
    await bob.page.screenshot({ path: path.join(SHOTS, "ranked-vote.png"), fullPage: true });
    expect(await seriousViolations(bob.page)).toEqual([]);
    await castAndWait(bob.page);

    // carol, offline, drags Ridge to the top with her thumb (touch events through the DevTools
    // protocol), then Lake just below it with a mouse: Ridge, Lake, Coast, Hills.
    const items = carol.page.getByRole("list", { name: /Your ranking/ }).getByRole("listitem");
    const cdp = await carol.context.newCDPSession(carol.page);
    const drag = async (name: string, to: number, by: "thumb" | "mouse") => {
      // In the middle of the screen: clear of the top bar and the tabs at the bottom.
      await carol.page
        .getByRole("list", { name: /Your ranking/ })
        .evaluate((el) => el.scrollIntoView({ block: "center" }));
      const handle = carol.page.locator(`.ranking-item:has-text("${name}") .drag-handle`);
      const from = await handle.boundingBox();
      const target = await items.nth(to).boundingBox();
      if (!from || !target) throw new Error("the ranking is not on screen");
      const x = from.x + from.width / 2;
      const y0 = from.y + from.height / 2;
      const y1 = target.y + 4;
      if (by === "mouse") {
        await carol.page.mouse.move(x, y0);
        await carol.page.mouse.down();
        await carol.page.mouse.move(x, y1, { steps: 8 });
        await carol.page.mouse.up();
        return;
      }
      const at = (y: number) => ({ touchPoints: [{ x, y, id: 1 }] });
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", ...at(y0) });
      for (let k = 1; k <= 8; k++)
        await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", ...at(y0 + ((y1 - y0) * k) / 8) });
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    };
    await drag("Ridge", 0, "thumb");
    await drag("Lake", 1, "mouse");
    await eventually(async () =>
      expect((await items.allInnerTexts()).map((t) => t.replace(/[^A-Za-z]/g, ""))).toEqual([
        "Ridge",
        "Lake",
        "Coast",
        "Hills",
      ]),
    );
    await castAndWait(carol.page);

    // alice keeps the written order: Coast, Hills, Lake, Ridge.
    await castAndWait(alice.page);
    await carol.context.setOffline(false);
    await expectSync(carol.page, /^Online/);
    // Round 1: Coast 1, Hills 0, Lake 1, Ridge 1 → Hills out; round 2 a three-way tie → Ridge
    // (listed last) out, carol's ballot moves to Lake; round 3: Lake 2 of 3 wins.
    for (const p of phones) {
      await eventually(async () => expect(await textOf(p.page, "vote-count")).toBe("3 of 3 voted."), 60_000);
      await eventually(async () => expect(await textOf(p.page, "poll-leader")).toBe("Lake"));
      expect(await p.page.getByRole("region", { name: /^Round \d$/ }).count()).toBe(3);
    }
    await alice.page.getByTestId("poll-results").scrollIntoViewIfNeeded();
    await alice.page.screenshot({ path: path.join(SHOTS, "ranked-results.png"), fullPage: true });
    expect(await seriousViolations(alice.page)).toEqual([]);
  }, 300_000);

  it("a meeting-time poll: yes / if need be / no per date, bob offline until after voting; the date with more 'if need be' wins the tie", async () => {
    const question = "When do we meet to plan?";
    await newPoll(alice.page, question, "Find a meeting time", [
      "2027-03-05T18:00",
      "2027-03-06T18:00",
      "2027-03-07T10:00",
    ]);
    await openProposal(bob, question);
    await openProposal(carol, question);
    await bob.context.setOffline(true);
    await expectSync(bob.page, /Offline/);
    const dates = await alice.page.locator("legend.poll-line-label").allInnerTexts();
    expect(dates).toHaveLength(3);
    const mark = async (p: Phone, answers: string[]) => {
      for (const [i, a] of answers.entries())
        await p.page.getByRole("button", { name: `${dates[i]}: ${a}`, exact: true }).click();
      await castAndWait(p.page);
    };
    await mark(bob, ["Yes", "If need be", "Yes"]);
    await bob.page.screenshot({ path: path.join(SHOTS, "meeting-vote.png"), fullPage: true });
    expect(await seriousViolations(bob.page)).toEqual([]);
    await mark(alice, ["Yes", "Yes", "No"]);
    await mark(carol, ["No", "Yes", "If need be"]);
    await bob.context.setOffline(false);
    await expectSync(bob.page, /^Online/);
    // Yes: 2, 2, 1; the first two tie, and the second has one more "if need be".
    for (const p of phones) {
      await eventually(async () => expect(await textOf(p.page, "vote-count")).toBe("3 of 3 voted."), 60_000);
      await eventually(async () => expect(await textOf(p.page, "poll-leader")).toBe(dates[1]));
    }
    await carol.page.getByTestId("poll-results").scrollIntoViewIfNeeded();
    await carol.page.screenshot({ path: path.join(SHOTS, "meeting-results.png"), fullPage: true });
    expect(await seriousViolations(carol.page)).toEqual([]);
  }, 300_000);

  it("a score poll and a choose-several poll: 0–5 segmented buttons and big toggles, counted alike on every phone", async () => {
    const scoreQ = "How good were the trips?";
    await newPoll(alice.page, scoreQ, "Score each from 0 to 5", ["Coast walk", "Lake camp"]);
    await openProposal(bob, scoreQ);
    await openProposal(carol, scoreQ);
    const score = async (p: Phone, a: number, b: number) => {
      await p.page.getByRole("button", { name: `Coast walk: ${a} of 5` }).click();
      await p.page.getByRole("button", { name: `Lake camp: ${b} of 5` }).click();
      await castAndWait(p.page);
    };
    await score(alice, 5, 3);
    await score(bob, 2, 4);
    await bob.page.screenshot({ path: path.join(SHOTS, "score-vote.png"), fullPage: true });
    expect(await seriousViolations(bob.page)).toEqual([]);
    await score(carol, 1, 4);
    // Sums: Coast 8, Lake 11.
    for (const p of phones) {
      await eventually(async () => expect(await textOf(p.page, "poll-leader")).toBe("Lake camp"), 60_000);
      await eventually(async () =>
        expect(await textOf(p.page, "poll-results")).toMatch(/11 points, average 3\.66 of 5/),
      );
    }

    const manyQ = "Which evenings suit you?";
    await openTab(alice.page, "Proposals");
    await alice.page.getByRole("link", { name: "New proposal" }).click();
    await alice.page.getByLabel("Kind of proposal").selectOption({ label: "Poll" });
    await alice.page.getByLabel("Question", { exact: true }).fill(manyQ);
    await alice.page.getByLabel("How members answer").selectOption({ label: "Choose several" });
    await alice.page.getByLabel("Most options one member may choose").fill("2");
    await alice.page.getByRole("button", { name: /^Add / }).click();
    for (const [i, o] of ["Monday", "Tuesday", "Friday"].entries())
      await alice.page.getByLabel(`Option ${i + 1}`, { exact: true }).fill(o);
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: manyQ }).waitFor();
    await openProposal(bob, manyQ);
    await openProposal(carol, manyQ);
    const choose = async (p: Phone, days: string[]) => {
      for (const d of days) await p.page.getByRole("button", { name: d, exact: true }).click();
      await castAndWait(p.page);
    };
    await choose(alice, ["Monday", "Friday"]);
    // bob taps three: the third does nothing, two at most. Each tap is seen on screen before the next.
    const pressed = (day: string) =>
      bob.page.getByRole("button", { name: day, exact: true }).getAttribute("aria-pressed");
    for (const day of ["Tuesday", "Friday"]) {
      await bob.page.getByRole("button", { name: day, exact: true }).click();
      await eventually(async () => expect(await pressed(day)).toBe("true"));
    }
    await bob.page.getByRole("button", { name: "Monday", exact: true }).click();
    expect(await bob.page.getByRole("button", { name: "Monday", exact: true }).getAttribute("aria-pressed")).toBe(
      "false",
    );
    await castAndWait(bob.page);
    await choose(carol, ["Friday"]);
    for (const p of phones)
      await eventually(async () => expect(await textOf(p.page, "poll-leader")).toBe("Friday"), 60_000);
    await carol.page.screenshot({ path: path.join(SHOTS, "choose-many-results.png"), fullPage: true });
    expect(await seriousViolations(carol.page)).toEqual([]);
  }, 300_000);

  it("dues set by a rules proposal: bob sees the reminder and it is in his 'needs you'; alice, once paid, does not", async () => {
    const title = "Dues of 10 a month";
    await openTab(alice.page, "Proposals");
    await alice.page.getByRole("link", { name: "New proposal" }).click();
    await alice.page.getByLabel("Kind of proposal").selectOption({ label: "Rules change" });
    await alice.page.getByLabel("Title").fill(title);
    await alice.page.getByLabel("Dues", { exact: true }).selectOption({ label: "Every month" });
    await alice.page.getByLabel(/^Dues per period/).fill("10");
    await alice.page.getByLabel(/^Dues per period/).blur();
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: title }).waitFor();
    await openProposal(bob, title);
    await openProposal(carol, title);
    for (const p of phones) await tapVote(p.page);
    await alice.page.getByRole("button", { name: "Seal the result" }).click({ timeout: 60_000 });
    await clocksForward(62 * MINUTE);
    await bob.page.getByRole("button", { name: "Confirm the result" }).click({ timeout: 60_000 });

    for (const p of [alice, bob]) {
      await openTab(p.page, "Members");
      await eventually(
        async () => expect(await textOf(p.page, "dues-reminder")).toMatch(/^You owe \$10\.00 in dues/),
        60_000,
      );
    }
    // alice pays; carol confirms it (the entry is in carol's "needs you").
    await openTab(alice.page, "Ledger");
    await alice.page.getByRole("button", { name: "Record a contribution" }).click();
    await alice.page.getByLabel(/^Amount/).fill("10");
    // The pool collects dues: a member's contribution is dues unless they say otherwise.
    expect(await alice.page.getByLabel("Kind").inputValue()).toBe("dues");
    await alice.page.getByRole("button", { name: "Save contribution" }).click();
    await carol.page.goto(`${server.url}#/`);
    const carolNeeds = carol.page.getByRole("list", { name: /^Needs you/ });
    await carolNeeds.getByRole("link", { name: /Confirm a ledger entry/ }).click({ timeout: 60_000 });
    await carol.page.getByRole("button", { name: "Confirm entry" }).click();

    await openTab(alice.page, "Members");
    await eventually(async () => expect(await alice.page.getByTestId("dues-reminder").count()).toBe(0), 60_000);
    await eventually(async () =>
      expect(await alice.page.getByRole("list", { name: "Members" }).textContent()).toMatch(/Dues paid through/),
    );
    expect(await textOf(bob.page, "dues-reminder")).toMatch(/^You owe \$10\.00 in dues/);
    await bob.page.screenshot({ path: path.join(SHOTS, "dues-members-bob.png"), fullPage: true });
    expect(await seriousViolations(bob.page)).toEqual([]);
    await bob.page.goto(`${server.url}#/`);
    const bobNeeds = bob.page.getByRole("list", { name: /^Needs you/ });
    await eventually(async () => expect(await bobNeeds.textContent()).toMatch(/You owe \$10\.00 in dues/), 60_000);
    await bob.page.screenshot({ path: path.join(SHOTS, "home-needs-you-bob.png"), fullPage: true });
    // The installed app's badge shows the same count as the list (both read again: carol's
    // confirmation may still be on its way and take an item off the list).
    await eventually(async () => {
      const listed = await bobNeeds.getByRole("listitem").count();
      expect(await bob.page.evaluate(() => (window as unknown as { badges: number[] }).badges.at(-1))).toBe(listed);
    });
    expect(await seriousViolations(bob.page)).toEqual([]);
    await alice.page.goto(`${server.url}#/`);
    await alice.page.getByRole("heading", { name: "Your pools" }).waitFor();
    expect(await alice.page.getByText(/You owe .* in dues/).count()).toBe(0);
  }, 300_000);
});
