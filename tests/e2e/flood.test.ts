/**
 * docs/rules.md §5 in a real browser: alice's pool (with bob) and carol's pool (with dave) form a
 * flood. Each pool votes to join and records its join in the flood; each pool pays its share to
 * the flood and the flood records the transfer; a flood spend passes with votes from both pools,
 * is sealed, confirmed, paid out and confirmed; all four phones show the same flood balance.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { seriousViolations } from "./support/axe.ts";
import { ROOT } from "./support/build.ts";
import {
  createInvite,
  eventually,
  foundPool,
  joinByLink,
  makeIdentity,
  newPhone,
  openTab,
  type Phone,
  textOf,
} from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

const SHOTS = path.join(ROOT, "test-artifacts", "screens");
const POOL_A = "Hiking Club Pool";
const POOL_B = "Garden Pool";
const FLOOD = "River Cleanup Flood";

describe("two pools form a flood", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let carol: Phone;
  let dave: Phone;
  let floodLink = "";
  let floodUrl = "";

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    carol = await newPhone(browser, "carol");
    dave = await newPhone(browser, "dave");
  }, 180_000);

  afterEach(async (ctx) => {
    // On a failure, what each phone showed: the reason a command was refused is on the screen.
    if (ctx.task.result?.state === "fail")
      for (const p of [alice, bob, carol, dave])
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

  const flooded = () => [alice, bob, carol, dave];

  /** Opens the same screen on another phone, by its address (as if the link were sent over). */
  async function openSame(from: Page, to: Page): Promise<void> {
    await to.goto(from.url());
  }

  async function voteYes(page: Page): Promise<void> {
    await page.getByRole("button", { name: "Vote yes" }).click();
  }

  /** The proposal on `proposer`'s screen: everyone votes yes, `sealer` seals, `confirmer` confirms. */
  async function passOnEveryPhone(proposer: Page, voters: Page[], sealer: Page, confirmer: Page): Promise<void> {
    for (const p of voters) {
      if (p !== proposer) await openSame(proposer, p);
      await voteYes(p);
    }
    await eventually(
      async () => expect(await textOf(sealer, "result")).toBe("Passed (provisional until sealed)"),
      30_000,
    );
    await sealer.getByRole("button", { name: "Seal the result" }).click();
    await eventually(async () => {
      await confirmer.getByRole("button", { name: "Confirm the result" }).click({ timeout: 1000 });
    }, 30_000);
    for (const p of [sealer, confirmer])
      await eventually(async () => expect(await textOf(p, "result")).toBe("Passed"), 30_000);
  }

  async function recordDues(payer: Page, confirmer: Page, amount: string, balance: string): Promise<void> {
    await openTab(payer, "Ledger");
    await payer.getByRole("button", { name: "Record a contribution" }).click();
    await payer.getByLabel(/^Amount/).fill(amount);
    await payer.getByLabel("Kind", { exact: true }).selectOption("dues");
    await payer.getByRole("button", { name: "Save contribution" }).click();
    await payer.getByText("Dues from You").waitFor();
    await openTab(confirmer, "Ledger");
    await confirmer.getByRole("button", { name: "Confirm entry" }).click();
    for (const p of [payer, confirmer])
      await eventually(async () => expect(await textOf(p, "ledger-balance")).toBe(balance));
  }

  it("alice's pool (with bob) and carol's pool (with dave), each with money", async () => {
    for (const [founder, name, member, memberName, pool] of [
      [alice, "Alice", bob, "Bob", POOL_A],
      [carol, "Carol", dave, "Dave", POOL_B],
    ] as const) {
      await founder.page.goto(server.url);
      await makeIdentity(founder.page, name);
      await foundPool(founder.page, pool, { meetup: true });
      const link = await createInvite(founder.page);
      await joinByLink(member.page, link, memberName, pool);
      await openTab(member.page, "Members");
      await eventually(async () =>
        expect(await member.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(2),
      );
    }
    await recordDues(alice.page, bob.page, "500", "$500.00");
    await recordDues(carol.page, dave.page, "400", "$400.00");
  }, 180_000);

  it("alice starts a flood from her pool and gets its link", async () => {
    await openTab(alice.page, "Overview");
    await alice.page.getByRole("link", { name: "Start a flood" }).click();
    await alice.page.getByLabel("Flood name").fill(FLOOD);
    await alice.page.getByLabel(/^Purpose/).fill("Clean the river together.");
    await alice.page.getByRole("button", { name: "Start the flood" }).click();
    await alice.page.getByRole("heading", { level: 1, name: FLOOD }).waitFor();
    floodUrl = alice.page.url();
    floodLink = await alice.page.getByRole("textbox", { name: "Flood link" }).inputValue();
    expect(floodLink).toContain("#/flood?doc=");
    expect(floodLink).not.toContain("k=");
    await alice.page.goto(server.url);
    await alice.page.getByRole("list", { name: "Your floods" }).getByText(FLOOD).waitFor();
  }, 60_000);

  it("each pool votes to join, and a member records the join in the flood", async () => {
    // Pool A: alice proposes from her pool with the pasted link.
    await alice.page.getByRole("list", { name: "Your pools" }).getByText(POOL_A).click();
    await alice.page.getByRole("link", { name: "Join a flood" }).click();
    await alice.page.getByLabel("Flood link").fill(floodLink);
    await alice.page.getByLabel(/^Amount the pool commits/).fill("300");
    await alice.page.getByLabel(/^Voting stays open/).fill("1");
    await alice.page.getByLabel("Title").fill("Join the river flood");
    await alice.page.getByRole("button", { name: "Propose joining" }).click();
    await alice.page.getByRole("heading", { name: "Join the river flood" }).waitFor();
    await alice.page.getByText("committing up to $300.00").waitFor();
    await passOnEveryPhone(alice.page, [alice.page, bob.page], alice.page, bob.page);
    await openTab(alice.page, "Overview");
    await alice.page.getByRole("button", { name: "Record that we joined" }).click();
    await alice.page.getByRole("heading", { level: 1, name: FLOOD }).waitFor();
    await eventually(async () => expect(await textOf(alice.page, "flood-members")).toBe("2"));

    // bob never got the flood's link: his pool's passed join brings the flood to his phone, and
    // he sees the join already recorded instead of being offered to record it again.
    await bob.page.goto(server.url);
    await bob.page.getByRole("list", { name: "Your pools" }).getByText(POOL_A).click();
    const bobsFloods = bob.page.getByRole("region", { name: "Floods" });
    await bobsFloods.getByText("our join is already recorded").waitFor({ timeout: 30_000 });
    expect(await bobsFloods.getByRole("button", { name: "Record that we joined" }).count()).toBe(0);
    await bobsFloods.getByRole("link", { name: FLOOD }).click();
    await bob.page.getByRole("heading", { level: 1, name: FLOOD }).waitFor();
    await eventually(async () => expect(await textOf(bob.page, "flood-pools")).toBe("1"), 30_000);

    // Pool B: carol opens the flood link she was sent and proposes from there.
    await carol.page.goto(floodLink);
    await carol.page.getByRole("link", { name: `Propose that ${POOL_B} joins` }).click();
    await expect(carol.page.getByLabel("Flood link").inputValue()).resolves.toContain("#/flood?doc=");
    await carol.page.getByLabel(/^Amount the pool commits/).fill("200");
    await carol.page.getByLabel("Title").fill("Join the river flood");
    await carol.page.getByRole("button", { name: "Propose joining" }).click();
    await carol.page.getByRole("heading", { name: "Join the river flood" }).waitFor();
    await passOnEveryPhone(carol.page, [carol.page, dave.page], carol.page, dave.page);

    // dave's phone has the flood as soon as the join passed; he goes offline and records the
    // join too, while carol records it online: the flood still counts pool B once.
    await dave.page.goto(server.url);
    await dave.page.getByRole("list", { name: "Your pools" }).getByText(POOL_B).click();
    const davesRecord = dave.page
      .getByRole("region", { name: "Floods" })
      .getByRole("button", { name: "Record that we joined" });
    await davesRecord.waitFor({ timeout: 30_000 });
    await dave.context.setOffline(true);
    await openTab(carol.page, "Overview");
    await carol.page.getByRole("button", { name: "Record that we joined" }).click();
    await carol.page.getByRole("heading", { level: 1, name: FLOOD }).waitFor();
    await davesRecord.click();
    await dave.page.getByRole("heading", { level: 1, name: FLOOD }).waitFor();
    await dave.context.setOffline(false);
    await openTab(dave.page, "Members");
    await eventually(async () =>
      expect(
        await dave.page
          .getByRole("list", { name: `Members of ${POOL_A}` })
          .getByRole("listitem")
          .allInnerTexts(),
      ).toEqual(expect.arrayContaining(["Alice", "Bob"])),
    );
    for (const p of flooded()) {
      await p.page.goto(floodUrl);
      await eventually(async () => expect(await textOf(p.page, "flood-members")).toBe("4"), 30_000);
      await eventually(async () => expect(await textOf(p.page, "flood-pools")).toBe("2"), 30_000);
    }
  }, 240_000);

  it("each pool pays its share to the flood, and the flood records the transfer", async () => {
    for (const [payer, confirmer, floodConfirmer, pool, amount] of [
      [alice, bob, carol, POOL_A, "$300.00"],
      [carol, dave, alice, POOL_B, "$200.00"],
    ] as const) {
      await payer.page.goto(server.url);
      await payer.page.getByRole("list", { name: "Your pools" }).getByText(pool).click();
      await openTab(payer.page, "Proposals");
      await payer.page.getByRole("link", { name: /Join/ }).first().click();
      await payer.page.getByRole("link", { name: "Record the payout" }).click();
      await expect(payer.page.getByLabel(/^Amount paid/).inputValue()).resolves.toBe(amount.slice(1));
      await expect(textOf(payer.page, "payout-payee")).resolves.toBe(`Paid to the flood ${FLOOD}`);
      await payer.page.getByRole("button", { name: "Save payout" }).click();
      await payer.page.getByText(`Payout to the flood ${FLOOD}`).waitFor();

      await confirmer.page.goto(server.url);
      await confirmer.page.getByRole("list", { name: "Your pools" }).getByText(pool).click();
      await openTab(confirmer.page, "Ledger");
      await confirmer.page
        .getByRole("listitem")
        .filter({ hasText: `Payout to the flood ${FLOOD}` })
        .getByRole("button", { name: "Confirm entry" })
        .click();

      await payer.page.goto(floodUrl);
      await eventually(async () => {
        await payer.page.getByRole("button", { name: "Record the transfer" }).click({ timeout: 1000 });
      }, 30_000);
      await floodConfirmer.page.goto(floodUrl);
      await openTab(floodConfirmer.page, "Ledger");
      await floodConfirmer.page
        .getByRole("listitem")
        .filter({ hasText: `Transfer from ${pool}` })
        .filter({ has: floodConfirmer.page.getByRole("button", { name: "Confirm entry" }) })
        .getByRole("button", { name: "Confirm entry" })
        .click();
    }
    for (const p of flooded()) {
      await p.page.goto(floodUrl);
      await eventually(async () => expect(await textOf(p.page, "flood-balance")).toBe("$500.00"), 30_000);
    }
  }, 240_000);

  it("a flood spend passes with votes from both pools, is paid out and confirmed; every phone shows the same balance", async () => {
    await alice.page.goto(floodUrl);
    await alice.page.getByRole("link", { name: "Propose" }).click();
    await alice.page.getByLabel("Kind of proposal").selectOption("spend");
    await alice.page.getByLabel("Title").fill("Gloves and bags");
    await alice.page.getByLabel(/^Amount/).fill("350");
    await alice.page.getByLabel("Who will be paid").fill("River Supplies");
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: "Gloves and bags" }).waitFor();
    await passOnEveryPhone(alice.page, [alice.page, bob.page, carol.page, dave.page], alice.page, carol.page);
    await eventually(async () => expect(await textOf(dave.page, "vote-count")).toMatch(/^4 of 4 voted: 4 yes/));

    await alice.page.getByRole("link", { name: "Record the payout" }).click();
    await alice.page.getByRole("button", { name: "Save payout" }).click();
    await alice.page.getByText(/Payout to River Supplies/).waitFor();
    await dave.page.goto(floodUrl);
    await openTab(dave.page, "Ledger");
    await dave.page
      .getByRole("listitem")
      .filter({ hasText: "Payout to River Supplies" })
      .getByRole("button", { name: "Confirm entry" })
      .click();
    for (const p of flooded()) {
      await p.page.goto(floodUrl);
      await eventually(async () => expect(await textOf(p.page, "flood-balance")).toBe("$150.00"), 30_000);
      await openTab(p.page, "Ledger");
      await expect(p.page.getByText("Not authorised").count()).resolves.toBe(0);
    }
    // Each pool's own ledger shows its payout to the flood.
    for (const [p, pool, balance] of [
      [bob, POOL_A, "$200.00"],
      [dave, POOL_B, "$200.00"],
    ] as const) {
      await p.page.goto(server.url);
      await p.page.getByRole("list", { name: "Your pools" }).getByText(pool).click();
      await openTab(p.page, "Ledger");
      await eventually(async () => expect(await textOf(p.page, "ledger-balance")).toBe(balance));
    }
  }, 240_000);

  it("the flood overview is accessible and looks right at 390×844", async () => {
    const page = carol.page;
    await page.goto(floodUrl);
    await eventually(async () => expect(await textOf(page, "flood-balance")).toBe("$150.00"));
    await page.getByRole("list", { name: "Member pools" }).waitFor();
    await page.waitForTimeout(150);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: path.join(SHOTS, scheme === "light" ? "flood-overview.png" : "flood-overview-dark.png"),
      });
      expect(await seriousViolations(page), scheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: "light" });
    await openTab(page, "Members");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, "flood-members.png") });

    // Home lists the flood with its balance; the pool's overview shows the flood it is in.
    await page.goto(server.url);
    await page.getByRole("list", { name: "Your floods" }).getByText("$150.00").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "flood-home.png") });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("list", { name: "Your pools" }).getByText(POOL_B).click();
    const panel = page.getByRole("region", { name: "Floods" });
    await panel.getByRole("link", { name: FLOOD }).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "flood-pool-panel.png") });
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
  it("carol's pool votes to leave; the flood owes it its share, and pays it back", async () => {
    await carol.page.goto(server.url);
    await carol.page.getByRole("list", { name: "Your pools" }).getByText(POOL_B).click();
    await carol.page.getByRole("region", { name: "Floods" }).getByRole("link", { name: "Leave the flood" }).click();
    await carol.page.getByRole("button", { name: "Propose leaving" }).click();
    await carol.page.getByRole("heading", { name: "Leave the flood" }).waitFor();
    await passOnEveryPhone(carol.page, [carol.page, dave.page], carol.page, dave.page);
    await openTab(carol.page, "Overview");
    await carol.page.getByRole("button", { name: "Record that we left" }).click();
    await eventually(async () =>
      expect(await carol.page.getByRole("button", { name: "Record that we left" }).count()).toBe(0),
    );
    // 150 unreserved, shared 300 : 200 by what each pool put in: 90 and 60.
    for (const p of flooded()) {
      await p.page.goto(floodUrl);
      await eventually(async () => expect(await textOf(p.page, "flood-pools")).toBe("1"), 30_000);
      await eventually(async () => expect(await textOf(p.page, "flood-members")).toBe("2"));
      await eventually(async () => expect(await textOf(p.page, "flood-owed")).toBe("owed $60.00, not paid yet"));
    }
    await openTab(alice.page, "Ledger");
    await alice.page.getByRole("button", { name: "Record a payout" }).click();
    await alice.page.getByLabel("For the approved spend").selectOption({ label: `Owed to ${POOL_B} (left the flood)` });
    await expect(alice.page.getByLabel(/^Amount paid/).inputValue()).resolves.toBe("60.00");
    await alice.page.getByRole("button", { name: "Save payout" }).click();
    await bob.page.goto(floodUrl);
    await openTab(bob.page, "Ledger");
    await bob.page
      .getByRole("listitem")
      .filter({ hasText: `Payout to the pool ${POOL_B}` })
      .getByRole("button", { name: "Confirm entry" })
      .click();
    for (const p of flooded()) {
      await p.page.goto(floodUrl);
      await eventually(async () => expect(await textOf(p.page, "flood-balance")).toBe("$90.00"), 30_000);
      await eventually(async () => expect(await textOf(p.page, "flood-owed")).toBe("owed $60.00, paid"));
    }
  }, 240_000);
});
