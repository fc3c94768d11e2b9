/**
 * alice's app is closed when mallory deletes entries. When alice opens the pool again, her
 * device writes back the valid events it verified before (from its event archive), and leaves
 * junk deleted (rules §3.7: junk is shed, never healed).
 */
import { afterEach, expect, test } from "vitest";
import { signEvent } from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../src/sync/pools.ts";
import { entryKeyOf } from "../../src/sync/schema/entryKey.ts";
import { type PoolDoc, packEntry } from "../../src/sync/schema/poolDoc.ts";
import { type Device, inOrder, startDevice, startSyncRelay } from "../helpers/peers.ts";
import { type TestRelay, waitFor } from "../helpers/relay.ts";
import { personKeys, World } from "../helpers/world.ts";

const devices: Device[] = [];
const sessions: PoolSession[] = [];
let relay: TestRelay;
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  for (const d of devices.splice(0)) {
    expect(d.errors).toEqual([]);
    await d.shutdown();
  }
  await relay.close();
});

test("a reopened pool heals events deleted while the app was closed, and not junk", async () => {
  relay = await startSyncRelay();
  const world = await World.withMembers(["alice", "bob"]);
  const dues = await world.contribute("bob", "bob", 2500);
  const [alice, mallory] = await Promise.all(
    ["alice", "mallory"].map((n) => startDevice(n, { relayUrl: relay.url, now: () => world.now })),
  );
  devices.push(alice!, mallory!);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(alice!.repo, genesis!, alice!.deps);
  if (!created.ok) throw new Error(created.reason);
  const first = created.value;
  await first.append(rest);

  const m = await mallory!.repo.find<PoolDoc>(first.docUrl);
  const junk = await signEvent(
    {
      pool: first.poolId,
      type: "member.left",
      by: world.id("mallory"),
      at: world.now,
      parents: first.view().state!.heads,
      data: {},
    },
    personKeys("mallory").signer,
    sha256,
  );
  m.change((d) => {
    d.events[entryKeyOf(junk)] = packEntry(junk);
  });
  await waitFor(() => first.view().junk === 1 && !(entryKeyOf(junk) in m.doc().events), {
    what: "alice's device to shed mallory's junk",
  });

  // alice closes the pool; her device keeps syncing the document in the background.
  first.close();
  m.change((d) => {
    delete d.events[entryKeyOf(dues)];
  });
  await waitFor(() => !(entryKeyOf(dues) in first.handle.doc().events), {
    what: "the deletion to reach alice's device",
  });

  const reopened = await openPool(alice!.repo, { docUrl: first.docUrl, genesisId: first.poolId }, alice!.deps);
  if (!reopened.ok) throw new Error(reopened.reason);
  sessions.push(reopened.value);
  await waitFor(() => entryKeyOf(dues) in m.doc().events, { what: "alice's device to write the contribution back" });
  expect(reopened.value.view().healed).toEqual(new Set([dues.id]));
  expect(entryKeyOf(junk) in reopened.value.handle.doc().events).toBe(false);
  expect(reopened.value.view().state!.ledger.entries.some((e) => e.id === dues.id)).toBe(true);
});
