/**
 * The formation kit in real Chromium against the real relay: alice, bob and carol form a pool and
 * pass a resolution; alice opens the papers, prints the operating agreement to PDF (page.pdf, the
 * same engine as Save as PDF) and the PDF's text names every member and the rules; axe finds no
 * serious or critical violation on any of the kit's screens. Screenshots go to
 * test-artifacts/papers/ for a person to look at.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ONE_PERSON_ONE_VOTE } from "../../src/core/index.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { seriousViolations } from "./support/axe.ts";
import { ROOT } from "./support/build.ts";
import { pdfText, squeeze } from "./support/pdfText.ts";
import {
  createInvite,
  eventually,
  foundPool,
  joinByLink,
  makeIdentity,
  newPhone,
  openTab,
  type Phone,
  tapVote,
} from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

const SHOTS = path.join(ROOT, "test-artifacts", "papers");
const POOL = "Hiking Club Pool";

async function check(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // The whole document, so a person can read every part of it.
    await page.screenshot({
      path: path.join(SHOTS, scheme === "light" ? `${name}.png` : `${name}-dark.png`),
      fullPage: true,
    });
    expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function openPaper(page: Page, name: RegExp): Promise<void> {
  await openTab(page, "More");
  await page.getByRole("link", { name: /^Papers/ }).click();
  await page.getByRole("heading", { level: 1, name: "Papers" }).waitFor();
  await page.getByRole("link", { name }).click();
}

describe("the formation kit", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let carol: Phone;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    carol = await newPhone(browser, "carol");
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, POOL, { meetup: true, purpose: "Tents, stoves and the train to the hills." });
    await joinByLink(bob.page, await createInvite(alice.page), "Bob", POOL);
    await openTab(alice.page, "Overview"); // a fresh Members screen offers a fresh invite
    await joinByLink(carol.page, await createInvite(alice.page), "Carol", POOL);
    // Wait until alice's phone has admitted both, so they vote and appear in the papers.
    await eventually(async () => {
      await openTab(alice.page, "Members");
      expect(await alice.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(3);
    }, 60_000);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a resolution passed by all three appears in the decision record with its tally", async () => {
    const page = alice.page;
    await openTab(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Title").fill("Open a bank account");
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: "Open a bank account" }).waitFor();
    for (const phone of [alice, bob, carol]) {
      await openTab(phone.page, "Proposals");
      await phone.page.getByRole("link", { name: /Open a bank account/ }).click();
      await tapVote(phone.page);
    }
    await page.getByRole("button", { name: "Seal the result" }).click();
    await page.getByText(/^Sealed by You/).waitFor();
    await bob.page.getByRole("button", { name: "Confirm the result" }).click();
    await page.getByRole("heading", { name: "Final result" }).waitFor();

    await openPaper(page, /^Resolutions/);
    await page.getByRole("heading", { level: 1, name: "Resolutions" }).waitFor();
    const record = page.getByRole("article", { name: `Resolutions of ${POOL}` });
    await record.getByRole("heading", { name: "1. Open a bank account" }).waitFor();
    await expect.poll(() => record.textContent()).toContain("Tally: 3 yes, 0 no, 0 abstain of 3 entitled to vote");
    expect(await record.textContent()).toContain("Sealed by Alice");
    expect(await record.textContent()).toContain("Confirmed by Bob");
    await check(page, "03-resolutions");
  }, 120_000);

  it("the papers hub and the member register, with the register as CSV", async () => {
    const page = alice.page;
    await openTab(page, "More");
    await page.getByRole("link", { name: /^Papers/ }).click();
    await page.getByRole("heading", { level: 1, name: "Papers" }).waitFor();
    await check(page, "00-papers");
    await page.getByRole("link", { name: /^Member register/ }).click();
    const members = page.getByRole("list", { name: "Members" });
    await expect.poll(() => members.getByRole("listitem").count()).toBe(3);
    for (const name of ["Alice", "Bob", "Carol"]) await members.getByText(name, { exact: true }).waitFor();
    await check(page, "01-register");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    const csv = fs.readFileSync((await download.path()) as string, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^name,member id \(public key\),/);
    for (const name of ["Alice", "Bob", "Carol"]) expect(csv).toMatch(new RegExp(`\\r\\n${name},`));
  }, 60_000);

  it("prints the operating agreement to PDF, naming every member and the rules", async () => {
    const page = alice.page;
    await openPaper(page, /^Operating agreement/);
    const agreement = page.getByRole("article", { name: `Operating agreement of ${POOL}` });
    await agreement.getByRole("heading", { name: "Signature page" }).waitFor();
    await expect.poll(() => agreement.getByRole("list", { name: "Signatures" }).getByRole("listitem").count()).toBe(3);
    await check(page, "02-agreement");
    // How the print stylesheet lays it out, for a person to look at beside the PDF.
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: path.join(SHOTS, "02-agreement-print.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ media: null }); // page.pdf prints with the print stylesheet, as Save as PDF does
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    fs.writeFileSync(path.join(SHOTS, "agreement.pdf"), pdf);
    const text = squeeze(pdfText(pdf));
    expect(text).toContain(squeeze(`Operating agreement of ${POOL}`));
    for (const name of ["Alice", "Bob", "Carol"]) expect(text).toContain(squeeze(name));
    expect(text).toContain(squeeze(ONE_PERSON_ONE_VOTE));
    expect(text).toContain(squeeze("A proposal passes when more members vote yes than no"));
    expect(text).toContain(squeeze("Turnout needed (quorum)"));
    expect(text).toContain(squeeze("7. Dissolution"));
    // The print stylesheet leaves the app's chrome out of the paper.
    expect(text).not.toContain(squeeze("Print or save as PDF"));
    expect(text).not.toContain(squeeze("Pool sections"));
  }, 60_000);

  it("the formation checklist, with a form opened", async () => {
    const page = alice.page;
    await openPaper(page, /^Formation checklist/);
    await page.getByRole("heading", { level: 1, name: "Formation checklist" }).waitFor();
    await page.getByText("US: a cooperative association").click();
    await page.getByText("File the articles of organization").waitFor();
    await check(page, "04-checklist");
  }, 60_000);

  it("rules §4 dissolve: once passed, the papers list what is owed and nothing new may be proposed", async () => {
    const page = alice.page;
    await openTab(page, "Ledger");
    await page.getByRole("button", { name: "Record a contribution" }).click();
    await page.getByLabel(/^Amount/).fill("10.01");
    await page.getByRole("button", { name: "Save contribution" }).click();
    await openTab(bob.page, "Ledger");
    await bob.page
      .getByRole("button", { name: /^Confirm/ })
      .first()
      .click();
    await page.getByText("Confirmed", { exact: true }).waitFor();

    await openTab(page, "Proposals");
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByLabel("Kind of proposal").selectOption("dissolve");
    await page.getByLabel("Title").fill("Wind up the club");
    await page.getByRole("radio", { name: /^Split equally/ }).check();
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await page.getByRole("heading", { name: "Wind up the club" }).waitFor();
    for (const phone of [alice, bob, carol]) {
      await openTab(phone.page, "Proposals");
      await phone.page.getByRole("link", { name: /Wind up the club/ }).click();
      await phone.page.getByRole("heading", { name: "Wind up the club" }).waitFor();
      await tapVote(phone.page);
    }
    await page.getByRole("button", { name: "Seal the result" }).click();
    await page.getByText(/^Sealed by You/).waitFor();
    await bob.page.getByRole("button", { name: "Confirm the result" }).click();
    await page.getByRole("heading", { name: "Final result" }).waitFor();

    await openTab(page, "More");
    await page.getByRole("link", { name: /^Papers/ }).click();
    await page.getByRole("heading", { name: "This pool is being dissolved" }).waitFor();
    const owed = page.getByRole("list", { name: "Still owed" });
    // 10.01 in three: two shares of 3.34 and one of 3.33, to the cent.
    await expect.poll(() => owed.getByRole("listitem").count()).toBe(3);
    const amounts = (await owed.textContent()) ?? "";
    expect(amounts.match(/\$3\.34/g)).toHaveLength(2);
    expect(amounts.match(/\$3\.33/g)).toHaveLength(1);
    await check(page, "05-dissolving");
    await owed.getByRole("button", { name: "Record payout to Bob" }).click();
    await owed.getByText(/awaiting confirmation/).waitFor();

    // Carol's phone must hold the confirmed result first: before it, her proposal would be valid.
    await openTab(carol.page, "Overview");
    await carol.page.getByText("This pool is being dissolved.").waitFor();
    await openTab(carol.page, "Proposals");
    await carol.page.getByRole("link", { name: "New proposal" }).click();
    await carol.page.getByLabel("Title").fill("One more trip");
    await carol.page.getByRole("button", { name: "Publish proposal" }).click();
    await carol.page.getByText("The pool voted to dissolve: nothing new may be proposed.").waitFor();

    await openTab(page, "Overview");
    await page.getByText("This pool is being dissolved.").waitFor();
    await check(page, "06-overview-dissolving");
  }, 120_000);

  it("rules §4 dissolve: once every share is paid out and confirmed, the pool is closed", async () => {
    const page = alice.page;
    await openTab(page, "More");
    await page.getByRole("link", { name: /^Papers/ }).click();
    const owed = page.getByRole("list", { name: "Still owed" });
    for (const who of ["Carol", "You"]) {
      const record = owed.getByRole("button", { name: `Record payout to ${who}` });
      await record.click();
      await record.waitFor({ state: "detached" });
    }
    // Bob confirms the payouts to Carol and to Alice, then Carol confirms Bob's: nobody confirms
    // a payout to themselves. Each waits until it sees exactly the entries it may confirm, by
    // name: a count alone would also match carol's phone before alice's payout reached it.
    const toConfirm = (page: typeof alice.page) =>
      page
        .getByRole("button", { name: /^Confirm/ })
        .evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label") ?? b.textContent ?? ""))
        .then((labels) => labels.map((l) => /^Confirm entry: Payout of \$\d+\.\d\d to (.+)$/.exec(l)?.[1] ?? l).sort());
    for (const [phone, payees] of [
      [bob, ["Alice", "Carol"]],
      [carol, ["Bob"]],
    ] as const) {
      await openTab(phone.page, "Ledger");
      await expect.poll(() => toConfirm(phone.page)).toEqual(payees);
      for (const who of payees)
        await phone.page.getByRole("button", { name: new RegExp(`^Confirm entry: Payout of .* to ${who}$`) }).click();
      await expect.poll(() => toConfirm(phone.page)).toEqual([]);
    }
    await openTab(page, "Overview");
    await page.getByText("This pool is closed.").waitFor();
    await expect.poll(async () => (await page.getByTestId("balance").textContent())?.trim()).toBe("$0.00");
  }, 120_000);
});
