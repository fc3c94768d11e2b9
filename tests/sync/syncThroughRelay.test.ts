import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../src/sync/pools.ts";
import { type Device, idsOf, inOrder, startDevice, startSyncRelay, writeAs } from "../helpers/peers.ts";
import { type TestRelay, waitFor } from "../helpers/relay.ts";
import { DAY, World } from "../helpers/world.ts";

describe("two devices sync a pool through the relay", () => {
  let relay: TestRelay;
  const devices: Device[] = [];
  const sessions: PoolSession[] = [];

  beforeEach(async () => {
    relay = await startSyncRelay();
  });

  afterEach(async () => {
    for (const s of sessions.splice(0)) s.close();
    for (const d of devices.splice(0)) {
      expect(d.errors).toEqual([]);
      await d.shutdown();
    }
    await relay.close();
  });

  async function device(name: string, world: World): Promise<Device> {
    const d = await startDevice(name, { relayUrl: relay.url, now: () => world.now });
    devices.push(d);
    return d;
  }

  test("alice founds, bob opens by URL and genesis id, and both hold the same events", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const alice = await device("alice", world);
    const [genesis, ...rest] = inOrder(world);
    const created = await createPool(alice.repo, genesis!, alice.deps);
    if (!created.ok) throw new Error(created.reason);
    const a = created.value;
    sessions.push(a);
    expect(await a.append(rest)).toMatchObject({ ok: true });
    expect(a.view().state?.activeMembers).toHaveLength(2);

    const bob = await device("bob", world);
    const opened = await openPool(bob.repo, { docUrl: a.docUrl, genesisId: a.poolId }, bob.deps);
    if (!opened.ok) throw new Error(opened.reason);
    const b = opened.value;
    sessions.push(b);
    await waitFor(() => idsOf(b.view().events).length === world.events.size, { what: "bob to receive every event" });
    expect(idsOf(b.view().events)).toEqual(idsOf(a.view().events));
    expect(b.view().state).toEqual(a.view().state);
    expect(await bob.device.getPool(a.poolId)).toEqual({
      genesisId: a.poolId,
      docUrl: a.docUrl,
      name: "Hiking Club Pool",
    });
  });

  test("both go offline, each appends, and after reconnecting both derive the same pool", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const alice = await device("alice", world);
    const bob = await device("bob", world);
    const [genesis, ...rest] = inOrder(world);
    const a = await createPool(alice.repo, genesis!, alice.deps).then((r) => (r.ok ? r.value : Promise.reject(r)));
    sessions.push(a);
    await a.append(rest);
    const b = await openPool(bob.repo, { docUrl: a.docUrl, genesisId: a.poolId }, bob.deps).then((r) =>
      r.ok ? r.value : Promise.reject(r),
    );
    sessions.push(b);
    await waitFor(() => idsOf(b.view().events).length === world.events.size, { what: "bob to catch up" });

    alice.relay!.goOffline();
    bob.relay!.goOffline();
    world.tick(DAY);
    const tents = await writeAs(
      a,
      "alice",
      "proposal.created",
      { kind: "decision", title: "Buy two tents", text: "$340", closesAt: world.now + 7 * DAY },
      world.now,
    );
    const dues = await writeAs(
      b,
      "bob",
      "ledger.contribution",
      { amount: 2500, from: { member: world.id("bob") }, kind: "dues", memo: "March" },
      world.now,
    );
    expect(await a.append(tents)).toMatchObject({ ok: true });
    expect(await b.append(dues)).toMatchObject({ ok: true });
    // Offline, each sees only its own new event.
    expect(a.view().events.has(dues.id)).toBe(false);
    expect(b.view().events.has(tents.id)).toBe(false);

    await alice.relay!.goOnline();
    await bob.relay!.goOnline();
    await waitFor(() => a.view().events.has(dues.id) && b.view().events.has(tents.id), {
      what: "both new events on both devices",
    });
    const [va, vb] = [await a.refresh(), await b.refresh()];
    expect(idsOf(va.events)).toEqual(idsOf(vb.events));
    expect(va.state?.proposals[tents.id]?.title).toBe("Buy two tents");
    expect(va.state?.ledger.entries.some((e) => e.id === dues.id)).toBe(true);
    expect(vb.state).toEqual(va.state);
  });
});
