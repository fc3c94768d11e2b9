/**
 * The key is the person: a backup saved as a file, or shown as a QR code, restores the same
 * member on a new phone.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { createInvite, foundPool, newPhone, openTab, type Phone } from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

async function memberId(phone: Phone, url: string): Promise<string> {
  await phone.page.goto(`${url}#/settings`);
  const id = phone.page.locator(".mono");
  await id.waitFor();
  return (await id.textContent()) ?? "";
}

describe("key backup and restore", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-key-"));
  const file = path.join(dir, "backup.txt");
  const photo = path.join(dir, "backup-qr.png");
  let link = "";

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("alice saves her backup as a file and as a QR code", async () => {
    await alice.page.goto(server.url);
    await alice.page.getByRole("textbox", { name: /^Your name/ }).fill("Alice");
    await alice.page.getByRole("button", { name: "Continue" }).click();
    const download = alice.page.waitForEvent("download");
    await alice.page.getByRole("button", { name: "Download backup file" }).click();
    await (await download).saveAs(file);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^pools-key:2:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{6}\n$/);
    await alice.page.getByRole("button", { name: "Show as QR code" }).click();
    await alice.page.getByRole("img", { name: "QR code of your key backup" }).screenshot({ path: photo });
    await alice.page.getByRole("button", { name: "Continue" }).click();
    await foundPool(alice.page, "Key Club");
    link = await createInvite(alice.page);
  }, 60_000);

  it("a new phone restored from the file is the same member", async () => {
    const original = await memberId(alice, server.url);
    const phone = await newPhone(browser, "alice-new-phone");
    await phone.page.goto(server.url);
    await phone.page.getByText("I have a key backup").click();
    await phone.page.getByLabel("Backup file").setInputFiles(file);
    await phone.page.getByLabel("Name to show in your pools").fill("Alice");
    await phone.page.getByRole("button", { name: "Restore my key" }).click();
    await phone.page.getByRole("heading", { name: "Found a pool" }).waitFor();
    expect(await memberId(phone, server.url)).toBe(original);
    // Her pools are on her old phone; any link to the pool opens it again, as its member.
    await phone.page.goto(link);
    await phone.page.getByText("You are already in this pool.").waitFor();
    await phone.page.getByRole("button", { name: "Open Key Club" }).click();
    await phone.page.getByRole("heading", { level: 1, name: "Key Club" }).waitFor();
    await openTab(phone.page, "Members");
    await phone.page.getByText("You (founder)").waitFor();
    await phone.context.close();
  }, 60_000);

  it("a new phone restored from a photo of the QR code is the same member", async () => {
    const original = await memberId(alice, server.url);
    const phone = await newPhone(browser, "alice-other-phone");
    await phone.page.goto(server.url);
    await phone.page.getByText("I have a key backup").click();
    await phone.page.getByLabel("Or a photo of the backup QR code").setInputFiles(photo);
    await expect.poll(() => phone.page.getByLabel(/^Or paste the backup text/).inputValue()).toMatch(/^pools-key:2:/);
    await phone.page.getByLabel("Name to show in your pools").fill("Alice");
    await phone.page.getByRole("button", { name: "Restore my key" }).click();
    await phone.page.getByRole("heading", { name: "Found a pool" }).waitFor();
    expect(await memberId(phone, server.url)).toBe(original);
    await phone.context.close();
  }, 60_000);

  it("a damaged backup is refused in plain words", async () => {
    const phone = await newPhone(browser, "mallory");
    await phone.page.goto(server.url);
    await phone.page.getByText("I have a key backup").click();
    const good = fs.readFileSync(file, "utf8").trim();
    await phone.page.getByLabel(/^Or paste the backup text/).fill(`${good.slice(0, -2)}zz`);
    await phone.page.getByLabel("Name to show in your pools").fill("Mallory");
    await phone.page.getByRole("button", { name: "Restore my key" }).click();
    await phone.page.getByRole("alert").filter({ hasText: "That backup cannot be used" }).waitFor();
    await phone.context.close();
  }, 60_000);
});
