/**
 * docs/rules.md §4 "Seal" in a real browser, with a real relay: alice and bob seal and confirm a
 * result without carol's vote (cast offline); back online, carol's phone shows the result as
 * contested and offers her "Restore my vote"; she taps it and every phone shows the restored count.
 * The phones' clocks are moved forward together (Playwright's clock) so voting closes and the
 * late-vote window passes without waiting hours.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
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
const TITLE = "Buy a tent";
const SHOTS = path.join(ROOT, "test-artifacts", "restore");

describe("rules §4 seal: a voter left out restores their vote", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let carol: Phone;
  let phones: Phone[];
  const start = Date.now();

  /** Moves every phone's clock forward by the same jump, firing the timers due (they keep running). */
  async function clocksForward(ms: number) {
    for (const p of phones) await p.page.clock.fastForward(ms);
  }

  async function openProposal(p: Phone) {
    await openTab(p.page, "Proposals");
    await p.page.getByRole("link", { name: new RegExp(TITLE) }).click();
    await p.page.getByRole("heading", { name: TITLE }).waitFor();
  }

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    carol = await newPhone(browser, "carol");
    phones = [alice, bob, carol];
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
    await openTab(alice.page, "Overview"); // a fresh Members screen offers a fresh invite
    await joinByLink(carol.page, await createInvite(alice.page), "Carol", POOL);
    for (const p of phones) {
      await openTab(p.page, "Members");
      await eventually(
        async () => expect(await p.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(3),
        60_000,
      );
    }
  }, 180_000);

  it("carol votes offline; alice and bob vote, seal and confirm without her vote", async () => {
    await openTab(alice.page, "Proposals");
    await alice.page.getByRole("link", { name: "New proposal" }).click();
    await alice.page.getByLabel("Title").fill(TITLE);
    await alice.page.getByLabel(/^Voting stays open for/).fill("1");
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: TITLE }).waitFor();
    await openProposal(bob);
    await openProposal(carol);

    await carol.context.setOffline(true);
    await expectSync(carol.page, /Offline/);
    await carol.page.getByRole("button", { name: "Vote no" }).click();
    await tapVote(alice.page);
    await tapVote(bob.page);
    for (const p of [alice, bob])
      await eventually(async () => expect(await textOf(p.page, "vote-count")).toMatch(/^2 of 3 voted: 2 yes/), 30_000);

    // Voting closes after an hour; alice seals the two votes her phone holds.
    await clocksForward(61 * MINUTE);
    await alice.page.getByRole("button", { name: "Seal the result" }).click({ timeout: 60_000 });
    // After the late-vote window (an hour under meetup rules), bob confirms.
    await clocksForward(62 * MINUTE);
    await bob.page.getByRole("button", { name: "Confirm the result" }).click({ timeout: 60_000 });
    for (const p of [alice, bob]) {
      await eventually(async () => expect(await textOf(p.page, "result")).toBe("Passed"), 30_000);
      await eventually(async () => expect(await textOf(p.page, "vote-count")).toMatch(/^2 of 3 voted: 2 yes, 0 no/));
    }
  }, 240_000);

  it("back online, carol's phone shows the result contested and offers the restore; every phone shows it restored", async () => {
    await carol.context.setOffline(false);
    await expectSync(carol.page, /^Online/);
    const contested = carol.page.getByTestId("contested");
    await contested.waitFor({ timeout: 60_000 });
    expect(await textOf(carol.page, "contested")).toMatch(/^Contested: this phone holds 1 vote/);
    await carol.page.getByRole("button", { name: "Restore my vote" }).waitFor();
    await carol.page.getByTestId("contested").scrollIntoViewIfNeeded();
    await carol.page.screenshot({ path: path.join(SHOTS, "contested.png") });
    expect(await seriousViolations(carol.page)).toEqual([]);
    // alice's and bob's phones now hold carol's vote too: they show the result contested as well.
    for (const p of [alice, bob]) await p.page.getByTestId("contested").waitFor({ timeout: 60_000 });

    await carol.page.getByRole("button", { name: "Restore my vote" }).click();
    for (const p of phones) {
      await eventually(
        async () => expect(await textOf(p.page, "vote-count")).toMatch(/^3 of 3 voted: 2 yes, 1 no/),
        60_000,
      );
      await eventually(async () => expect(await p.page.getByTestId("contested").count()).toBe(0));
      expect(await textOf(p.page, "result")).toBe("Passed");
    }
    await carol.page.getByText("How each member voted").click();
    await carol.page.getByText("restored", { exact: true }).waitFor();
    expect(await seriousViolations(carol.page)).toEqual([]);
    // On alice's phone carol's vote came in after the close: it says so.
    await alice.page.getByText("How each member voted").click();
    await alice.page.getByText("arrived after the close").waitFor();
    await alice.page.screenshot({ path: path.join(SHOTS, "restored-alice.png"), fullPage: true });
    expect(await seriousViolations(alice.page)).toEqual([]);
  }, 240_000);
});
