/**
 * docs/rules.md §1 with a real camera pipeline: in a basement with no network, bob and carol vote
 * on their phones and hold up their ballot QR codes; alice's phone reads them from the live
 * camera (getUserMedia, then BarcodeDetector or jsQR) on its Collect ballots screen, checks each
 * one and counts it. The camera is Chromium's fake capture device playing a video of real
 * ballot QR codes, made in this test, in a loop: bob's, a copy of bob's with its choice
 * changed, one from another pool, carol's, and one from mallory, who never joined. The room
 * then sees the count on the meeting view.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canonicalBytes,
  decodeBallot,
  type EventId,
  encodeBallot,
  type MemberId,
  signEvent,
} from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import { BALLOT_REASONS } from "../../src/state/commands/meetup.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { fakeCameraArgs, writeQrVideo } from "../helpers/fakeCamera.ts";
import { personKeys, World } from "../helpers/world.ts";
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
  textOf,
} from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

const POOL = "Basement Chess Club";
const TITLE = "Buy a second clock";
const SHOTS = path.join(ROOT, "test-artifacts", "screens");

/** Screenshots in light and dark at 390×844, and no serious axe violation in either. */
async function check(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150); // let the colours and the last update settle before the picture
    await page.screenshot({ path: path.join(SHOTS, scheme === "light" ? `${name}.png` : `${name}-dark.png`) });
    expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** A voter shows their ballot, and we read it as the text its QR code holds. */
async function ballotOf(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Show my ballot as a QR code" }).click();
  await page.getByRole("img", { name: "QR code of your ballot" }).waitFor();
  await page.getByText("My ballot as text").click();
  return page.getByRole("textbox", { name: "My ballot as text" }).inputValue();
}

/** Someone changes a ballot's choice and keeps the voter's signature. */
function tampered(ballot: string, choice: "yes" | "no"): string {
  const d = decodeBallot(ballot, sha256);
  if (!d.ok) throw new Error(d.reason);
  const body = { ...d.value.body, data: { ...d.value.body.data, choice } };
  return encodeBallot({ bytes: canonicalBytes(body), sig: d.value.sig });
}

/** mallory never joined; she signs a perfectly formed vote on the proposal anyway. */
async function strangersBallot(pool: EventId, proposal: EventId): Promise<string> {
  const mallory = personKeys("mallory");
  const vote = await signEvent(
    {
      pool,
      type: "vote.cast",
      by: mallory.id as MemberId,
      at: Date.now(),
      parents: [proposal],
      data: { proposal, choice: "yes" },
    },
    mallory.signer,
    sha256,
  );
  return encodeBallot(vote);
}

/** dave's ballot on a proposal of his own pool: valid, but not this pool's. */
async function otherPoolsBallot(): Promise<string> {
  const chess = await World.found("dave", {}, "Riverside Chess");
  const p = await chess.propose("dave", { kind: "decision" }, { title: TITLE });
  return encodeBallot(await chess.vote("dave", p.id, "yes"));
}

const scanned = (page: Page) => page.getByRole("list", { name: "Scanned ballots" });

describe("the chair collects ballots from the live camera, with no network", () => {
  let server: AppServer;
  let browser: Browser;
  let alice: Phone;
  let bob: Phone;
  let carol: Phone;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-camera-"));
  const video = path.join(dir, "ballots.y4m");
  let proposalUrl = "";

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    // Chromium opens the video when a page starts the camera: the test writes it later.
    browser = await launchBrowser({ extraArgs: fakeCameraArgs(video) });
    alice = await newPhone(browser, "alice");
    bob = await newPhone(browser, "bob");
    carol = await newPhone(browser, "carol");
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, POOL, { meetup: true });
    await joinByLink(bob.page, await createInvite(alice.page), "Bob", POOL);
    await openTab(alice.page, "Overview"); // a fresh Members screen offers a fresh invite
    await joinByLink(carol.page, await createInvite(alice.page), "Carol", POOL);
    // Wait until alice's phone has admitted both, so they are in the proposal's electorate.
    await eventually(async () => {
      await openTab(alice.page, "Members");
      expect(await alice.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(3);
    }, 60_000);
    await openTab(alice.page, "Proposals");
    await alice.page.getByRole("link", { name: "New proposal" }).click();
    await alice.page.getByLabel("Title").fill(TITLE);
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: TITLE }).waitFor();
    proposalUrl = alice.page.url();
    for (const voter of [bob, carol]) {
      await eventually(async () => {
        await openTab(voter.page, "Proposals");
        await voter.page.getByRole("link", { name: new RegExp(TITLE) }).click({ timeout: 2_000 });
      }, 60_000);
      await voter.page.getByRole("heading", { name: TITLE }).waitFor();
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("counts bob's and carol's ballots once each, and refuses the changed one and the strangers' with their reasons", async () => {
    for (const p of [alice, bob, carol]) await p.context.setOffline(true);
    await expectSync(alice.page, /Offline/);

    await bob.page.getByRole("button", { name: "Vote yes" }).click();
    await bob.page.getByText(/^1 of 3 voted/).waitFor();
    await carol.page.getByRole("button", { name: "Vote no" }).click();
    await carol.page.getByText(/^1 of 3 voted/).waitFor();
    const bobs = await ballotOf(bob.page);
    const carols = await ballotOf(carol.page);

    const match = /#\/pool\/([^/]+)\/proposal\/([^/?]+)/.exec(proposalUrl);
    if (!match) throw new Error(`not a proposal URL: ${proposalUrl}`);
    const [pool, proposal] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
    const size = writeQrVideo(video, [
      bobs,
      tampered(bobs, "no"),
      await otherPoolsBallot(),
      carols,
      await strangersBallot(pool, proposal),
    ]);
    expect(size).toBeLessThan(6 * 1024 * 1024); // raw frames: a few MB for a 7.5-second loop

    // alice has the proposal open; the count is what her phone holds: nobody has voted.
    await eventually(async () => expect(await textOf(alice.page, "vote-count")).toMatch(/^0 of 3 voted/));
    await alice.page.getByText("Collect ballots (meetup without signal)").click();
    const scan = alice.page.getByRole("link", { name: "Scan ballots with the camera" });
    await scan.scrollIntoViewIfNeeded();
    await alice.page.screenshot({ path: path.join(SHOTS, "meetup-proposal-collect.png") });
    await scan.click();
    await alice.page.getByRole("heading", { level: 1, name: "Collect ballots" }).waitFor();

    const count = () => textOf(alice.page, "collect-count");
    await eventually(async () => expect(await count()).toBe("2 of 3 voted: 1 yes, 1 no, 0 abstain."), 60_000);
    const log = scanned(alice.page);
    for (const reason of ["bad-signature", "wrong-pool", "not-a-member"] as const)
      await log.getByText(`Ballot refused: ${BALLOT_REASONS[reason]}`).waitFor({ timeout: 60_000 });
    await log.getByText("Counted: Bob voted yes.").waitFor();
    await log.getByText("Counted: Carol voted no.").waitFor();

    // The video loops: bob's ballot comes round again and changes nothing.
    await eventually(
      async () =>
        expect(await log.getByRole("listitem").filter({ hasText: "Counted: Bob voted yes." }).textContent()).toMatch(
          /Scanned \d+ times; counted once\./,
        ),
      60_000,
    );
    expect(await count()).toBe("2 of 3 voted: 1 yes, 1 no, 0 abstain.");
    expect(await log.getByRole("listitem").count()).toBe(5);
    expect(await textOf(alice.page, "meetup-result")).toMatch(/Not passing yet/);
    await expectSync(alice.page, /Offline|changes waiting/);
    await check(alice.page, "meetup-collect");
    await alice.page.screenshot({ path: path.join(SHOTS, "meetup-collect-full.png"), fullPage: true });
  }, 180_000);

  it("the meeting view shows the room the count, who has not voted and what is still needed", async () => {
    await alice.page.getByRole("link", { name: "Meeting view" }).click();
    await alice.page.getByRole("heading", { level: 1, name: "Meeting view" }).waitFor();
    await alice.page.getByRole("heading", { level: 2, name: TITLE }).waitFor();
    expect(await textOf(alice.page, "count-yes")).toBe("1");
    expect(await textOf(alice.page, "count-no")).toBe("1");
    expect(await textOf(alice.page, "count-abstain")).toBe("0");
    expect(await textOf(alice.page, "meeting-count")).toMatch(/^2 of 3 voted: 1 yes, 1 no, 0 abstain\./);
    expect(await textOf(alice.page, "meeting-not-voted")).toBe("1 eligible member has not voted yet.");
    expect(await textOf(alice.page, "meeting-needed")).toMatch(/needed/);
    await check(alice.page, "meetup-meeting");

    // alice votes too; the room sees it at once.
    await alice.page.getByRole("link", { name: "Back" }).click();
    await alice.page.getByRole("button", { name: "Vote yes" }).click();
    await eventually(async () => expect(await textOf(alice.page, "vote-count")).toMatch(/^3 of 3 voted/));
    await alice.page.evaluate(() => {
      location.hash = `${location.hash}/meeting`;
    });
    await eventually(async () => expect(await textOf(alice.page, "meeting-not-voted")).toBe("Everyone voted."));
    expect(await textOf(alice.page, "count-yes")).toBe("2");
    await check(alice.page, "meetup-meeting-decided");
  }, 90_000);
});
