/**
 * docs/rules.md §6, path 2: no network at all, but phones can hand each other a file. alice and bob
 * vote on their own phones while offline; each downloads the pool as a file and the other opens
 * it; both reach the same tally. carol, on a new phone that never synced the pool, opens it
 * from a file. A file from another pool, a changed file and a damaged one are refused whole,
 * with the reason in plain words.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../src/crypto/index.ts";
import { decodePoolFile, encodePoolFile, SYNC_REASONS } from "../../src/sync/index.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { World } from "../helpers/world.ts";
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
import { serviceWorkerActivated } from "./support/serviceWorker.ts";

const POOL = "Allotment Pool";
const TITLE = "Buy a water butt";
const SHOTS = path.join(ROOT, "test-artifacts", "screens");

/** More → Download pool file, saved where the test can hand it to another phone. */
async function downloadPoolFile(page: Page, to: string): Promise<Buffer> {
  await openTab(page, "More");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /^(Download|Share) pool file$/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("Allotment-Pool.pool");
  await download.saveAs(to);
  await page.getByText(/^Saved Allotment-Pool\.pool to this phone's downloads/).waitFor();
  return fs.readFileSync(to);
}

async function importPoolFile(page: Page, file: string): Promise<void> {
  await openTab(page, "More");
  await page.getByLabel("Import a pool file").setInputFiles(file);
}

async function openProposal(page: Page): Promise<void> {
  await openTab(page, "Proposals");
  await page.getByRole("link", { name: new RegExp(TITLE) }).click();
  await page.getByRole("heading", { name: TITLE }).waitFor();
}

async function check(page: Page, name: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, scheme === "light" ? `${name}.png` : `${name}-dark.png`) });
    expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

describe("carrying a pool between phones as a file, with no network", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let carol: Phone;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-file-"));
  const fromAlice = path.join(dir, "from-alice.pool");
  const fromBob = path.join(dir, "from-bob.pool");

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    carol = await newPhone(browser, "carol");
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, POOL, { meetup: true });
    await joinByLink(bob.page, await createInvite(alice.page), "Bob", POOL);
    await eventually(async () => {
      await openTab(alice.page, "Members");
      expect(await alice.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(2);
    }, 60_000);
    await openTab(alice.page, "Proposals");
    await alice.page.getByRole("link", { name: "New proposal" }).click();
    await alice.page.getByLabel("Title").fill(TITLE);
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: TITLE }).waitFor();
    await eventually(async () => {
      await openTab(bob.page, "Proposals");
      await bob.page.getByRole("link", { name: new RegExp(TITLE) }).click({ timeout: 2_000 });
    }, 60_000);
    await bob.page.getByRole("heading", { name: TITLE }).waitFor();
    // carol has the app on her phone (installed while online) but has never seen the pool.
    await carol.page.goto(server.url);
    await makeIdentity(carol.page, "Carol");
    await serviceWorkerActivated(carol.page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("alice and bob vote offline, swap pool files, and both phones show the same tally", async () => {
    for (const p of [alice, bob, carol]) await p.context.setOffline(true);
    await expectSync(alice.page, /Offline/);
    await expectSync(bob.page, /Offline/);

    await tapVote(alice.page);
    await tapVote(bob.page, "Vote no");
    for (const p of [alice, bob])
      await eventually(async () => expect(await textOf(p.page, "vote-count")).toMatch(/^1 of 2 voted/));

    const sealed = await downloadPoolFile(alice.page, fromAlice);
    // Rules §9: the file is sealed; whoever carries it (a USB stick, a messaging app) reads nothing.
    expect([POOL, TITLE, "Alice", "Bob"].filter((text) => sealed.includes(Buffer.from(text)))).toEqual([]);
    await importPoolFile(bob.page, fromAlice);
    await bob.page.getByText(/^Added \d+ new events?\.$/).waitFor();
    await check(bob.page, "meetup-pool-file");
    await openProposal(bob.page);
    await eventually(async () =>
      expect(await textOf(bob.page, "vote-count")).toBe("2 of 2 voted: 1 yes, 1 no, 0 abstain."),
    );

    await downloadPoolFile(bob.page, fromBob);
    await importPoolFile(alice.page, fromBob);
    await alice.page.getByText(/^Added \d+ new events?\.$/).waitFor();
    await openProposal(alice.page);
    await eventually(async () =>
      expect(await textOf(alice.page, "vote-count")).toBe("2 of 2 voted: 1 yes, 1 no, 0 abstain."),
    );
    await openProposal(bob.page);
    expect(await textOf(alice.page, "result")).toBe(await textOf(bob.page, "result"));

    // The union is already complete: the same file again adds nothing.
    await importPoolFile(alice.page, fromBob);
    await alice.page.getByText("Nothing new: this phone already had everything in that file.").waitFor();
  }, 120_000);

  it("a file from another pool, a changed file and a damaged file are refused and change nothing", async () => {
    const other = await World.found("dave", {}, "Riverside Chess");
    await other.propose("dave", { kind: "decision" }, { title: TITLE });
    const otherFile = path.join(dir, "riverside.pool");
    fs.writeFileSync(
      otherFile,
      encodePoolFile(
        {
          genesisId: other.genesisId,
          docUrl: "automerge:4NMNnkMhL8jXrdJ9jamS58PAVdXu",
          events: [...other.events.values()],
        },
        sha256,
      ),
    );

    // Someone without the pool's key changes one bit of a sealed entry in alice's file and fixes up the checksum.
    const contents = decodePoolFile(new Uint8Array(fs.readFileSync(fromAlice)), sha256);
    if (!contents.ok || contents.value.sealed === undefined) throw new Error("alice's file is not sealed");
    const sealed = contents.value.sealed.map((entry, i) => {
      if (i !== 0) return entry;
      const value = entry.value.slice();
      value[value.length - 1]! ^= 1;
      return { key: entry.key, value };
    });
    const changedFile = path.join(dir, "changed.pool");
    fs.writeFileSync(changedFile, encodePoolFile({ ...contents.value, sealed }, sha256));

    const damagedFile = path.join(dir, "damaged.pool");
    fs.writeFileSync(damagedFile, fs.readFileSync(fromAlice).subarray(0, 200));

    for (const [file, reason] of [
      [otherFile, SYNC_REASONS["file-other-pool"]],
      [changedFile, SYNC_REASONS["file-tampered"]],
      [damagedFile, SYNC_REASONS["file-damaged"]],
    ] as const) {
      await importPoolFile(bob.page, file);
      await bob.page
        .getByRole("alert")
        .filter({ hasText: `Not imported: ${reason}` })
        .waitFor();
    }
    await openProposal(bob.page);
    expect(await textOf(bob.page, "vote-count")).toBe("2 of 2 voted: 1 yes, 1 no, 0 abstain.");
  }, 60_000);

  it("carol, on a phone that never had the pool, opens it from bob's file and alice's invite link with no network", async () => {
    await expectSync(carol.page, /Offline/);
    const section = carol.page.getByRole("region", { name: "Open a pool file" });
    await section.waitFor();
    await section.scrollIntoViewIfNeeded();
    // The file alone does not open: it is sealed, and carol's phone holds no key for the pool.
    await section.getByLabel("Pool file").setInputFiles(fromBob);
    await section
      .getByRole("alert")
      .filter({ hasText: `Not opened: ${SYNC_REASONS["file-key-missing"]}` })
      .waitFor();
    await check(carol.page, "meetup-open-pool-file");
    // alice, offline too, makes an invite link; its key opens the file.
    const link = await createInvite(alice.page);
    await section.getByLabel(/^The pool's invite link/).fill(link);
    await section.getByLabel("Pool file").setInputFiles(fromBob);
    await carol.page.getByRole("heading", { level: 1, name: POOL }).waitFor();
    await openProposal(carol.page);
    await eventually(async () =>
      expect(await textOf(carol.page, "vote-count")).toBe("2 of 2 voted: 1 yes, 1 no, 0 abstain."),
    );
    expect(await textOf(carol.page, "result")).toBe(await textOf(bob.page, "result"));
  }, 60_000);
});
