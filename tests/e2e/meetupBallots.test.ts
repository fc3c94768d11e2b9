/**
 * docs/rules.md §1: in a basement with no network at all, the chair's phone collects signed
 * ballots by scanning each voter's ballot QR code and shows the count live. Here the "camera"
 * is a photo of bob's screen: the QR code is decoded in the browser (jsQR where Chromium has no
 * BarcodeDetector), checked on alice's phone, and counted while both phones are offline.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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

const POOL = "Basement Chess Club";

describe("the meetup with no signal, ballots by QR code", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pools-ballot-")), "bob-ballot.png");

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, POOL, { meetup: true });
    await joinByLink(bob.page, await createInvite(alice.page), "Bob", POOL);
    // Wait until alice's phone has admitted bob, so he is in the proposal's electorate.
    await eventually(async () => {
      await openTab(alice.page, "Members");
      expect(await alice.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(2);
    });
    await openTab(alice.page, "Proposals");
    await alice.page.getByRole("link", { name: "New proposal" }).click();
    await alice.page.getByLabel("Title").fill("Buy a second clock");
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: "Buy a second clock" }).waitFor();
    await openTab(bob.page, "Proposals");
    await bob.page.getByRole("link", { name: /Buy a second clock/ }).click();
    await bob.page.getByRole("heading", { name: "Buy a second clock" }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("bob votes offline and shows his ballot; alice scans it and counts it, still offline", async () => {
    await alice.context.setOffline(true);
    await bob.context.setOffline(true);
    await expectSync(alice.page, /Offline/);

    await bob.page.getByRole("button", { name: "Vote yes" }).click();
    await bob.page.getByText(/^1 of 2 voted/).waitFor();
    await bob.page.getByRole("button", { name: "Show my ballot as a QR code" }).click();
    const qr = bob.page.getByRole("img", { name: "QR code of your ballot" });
    await qr.waitFor();
    await qr.screenshot({ path: photo });

    await eventually(async () => expect(await textOf(alice.page, "vote-count")).toMatch(/^0 of 2 voted/));
    await alice.page.getByText("Collect ballots (meetup without signal)").click();
    await alice.page.getByLabel("Or add a ballot from a photo").setInputFiles(photo);
    await alice.page.getByText("Counted: Bob voted yes.").waitFor();
    await eventually(async () => expect(await textOf(alice.page, "vote-count")).toMatch(/^1 of 2 voted: 1 yes/));

    await alice.page.getByRole("button", { name: "Vote yes" }).click();
    await eventually(async () => expect(await textOf(alice.page, "vote-count")).toMatch(/^2 of 2 voted: 2 yes/));
    await eventually(async () => expect(await textOf(alice.page, "result")).toBe("Passed (provisional until sealed)"));
    await expectSync(alice.page, /Offline/);
  }, 60_000);

  it("a forged ballot is refused on the spot", async () => {
    await alice.page.getByLabel("Or paste a ballot").fill("pools-ballot:1:eyJ2IjoxfQ.AAAA");
    await alice.page.getByRole("button", { name: "Add ballot" }).click();
    await alice.page.getByText(/^Ballot refused/).waitFor();
  }, 30_000);
});
