/**
 * Rules §9 "Key backup": a phone restored from a key backup opens the person's encrypted pools
 * and floods with no invite link, and a backup made after a key rotation reads what was written
 * after it; someone who joins after the rotation reads the pool from its start.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64url } from "../../src/core/encoding/base64url.ts";
import { decodeKeyBackup } from "../../src/core/identity/keyBackup.ts";
import { sha256 } from "../../src/crypto/sha256.ts";
import { launchBrowser } from "../helpers/browser.ts";
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

/** Screenshots for a person checking what the screens say (test-artifacts is not committed). */
const SHOTS = path.resolve(import.meta.dirname, "../../test-artifacts/key-backup");

/**
 * The epochs of one pool's key this phone holds: a rotation adds one. Read only to wait for it.
 * The store holds the flood's key too, so a count over the whole store would pass before the
 * rotation arrived (it did, until a slow run caught the rotation first).
 */
function heldEpochs(page: Page, poolId: string): Promise<number[]> {
  return page.evaluate(
    (id) =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open("pools-device");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction("poolKeys").objectStore("poolKeys").getAll();
          all.onsuccess = () => {
            db.close();
            const records = all.result as { poolId: string; epoch: number }[];
            resolve(
              records
                .filter((r) => r.poolId === id)
                .map((r) => r.epoch)
                .sort((a, b) => a - b),
            );
          };
          all.onerror = () => reject(all.error);
        };
      }),
    poolId,
  );
}

/** The pool's id from its address (#/pool/<id>/…). */
function poolIdOf(url: string): string {
  const id = /#\/pool\/([^/]+)/.exec(url)?.[1];
  if (!id) throw new Error(`not a pool's address: ${url}`);
  return decodeURIComponent(id);
}

async function recordDues(payer: Page, amount: string): Promise<void> {
  await openTab(payer, "Ledger");
  await payer.getByRole("button", { name: "Record a contribution" }).click();
  await payer.getByLabel(/^Amount/).fill(amount);
  await payer.getByLabel("Kind", { exact: true }).selectOption("dues");
  await payer.getByRole("button", { name: "Save contribution" }).click();
}

describe("rules §9 key backup: pools come back with the key", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let poolUrl = "";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-key-pools-"));

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
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Alice opens the backup screen, which says what the backup holds, and saves the file. */
  async function saveBackup(name: string): Promise<string> {
    const file = path.join(dir, name);
    await alice.page.goto(`${server.url}#/backup`);
    await alice.page
      .getByTestId("backup-holds")
      .filter({ hasText: "the keys of 1 pool and 1 flood: Key Club, Clean River." })
      .waitFor();
    await alice.page.screenshot({ path: path.join(SHOTS, `${path.parse(name).name}.png`), fullPage: true });
    const download = alice.page.waitForEvent("download");
    await alice.page.getByRole("button", { name: "Download backup file" }).click();
    await (await download).saveAs(file);
    return file;
  }

  /** A new phone restores the backup file and opens Key Club from its list: no link anywhere. */
  async function restoreOnNewPhone(file: string, phoneName: string): Promise<Phone> {
    const phone = await newPhone(browser, phoneName);
    await phone.page.goto(server.url);
    await phone.page.getByText("I have a key backup").click();
    await phone.page.getByLabel("Backup file").setInputFiles(file);
    await phone.page.getByLabel("Name to show in your pools").fill("Alice");
    await phone.page.getByRole("button", { name: "Restore my key" }).click();
    await phone.page
      .getByRole("status")
      .filter({ hasText: "Your key is back, with the keys of 1 pool (Key Club) and 1 flood." })
      .waitFor();
    await phone.page.screenshot({ path: path.join(SHOTS, `${phoneName}-restored.png`), fullPage: true });
    await phone.page
      .getByRole("list", { name: "Your pools" })
      .getByRole("link", { name: /Key Club/ })
      .click();
    await phone.page.getByRole("heading", { level: 1, name: "Key Club" }).waitFor();
    return phone;
  }

  it("a new phone restored from the backup opens the encrypted pool with its entries, without an invite link", async () => {
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    poolUrl = await foundPool(alice.page, "Key Club");
    await joinByLink(bob.page, await createInvite(alice.page), "Bob", "Key Club");
    await recordDues(alice.page, "500");
    await alice.page.getByText("Dues from You").waitFor();
    await openTab(bob.page, "Ledger");
    await bob.page.getByRole("button", { name: "Confirm entry" }).click();
    await eventually(async () => expect(await textOf(alice.page, "ledger-balance")).toBe("$500.00"), 30_000);
    // A flood started from the pool: its key goes into the backup too.
    await openTab(alice.page, "Overview");
    await alice.page.getByRole("link", { name: "Start a flood" }).click();
    await alice.page.getByLabel("Flood name").fill("Clean River");
    await alice.page.getByLabel(/^Purpose/).fill("Clean the river together.");
    await alice.page.getByRole("button", { name: "Start the flood" }).click();
    await alice.page.getByRole("heading", { level: 1, name: "Clean River" }).waitFor();

    const file = await saveBackup("backup-1.txt");
    const saved = decodeKeyBackup(fs.readFileSync(file, "utf8"), sha256);
    expect(saved.ok && saved.pools.map((p) => [p.name, p.kind, p.keys.map((k) => k.epoch)])).toEqual([
      ["Clean River", "flood", [0]],
      ["Key Club", undefined, [0]],
    ]);

    const phone = await restoreOnNewPhone(file, "alice-new-phone");
    await openTab(phone.page, "Ledger");
    await phone.page.getByText("Dues from You").waitFor({ timeout: 30_000 });
    await eventually(async () => expect(await textOf(phone.page, "ledger-balance")).toBe("$500.00"), 30_000);
    await openTab(phone.page, "Members");
    await phone.page.getByRole("list", { name: "Members" }).getByText("Bob", { exact: true }).waitFor();
    // The flood is back too, and reads: its purpose is sealed under the flood's key.
    await phone.page.goto(server.url);
    await phone.page.getByRole("list", { name: "Your floods" }).getByText("Clean River").click();
    await phone.page.getByRole("heading", { level: 1, name: "Clean River" }).waitFor();
    await phone.page.getByText("Clean the river together.").waitFor({ timeout: 30_000 });
    await phone.context.close();
  }, 240_000);

  it("after carol leaves and the key rotates, a new backup restores what bob wrote after the rotation", async () => {
    const carol = await newPhone(browser, "carol");
    await alice.page.goto(poolUrl);
    await alice.page.getByRole("heading", { level: 1, name: "Key Club" }).waitFor();
    await joinByLink(carol.page, await createInvite(alice.page), "Carol", "Key Club");
    await openTab(alice.page, "Members");
    await alice.page.getByRole("list", { name: "Members" }).getByText("Carol", { exact: true }).waitFor();
    await openTab(carol.page, "Members");
    await carol.page.getByRole("button", { name: "Leave pool…" }).click();
    await carol.page.getByRole("button", { name: "Yes, leave Key Club" }).click();
    // A remaining member's phone writes the new epoch's key; alice and bob both open it (rules §9).
    const keyClub = poolIdOf(poolUrl);
    await expect.poll(() => heldEpochs(alice.page, keyClub), { timeout: 60_000 }).toEqual([0, 1]);
    await expect.poll(() => heldEpochs(bob.page, keyClub), { timeout: 60_000 }).toEqual([0, 1]);

    await recordDues(bob.page, "300");
    await bob.page.getByText("Dues from You").waitFor();
    await alice.page.goto(poolUrl);
    await openTab(alice.page, "Ledger");
    await alice.page.getByText("Dues from Bob").waitFor({ timeout: 30_000 });

    const file = await saveBackup("backup-2.txt");
    const saved = decodeKeyBackup(fs.readFileSync(file, "utf8"), sha256);
    expect(saved.ok && saved.pools.map((p) => [p.name, p.keys.map((k) => k.epoch)])).toEqual([
      ["Clean River", [0]],
      ["Key Club", [0, 1]],
    ]);

    const phone = await restoreOnNewPhone(file, "alice-third-phone");
    await openTab(phone.page, "Ledger");
    const entry = phone.page.getByTestId("ledger-entry").filter({ hasText: "Dues from Bob" });
    await entry.waitFor({ timeout: 30_000 });
    await expect.poll(() => entry.textContent()).toMatch(/\$300\.00/);

    // dave joins by a link alice makes after the rotation: it carries both epochs' keys, so his
    // phone reads alice's dues from before the rotation and bob's from after (rules §9).
    const dave = await newPhone(browser, "dave");
    await alice.page.goto(poolUrl);
    await alice.page.getByRole("heading", { level: 1, name: "Key Club" }).waitFor();
    await joinByLink(dave.page, await createInvite(alice.page), "Dave", "Key Club");
    await openTab(dave.page, "Ledger");
    await dave.page.getByText("Dues from Alice").waitFor({ timeout: 30_000 });
    await dave.page.getByText("Dues from Bob").waitFor({ timeout: 30_000 });
    await dave.page.screenshot({ path: path.join(SHOTS, "dave-joined-after-rotation.png"), fullPage: true });
    await dave.context.close();
    await phone.context.close();
    await carol.context.close();
  }, 300_000);

  it("a backup saved before backups held pool keys (version 1) restores the key and says its pools need a new invite", async () => {
    const seed = new Uint8Array(32).fill(42);
    const v1 = `pools-key:1:${toBase64url(seed)}:${toBase64url(sha256(seed).subarray(0, 4))}`;
    const phone = await newPhone(browser, "dave-old-backup");
    await phone.page.goto(server.url);
    await phone.page.getByText("I have a key backup").click();
    await phone.page.getByLabel(/^Or paste the backup text/).fill(v1);
    await phone.page.getByLabel("Name to show in your pools").fill("Dave");
    await phone.page.getByRole("button", { name: "Restore my key" }).click();
    await phone.page
      .getByRole("status")
      .filter({ hasText: "made by an older version of Pools and holds no pool keys" })
      .filter({ hasText: "ask a member of each pool for a new invite link" })
      .waitFor();
    await phone.context.close();
  }, 60_000);
});
