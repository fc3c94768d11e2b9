/**
 * Rules §9 in a real browser: bob is a member of a pool made before encryption; alice's phone
 * (here a Node peer on the same relay) moves it to a sealed document. Until a member's phone
 * hands bob's phone the new key, bob's pool screen says plainly that the pool moved; once alice's
 * phone answers, bob's phone switches to the sealed document by itself and reads what alice
 * wrote there.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signEvent } from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import { encryptPool } from "../../src/sync/encryption/encryptPool.ts";
import { watchMove } from "../../src/sync/encryption/followMove.ts";
import { encodeInviteLink } from "../../src/sync/inviteLink.ts";
import { createSeededDocument } from "../../src/sync/poolDocument.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { openPool } from "../../src/sync/pools.ts";
import { writeEvents } from "../../src/sync/writeEvents.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { type Device, startDevice, writeAs } from "../helpers/peers.ts";
import { waitFor } from "../helpers/relay.ts";
import { DAY, personKeys, World } from "../helpers/world.ts";
import { eventually, joinByLink, newPhone, openTab, type Phone } from "./support/phone.ts";
import { type AppServer, startAppServer } from "./support/server.ts";

const POOL = "Hiking Club Pool";

describe("a pool made before encryption, moved while bob's phone is open", () => {
  let server: AppServer;
  let browser: Browser;
  let bob: Phone;
  let alice: Device;
  const sessions: PoolSession[] = [];
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    bob = await newPhone(browser, "bob");
    alice = await startDevice("alice", { relayUrl: server.relay.url, now: () => Date.now(), poolKeys: true });
  }, 180_000);

  afterAll(async () => {
    for (const stop of stops) stop();
    for (const s of sessions) s.close();
    await alice?.shutdown();
    await browser?.close();
    await server?.close();
  });

  it("rules §9 pool-moved: bob's phone says the pool moved, then switches to the sealed copy by itself", async () => {
    // alice's plaintext pool, written before encryption, and an invite link without a pool key.
    const world = await World.withMembers(["alice"]);
    world.now = Date.now();
    const invite = await world.invite("alice");
    const handle = createSeededDocument(alice.repo);
    writeEvents(
      handle,
      [...world.events.values()].map((e) => ({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at })),
    );
    const opened = await openPool(alice.repo, { docUrl: handle.url, genesisId: world.genesisId }, alice.deps);
    if (!opened.ok) throw new Error(opened.reason);
    const old = opened.value;
    sessions.push(old);
    expect(old.encrypted).toBe(false);
    const link = encodeInviteLink(server.url, {
      docId: handle.url.replace(/^automerge:/, ""),
      genesisId: world.genesisId,
      secret: world.inviteSecret(invite.id) as Uint8Array,
    });

    await joinByLink(bob.page, link, "Bob", POOL);
    const join = await waitFor(() => old.view().state?.pendingJoins[0]?.join, { what: "alice to see bob's join" });
    expect(await old.append(await writeAs(old, "alice", "member.admitted", { join }, Date.now()))).toMatchObject({
      ok: true,
    });
    await eventually(async () => expect(await bob.page.getByText("You asked to join.").count()).toBe(0));

    // alice's phone moves the pool (as a build that wrote no signed move record did): bob's phone has no key for it.
    const moved = await encryptPool(alice.repo, old, alice.deps);
    if (!moved.ok) throw new Error(moved.reason);
    const sealed = moved.value;
    sessions.push(sealed);
    await bob.page.getByTestId("pool-moved").waitFor();
    expect(await bob.page.getByTestId("pool-moved").textContent()).toContain(
      "This pool moved to an encrypted copy. Ask a member for a new invite link.",
    );
    await bob.page.screenshot({ path: "test-artifacts/pool-moved.png" });

    // alice's phone hands the key over; bob's phone follows and reads what alice writes there.
    stops.push(
      watchMove(alice.repo, sealed, alice.deps, {
        sign: (state, type, data) =>
          signEvent(
            {
              pool: state.poolId,
              type,
              by: personKeys("alice").id,
              at: Math.max(Date.now(), state.latestAt + 1),
              parents: state.heads,
              data,
            },
            personKeys("alice").signer,
            sha256,
          ),
        person: async () => ({ id: personKeys("alice").id, deliveryKey: "" }),
        moved: () => undefined,
        waiting: () => undefined,
      }),
    );
    await bob.page.getByTestId("pool-moved").waitFor({ state: "detached", timeout: 30_000 });
    const title = "Sealed from the relay";
    const proposal = await writeAs(
      sealed,
      "alice",
      "proposal.created",
      { kind: "decision", title, text: "", closesAt: Date.now() + 7 * DAY },
      Date.now(),
    );
    expect(await sealed.append(proposal)).toMatchObject({ ok: true });
    await openTab(bob.page, "Proposals");
    await bob.page.getByText(title).first().waitFor({ timeout: 30_000 });

    // bob's commands now go to the sealed copy too: his vote reaches alice there.
    await bob.page.getByRole("link", { name: new RegExp(title) }).click();
    await bob.page.getByRole("button", { name: "Vote yes" }).click();
    // alice has not voted: the only vote there is bob's.
    const votes = await waitFor(
      () => {
        const v = Object.values(sealed.view().state?.proposals[proposal.id]?.votes ?? {});
        return v.length > 0 ? v : undefined;
      },
      { what: "bob's vote to reach the sealed copy", timeoutMs: 30_000 },
    );
    expect(votes.map((v) => v.choice)).toEqual(["yes"]);
    expect(await bob.page.getByRole("alert").count()).toBe(0);
  }, 180_000);
});
