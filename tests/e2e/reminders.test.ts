/**
 * docs/rules.md §11 "Reminders" end to end, on 127.0.0.1: three phones turn on reminders for
 * their pool in Settings; when a member's change reaches the relay, it sends the other phones an
 * empty push signed with its VAPID key (a local server stands in for the push service), and each
 * phone's service worker, woken through Chromium's DevTools protocol, syncs, derives and notifies
 * only when something new needs its own person.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.ts";
import { type PushService, startPushService, verifyVapid } from "../helpers/pushService.ts";
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
} from "./support/phone.ts";
import { lastChecked, PushDelivery, shownNotifications, standInPushManager } from "./support/pushStandIn.ts";
import { type AppServer, startAppServer } from "./support/server.ts";
import { serviceWorkerActivated } from "./support/serviceWorker.ts";

const POOL = "Hiking Club Pool";
const TITLE = "New tent";

describe("rules §11 reminders: Web Push wakes a phone only for what needs its person", () => {
  let server: AppServer;
  let service: PushService;
  let browser: Browser;
  let origin: string;
  const phones: Record<"alice" | "bob" | "carol", Phone & { push?: PushDelivery }> = {} as never;

  const pushesTo = (who: string) => service.received.filter((r) => r.path === `/send/${who}`);

  /** Delivers an empty push to a phone and waits until its service worker has read the pool again. */
  async function wake(p: Phone & { push?: PushDelivery }): Promise<void> {
    const before = Object.values(await lastChecked(p.page))[0] ?? 0;
    await (p.push as PushDelivery).deliver();
    await eventually(
      async () => expect(Object.values(await lastChecked(p.page))[0] ?? 0).toBeGreaterThan(before),
      60_000,
    );
  }

  beforeAll(async () => {
    fs.mkdirSync(path.join(ROOT, "test-artifacts"), { recursive: true });
    service = await startPushService();
    server = await startAppServer({
      push: { endpointPolicy: { hosts: ["127.0.0.1"], allowHttp: true }, delayMs: 50 },
    });
    origin = new URL(server.url).origin;
    browser = await launchBrowser();
    for (const name of ["alice", "bob", "carol"] as const) {
      const phone = await newPhone(browser, name);
      await phone.context.grantPermissions(["notifications"], { origin });
      await standInPushManager(phone.context, `${service.url}/send/${name}`);
      phones[name] = phone;
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await service?.close();
  });

  it("alice founds the pool, bob and carol join, and each turns on reminders in Settings", async () => {
    const { alice, bob, carol } = phones;
    await alice.page.goto(server.url);
    await makeIdentity(alice.page, "Alice");
    await foundPool(alice.page, POOL, { meetup: true });
    await joinByLink(bob.page, await createInvite(alice.page), "Bob", POOL);
    await openTab(alice.page, "Overview");
    await joinByLink(carol.page, await createInvite(alice.page), "Carol", POOL);
    for (const p of [alice, bob, carol]) {
      await openTab(p.page, "Members");
      await eventually(
        async () => expect(await p.page.getByRole("list", { name: "Members" }).getByRole("listitem").count()).toBe(3),
        60_000,
      );
      await serviceWorkerActivated(p.page, 60_000);
      await p.page.goto(`${server.url}#/settings`);
      const toggle = p.page.getByRole("checkbox", { name: `Remind me about ${POOL}` });
      expect(await toggle.isChecked()).toBe(false);
      // The switch moves only once the phone is subscribed, so it is tapped, not "checked".
      await toggle.click();
      await eventually(async () => expect(await toggle.isChecked()).toBe(true), 30_000);
      // The switch shows the true state: after a reload it reads the subscription again.
      await p.page.reload();
      await eventually(async () => expect(await toggle.isChecked()).toBe(true), 30_000);
      p.push = await PushDelivery.open(p.page, origin);
    }
    await carol.page.screenshot({ path: path.join(ROOT, "test-artifacts", "reminders-settings.png"), fullPage: true });
    expect(await seriousViolations(carol.page)).toEqual([]);
    expect(service.received).toEqual([]);
  }, 300_000);

  it("alice proposes and votes: the relay wakes bob's and carol's phones with an empty, VAPID-signed push, not hers", async () => {
    const { alice } = phones;
    await alice.page.goto(`${server.url}#/`);
    await alice.page
      .getByRole("link", { name: new RegExp(POOL) })
      .first()
      .click();
    await openTab(alice.page, "Proposals");
    await alice.page.getByRole("link", { name: "New proposal" }).click();
    await alice.page.getByLabel("Title").fill(TITLE);
    await alice.page.getByRole("button", { name: "Publish proposal" }).click();
    await alice.page.getByRole("heading", { name: TITLE }).waitFor();
    await alice.page.getByRole("button", { name: "Vote yes" }).click();

    await eventually(async () => {
      expect(pushesTo("bob").length).toBeGreaterThan(0);
      expect(pushesTo("carol").length).toBeGreaterThan(0);
    }, 60_000);
    await server.relay.push?.notifier.idle();
    expect(pushesTo("alice")).toEqual([]);
    const publicKey = ((await (await fetch(`${origin}/push/key`)).json()) as { publicKey: string }).publicKey;
    for (const push of service.received) {
      expect(push.body.length).toBe(0);
      expect(push.headers["content-encoding"]).toBeUndefined();
      verifyVapid(push.headers.authorization, publicKey, service.url);
    }
  }, 120_000);

  it("woken, bob's and carol's phones say their vote is needed, with the close; tapping opens the proposal", async () => {
    const { bob, carol } = phones;
    for (const p of [bob, carol]) {
      await wake(p);
      const shown = await shownNotifications(p.page);
      expect(shown.map((n) => n.title)).toEqual([POOL]);
      expect(shown[0]?.body).toMatch(new RegExp(`^${TITLE}: your vote is needed, closes \\S+ \\d\\d:\\d\\d$`));
    }
    // A second wake-up with nothing new shows nothing new: the one notification stays as it was.
    const first = await shownNotifications(bob.page);
    await wake(bob);
    expect(await shownNotifications(bob.page)).toEqual(first);

    const [note] = await shownNotifications(bob.page);
    expect(note?.route).toMatch(/^#\/pool\/[^/]+\/proposal\/[^/]+$/);
    await bob.page.goto(`${server.url}${note?.route}`);
    await bob.page.getByRole("heading", { name: TITLE }).waitFor();
  }, 180_000);

  it("after bob votes, alice's phone is woken and shows nothing: bob's vote does not need her", async () => {
    const { alice, bob, carol } = phones;
    const sent = { alice: pushesTo("alice").length, carol: pushesTo("carol").length };
    await bob.page.getByRole("button", { name: "Vote yes" }).click();
    await eventually(async () => {
      expect(pushesTo("alice").length).toBeGreaterThan(sent.alice);
      expect(pushesTo("carol").length).toBeGreaterThan(sent.carol);
    }, 60_000);
    await wake(alice);
    expect(await shownNotifications(alice.page)).toEqual([]);
    // carol still has her one reminder to vote, not shown again for bob's vote.
    const before = await shownNotifications(carol.page);
    await wake(carol);
    expect(await shownNotifications(carol.page)).toEqual(before);
    expect(before.map((n) => n.body)).toEqual([expect.stringMatching(new RegExp(`^${TITLE}: your vote is needed`))]);
  }, 180_000);

  it("push is optional: a browser without it says so plainly, and one that refuses notifications keeps the switch off", async () => {
    const noPush = await newPhone(browser, "dave");
    await noPush.context.addInitScript(() => {
      // A browser with no Push API at all (some in-app browsers, older iOS outside the home screen).
      delete (globalThis as { PushManager?: unknown }).PushManager;
    });
    await noPush.page.goto(server.url);
    await makeIdentity(noPush.page, "Dave");
    await foundPool(noPush.page, "Dave's Pool");
    await noPush.page.goto(`${server.url}#/settings`);
    await noPush.page.getByTestId("reminders-unavailable").waitFor();
    expect(await noPush.page.getByTestId("reminders-unavailable").textContent()).toMatch(
      /cannot receive reminders here\. Everything else works/,
    );
    expect(await noPush.page.getByRole("checkbox", { name: /Remind me about/ }).count()).toBe(0);

    // Notifications not granted: turning reminders on says why and the switch stays off.
    const refuses = await newPhone(browser, "erin");
    await standInPushManager(refuses.context, `${service.url}/send/erin`);
    await refuses.page.goto(server.url);
    await makeIdentity(refuses.page, "Erin");
    await foundPool(refuses.page, "Erin's Pool");
    await serviceWorkerActivated(refuses.page, 60_000);
    await refuses.page.goto(`${server.url}#/settings`);
    const toggle = refuses.page.getByRole("checkbox", { name: "Remind me about Erin's Pool" });
    await toggle.click();
    await refuses.page.getByText(/Notifications are not allowed for Pools on this phone/).waitFor();
    expect(await toggle.isChecked()).toBe(false);
    expect(pushesTo("erin")).toEqual([]);
  }, 180_000);
});
