/**
 * docs/rules.md §1 in a real browser: alice founds a pool and invites bob; bob joins by the link on
 * his own phone; alice proposes a spend; both phones go offline and both vote, each showing the
 * count it knows; back online, both show the same passed result; alice seals it and bob
 * confirms; alice records the payout, bob confirms it, and both ledgers show the same balance.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
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
  textOf,
} from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

const POOL = "Hiking Club Pool";

describe("the meetup with no signal", () => {
  let server: AppServer;
  let browser: Browser;
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

  it("alice founds the pool and bob joins by her invite link", async () => {
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, POOL, { meetup: true, purpose: "Gear and trips" });
    const link = await createInvite(alice.page);
    expect(link).toContain("#/join?");

    await joinByLink(bob.page, link, "Bob", POOL);
    // Under automatic admission alice's phone admits bob as soon as it sees his join.
    await openTab(bob.page, "Members");
    await eventually(async () =>
      expect(await bob.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(2),
    );
    await openTab(alice.page, "Members");
    await eventually(async () =>
      expect(await alice.page.getByRole("list", { name: "Members" }).getByText("Bob", { exact: true }).count()).toBe(1),
    );
  }, 120_000);

  it("alice records her dues and bob confirms them", async () => {
    await openTab(alice.page, "Ledger");
    await alice.page.getByRole("button", { name: "Record a contribution" }).click();
    await alice.page.getByLabel(/^Amount/).fill("500");
    await alice.page.getByLabel("Kind", { exact: true }).selectOption("dues");
    await alice.page.getByRole("button", { name: "Save contribution" }).click();
    await alice.page.getByText("Dues from You").waitFor();

    await openTab(bob.page, "Ledger");
    // The genesis carries the founder's display name, so bob's phone knows who alice is.
    await bob.page.getByText("Dues from Alice").waitFor();
    await bob.page.getByRole("button", { name: "Confirm entry" }).click();
    for (const p of [alice, bob])
      await eventually(async () => expect(await textOf(p.page, "ledger-balance")).toBe("$500.00"));
  }, 60_000);

  it("both vote offline, each phone counts what it holds, and online both show the same result", async () => {
    await openTab(alice.page, "Proposals");
    await alice.page.getByRole("link", { name: "New proposal" }).click();
    await alice.page.getByLabel("Kind of proposal").selectOption("spend");
    await alice.page.getByLabel("Title").fill("Buy two tents");
    await alice.page.getByLabel(/^Amount/).fill("340");
    await alice.page.getByLabel("Who will be paid").fill("Outdoor Store");
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: "Buy two tents" }).waitFor();

    await openTab(bob.page, "Proposals");
    await bob.page.getByRole("link", { name: /Buy two tents/ }).click();
    await bob.page.getByRole("heading", { name: "Buy two tents" }).waitFor();

    await alice.context.setOffline(true);
    await bob.context.setOffline(true);
    await expectSync(alice.page, /Offline/);
    await expectSync(bob.page, /Offline/);

    await alice.page.getByRole("button", { name: "Vote yes" }).click();
    await bob.page.getByRole("button", { name: "Vote yes" }).click();
    for (const p of [alice, bob]) {
      await eventually(async () => expect(await textOf(p.page, "vote-count")).toMatch(/^1 of 2 voted: 1 yes/));
      await expectSync(p.page, /changes waiting/);
    }

    await alice.context.setOffline(false);
    await bob.context.setOffline(false);
    for (const p of [alice, bob]) {
      await eventually(async () => expect(await textOf(p.page, "vote-count")).toMatch(/^2 of 2 voted: 2 yes/), 30_000);
      await eventually(async () => expect(await textOf(p.page, "result")).toBe("Passed (provisional until sealed)"));
      await expectSync(p.page, /^Online/);
    }
  }, 90_000);

  it("alice seals the result, bob confirms it, and it is final on both phones", async () => {
    await alice.page.getByRole("button", { name: "Seal the result" }).click();
    await bob.page.getByRole("button", { name: "Confirm the result" }).click();
    for (const p of [alice, bob]) await eventually(async () => expect(await textOf(p.page, "result")).toBe("Passed"));
  }, 60_000);

  it("alice records the payout, bob confirms it, and both ledgers show the same balance", async () => {
    await alice.page.getByRole("link", { name: "Record the payout" }).click();
    await expect(alice.page.getByLabel("Amount paid (USD)").inputValue()).resolves.toBe("340.00");
    await alice.page.getByRole("button", { name: "Save payout" }).click();
    await alice.page.getByText(/Payout to Outdoor Store/).waitFor();

    await bob.page.getByRole("navigation", { name: "Pool sections" }).getByRole("link", { name: "Ledger" }).click();
    const payout = bob.page.getByRole("listitem").filter({ hasText: "Payout to Outdoor Store" });
    await payout.getByRole("button", { name: "Confirm entry" }).click();
    for (const p of [alice, bob]) {
      await eventually(async () => expect(await textOf(p.page, "ledger-balance")).toBe("$160.00"));
      await expect(p.page.getByText("Not authorised").count()).resolves.toBe(0);
    }
  }, 60_000);
});
