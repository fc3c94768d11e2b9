import { afterEach, describe, expect, test } from "vitest";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool } from "../../src/sync/pools.ts";
import { type SyncStatus, watchSyncStatus } from "../../src/sync/syncStatus.ts";
import { type Device, inOrder, startDevice, startSyncRelay } from "../helpers/peers.ts";
import { type TestRelay, waitFor } from "../helpers/relay.ts";
import { World } from "../helpers/world.ts";

const devices: Device[] = [];
const sessions: PoolSession[] = [];
let relay: TestRelay | undefined;
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  for (const d of devices.splice(0)) await d.shutdown();
  await relay?.close();
  relay = undefined;
});

async function alicesPool(world: World, relayUrl?: string) {
  const alice = await startDevice("alice", { now: () => world.now, ...(relayUrl === undefined ? {} : { relayUrl }) });
  devices.push(alice);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(alice.repo, genesis!, alice.deps);
  if (!created.ok) throw new Error(created.reason);
  sessions.push(created.value);
  await created.value.append(rest);
  return { alice, session: created.value };
}

describe("sync status for the UI", () => {
  test("online with nothing pending once the relay holds every change; offline edits are counted", async () => {
    relay = await startSyncRelay();
    const world = await World.withMembers(["alice", "bob"]);
    const { alice, session } = await alicesPool(world, relay.url);
    const watch = watchSyncStatus(alice.repo, session.handle, alice.relay);
    const seen: SyncStatus[] = [];
    watch.subscribe((s) => seen.push(s));
    await waitFor(() => watch.get().online && watch.get().pending === 0, { what: "the relay to hold alice's pool" });

    alice.relay!.goOffline();
    await waitFor(() => !watch.get().online, { what: "alice to be offline" });
    const proposal = await world.propose("alice", { kind: "decision" });
    await session.append(proposal);
    await session.append(await world.vote("alice", proposal.id, "yes"));
    expect(watch.get()).toEqual({ online: false, pending: 2 });

    await alice.relay!.goOnline();
    await waitFor(() => watch.get().online && watch.get().pending === 0, {
      what: "alice's offline changes to reach the relay",
    });
    expect(seen.some((s) => s.online === false && s.pending === 2)).toBe(true);
    watch.close();
  });

  test("with no relay the status is offline and unknown", async () => {
    const world = await World.found("alice");
    const { alice, session } = await alicesPool(world);
    const watch = watchSyncStatus(alice.repo, session.handle, alice.relay);
    expect(watch.get()).toEqual({ online: false, pending: true });
    watch.close();
  });
});
