/**
 * Rules §5/§9 between real devices through the relay: the flood's own key moves on. Pool A removes
 * carol; the flood on alice's phone sees that its key still reaches someone who is no longer in it
 * and writes `flood.key-rotated`, sealed to the delivery key of each remaining member. dave (pool B)
 * reads what the flood writes after — also when his phone was offline through the rotation — and
 * carol's phone, still holding the flood's old key, does not.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { decodeEnvelope } from "../../src/core/encryption/envelope.ts";
import { type EventId, type FloodState, type SignedEvent, signEvent, toBase64url } from "../../src/core/index.ts";
import { type DeliveryKeyPair, deliveryKeyPairFromSeed } from "../../src/crypto/hpkeKeySealer.ts";
import { sha256 } from "../../src/crypto/index.ts";
import { autoRotate } from "../../src/state/commands/rotateKey.ts";
import { floodKeysText } from "../../src/sync/encryption/floodKeysText.ts";
import { sealFloodRotation } from "../../src/sync/encryption/sealFloodRotation.ts";
import { decodeFloodLink, encodeFloodLink } from "../../src/sync/floodLink.ts";
import { createFlood, docIdOfUrl, type FloodSession, openFlood } from "../../src/sync/floodSession.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool } from "../../src/sync/pools.ts";
import { entryKey } from "../../src/sync/schema/entryKey.ts";
import { FloodWorld, syncClocks } from "../helpers/floods.ts";
import { type Device, inOrder, startDevice, startSyncRelay, writeAs } from "../helpers/peers.ts";
import { type TestRelay, waitFor } from "../helpers/relay.ts";
import { DAY, personKeys, World } from "../helpers/world.ts";

const QUICK = { minVotingHours: 0, sealAfterHours: 0 };

const pairs = new Map<string, Promise<DeliveryKeyPair>>();
/** Each person's delivery key pair, the same on every device of theirs. */
function pairOf(name: string): Promise<DeliveryKeyPair> {
  if (!pairs.has(name)) pairs.set(name, deliveryKeyPairFromSeed(sha256(new TextEncoder().encode(`delivery-${name}`))));
  return pairs.get(name) as Promise<DeliveryKeyPair>;
}
const publicOf = async (name: string) => toBase64url((await pairOf(name)).publicKey);

/** A pool of `names` (the first founds it), every join publishing a delivery key. */
async function poolOf(names: [string, ...string[]], name: string): Promise<World> {
  const [founder, ...rest] = names;
  const world = await World.found(founder, QUICK, name, { deliveryKey: await publicOf(founder) });
  for (const n of rest) {
    const invite = await world.invite(founder);
    const join = await world.join(n, invite.id, { deliveryKey: await publicOf(n) });
    await world.admit(founder, join.id);
  }
  return world;
}

describe("rules §5/§9: the flood's key moves on", () => {
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

  async function ok<T>(
    p: Promise<{ ok: true; value: T } | { ok: false; reason: string; detail?: string }>,
  ): Promise<T> {
    const r = await p;
    if (!r.ok) throw new Error(`${r.reason} ${r.detail ?? ""}`);
    return r.value;
  }

  /** Appends whatever of the world this session does not hold yet. */
  async function push(session: PoolSession, world: World): Promise<void> {
    const missing = inOrder(world).filter((e) => !session.view().verified.has(e.id));
    const r = await session.append(missing);
    if (!r.ok) throw new Error(`append refused: ${r.reason} ${r.detail ?? ""}`);
  }

  const epochOfEntry = (session: PoolSession, id: string, at: number) => {
    const value = session.handle.doc()?.events[entryKey(id, at)];
    const env = value && decodeEnvelope(value);
    return env?.ok ? env.value.epoch : undefined;
  };

  /**
   * Pools A (alice, bob, carol) and B (dave, erin), encrypted, both in a flood alice founded:
   * alice's phone holds pool A and the flood, dave's phone holds pool B and the flood.
   */
  async function twoPoolsInAnEncryptedFlood() {
    const a = await poolOf(["alice", "bob", "carol"], "Hiking Club Pool");
    const b = await poolOf(["dave", "erin"], "Garden Pool");
    const flood = await FloodWorld.foundFlood("alice", "River Cleanup Flood", QUICK);
    const worlds = [a, b, flood];
    // The phones' clock runs ahead of every world's: events dated after a device's clock wait (rules §3.6).
    // It never runs behind the wall clock either: the app dates what it writes by it (state/clock.ts).
    const clock = () => Math.max(a.now, b.now, flood.now, Date.now()) + DAY;
    const device = async (name: string) => {
      const d = await startDevice(name, { relayUrl: relay.url, now: clock, poolKeys: true });
      d.deps.deliveryKeys = async () => [await pairOf(name)];
      devices.push(d);
      return d;
    };
    const alice = await device("alice");
    const dave = await device("dave");
    const open = async (d: Device, world: World) => {
      const [genesis, ...rest] = inOrder(world);
      const s = await ok(createPool(d.repo, genesis as SignedEvent, d.deps));
      sessions.push(s);
      expect(await s.append(rest)).toMatchObject({ ok: true });
      return s;
    };
    const poolA = await open(alice, a);
    const poolB = await open(dave, b);
    const aliceFlood: FloodSession = await ok(
      createFlood(alice.repo, flood.events.get(flood.genesisId) as SignedEvent, alice.deps),
    );
    sessions.push(aliceFlood);
    const floodKey = (await aliceFlood.poolKeyForInvite())?.raw as Uint8Array;

    const join = async (
      pool: World,
      session: PoolSession,
      fs: FloodSession,
      members: [string, string, ...string[]],
    ) => {
      syncClocks(...worlds);
      const p = await pool.propose(
        members[0],
        {
          kind: "flood.join",
          flood: flood.genesisId,
          floodDoc: docIdOfUrl(aliceFlood.docUrl),
          amount: 10_000,
          floodKey: toBase64url(floodKey),
        },
        { closesIn: DAY },
      );
      for (const m of members) await pool.vote(m, p.id, "yes");
      await pool.decide(p.id, members[0], members[1]);
      await push(session, pool);
      syncClocks(...worlds);
      const key = (await session.poolKeyForInvite()) as { epoch: number; raw: Uint8Array };
      await flood.add(members[0], "flood.pool-joined", {
        pool: pool.genesisId,
        poolDoc: docIdOfUrl(session.docUrl),
        proposal: p.id,
        poolKey: `${key.epoch}.${toBase64url(key.raw)}`,
      });
      await push(fs, flood);
    };
    await join(a, poolA, aliceFlood, ["alice", "bob", "carol"]);
    // dave opens the flood with its key, as pool B's passed flood.join carries it.
    const daveFlood: FloodSession = await ok(
      openFlood(dave.repo, { docUrl: aliceFlood.docUrl, genesisId: flood.genesisId, key: floodKey }, dave.deps),
    );
    sessions.push(daveFlood);
    await waitFor(() => daveFlood.view().verified.size >= 2, { what: "dave to receive the flood" });
    await join(b, poolB, daveFlood, ["dave", "erin"]);
    await waitFor(() => daveFlood.floodState()?.pools.length === 2, { what: "dave's flood to see both pools" });
    await waitFor(() => aliceFlood.floodState()?.pools.length === 2, { what: "alice's flood to see both pools" });
    return { a, b, flood, worlds, alice, dave, poolA, aliceFlood, daveFlood, floodKey, device };
  }

  /**
   * Pool A removes carol; the flood on alice's phone finds a rotation due and alice's phone writes
   * it (what the app does, state/commands/rotateKey.ts), then a flood proposal under the new epoch.
   */
  async function removeCarolAndRotateTheFlood(setup: Awaited<ReturnType<typeof twoPoolsInAnEncryptedFlood>>) {
    const { a, flood, worlds, poolA, aliceFlood } = setup;
    syncClocks(...worlds);
    const removal = await a.propose("alice", { kind: "remove-member", member: a.id("carol") }, { closesIn: DAY });
    for (const m of ["alice", "bob"]) await a.vote(m, removal.id, "yes");
    await a.decide(removal.id, "alice", "bob");
    await push(poolA, a);
    await waitFor(() => aliceFlood.floodState()?.keys.rotationDue !== undefined, {
      what: "the flood on alice's phone to see that its key must move on",
    });
    const state = aliceFlood.floodState() as FloodState;
    expect(state.activeMembers).not.toContain(a.id("carol"));
    const sealed = (await sealFloodRotation(state)) as NonNullable<Awaited<ReturnType<typeof sealFloodRotation>>>;
    // Sealed to each remaining member of the flood, not to carol.
    expect(Object.keys(sealed.data.keys).sort()).toEqual(["alice", "bob", "dave", "erin"].map((m) => a.id(m)).sort());
    syncClocks(...worlds);
    flood.tick(1000);
    const rotation = await writeAs(aliceFlood, "alice", "flood.key-rotated", sealed.data, flood.now);
    aliceFlood.madeRotation(rotation.id, sealed.raw);
    expect(await aliceFlood.append(rotation)).toMatchObject({ ok: true });
    await waitFor(() => aliceFlood.floodState()?.keys.epoch === 1, { what: "alice's flood to take epoch 1" });
    expect(aliceFlood.floodState()?.keys.rotationDue).toBeUndefined();
    // Sealed under the flood's first key, which every member holds (a newcomer to a pool too).
    expect(epochOfEntry(aliceFlood, rotation.id, rotation.body.at)).toBe(0);
    flood.tick(1000);
    const plan = await writeAs(
      aliceFlood,
      "alice",
      "proposal.created",
      {
        kind: "spend",
        title: "Skips for the river bank",
        text: "",
        closesAt: flood.now + 7 * DAY,
        amount: 4_000,
        payee: "Skip Hire",
        purpose: "Skips",
      },
      flood.now,
    );
    expect(await aliceFlood.append(plan)).toMatchObject({ ok: true });
    expect(epochOfEntry(aliceFlood, plan.id, plan.body.at)).toBe(1);
    return { rotation, plan };
  }

  test("rules §9 flood.key-rotated: after carol is removed from pool A the flood rotates, and dave (pool B) reads what it writes after", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { daveFlood } = setup;
    const { rotation, plan } = await removeCarolAndRotateTheFlood(setup);
    await waitFor(() => daveFlood.view().events.has(rotation.id), { what: "dave's phone to receive the rotation" });
    await waitFor(() => daveFlood.view().events.has(plan.id), {
      what: "dave's phone to read the flood's plan written after the rotation",
    });
    expect(daveFlood.floodState()?.keys.epoch).toBe(1);
    expect(daveFlood.floodState()?.proposals[plan.id]?.title).toBe("Skips for the river bank");
    expect(daveFlood.floodState()?.audit).toEqual([]);
  }, 90_000);

  test("rules §9 flood.key-rotated: dave's phone, offline through the removal and the rotation, catches up", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { dave, daveFlood } = setup;
    dave.relay?.goOffline();
    const { plan } = await removeCarolAndRotateTheFlood(setup);
    expect(daveFlood.view().events.has(plan.id)).toBe(false);
    await dave.relay?.goOnline();
    await waitFor(() => daveFlood.view().events.has(plan.id), {
      what: "dave's phone to read the flood's plan after coming back online",
    });
    expect(daveFlood.floodState()?.keys.epoch).toBe(1);
    expect(daveFlood.view().junk).toBe(0);
  }, 90_000);

  test("rules §9 flood.key-rotated: carol, removed from pool A but still holding the flood's old key, cannot read what the flood writes after", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { aliceFlood, floodKey, device } = setup;
    const { rotation, plan } = await removeCarolAndRotateTheFlood(setup);
    // carol's phone opens the flood with the key her pool's flood.join gave her while she was a member.
    const carol = await device("carol");
    const carolFlood = await ok(
      openFlood(carol.repo, { docUrl: aliceFlood.docUrl, genesisId: aliceFlood.floodId, key: floodKey }, carol.deps),
    );
    sessions.push(carolFlood);
    await waitFor(() => carolFlood.view().events.has(rotation.id), {
      what: "carol's phone to read the rotation (it is sealed under the old key)",
    });
    await waitFor(() => epochOfEntry(carolFlood, plan.id, plan.body.at) === 1, {
      what: "carol's phone to hold the plan's entry",
    });
    await carolFlood.membersSettled();
    await carolFlood.refresh();
    // Junk is shed in a task queued by the recompute: let it run before looking.
    await new Promise((r) => setTimeout(r, 0));
    expect(carolFlood.view().events.has(plan.id)).toBe(false);
    expect(carolFlood.view().unreadable).toBeGreaterThan(0);
    // Kept, not shed as junk: the entry is of an epoch a readable rotation introduced.
    expect(carolFlood.view().junk).toBe(0);
    expect(epochOfEntry(carolFlood, plan.id, plan.body.at)).toBe(1);
    const id: EventId = plan.id;
    expect(aliceFlood.view().events.has(id)).toBe(true);
  }, 90_000);

  test("rules §9 flood.key-rotated: a pool that joins after the rotation gets every epoch's key with the link, and reads the flood's history and what came after", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { flood, aliceFlood, device } = setup;
    const { plan } = await removeCarolAndRotateTheFlood(setup);
    const keys = await aliceFlood.floodKeysForLink();
    expect(keys?.map((k) => k.epoch)).toEqual([0, 1]);
    const link = encodeFloodLink("https://pools.example", {
      docId: docIdOfUrl(aliceFlood.docUrl),
      genesisId: aliceFlood.floodId,
      ...(keys ? { keys } : {}),
    });
    const decoded = decodeFloodLink(link);
    if (!decoded.ok) throw new Error(decoded.reason);
    // Pool C proposes joining with the keys the link carries: its flood.join is a valid proposal.
    const c = await poolOf(["frank", "grace"], "Allotment Pool");
    const join = await c.propose(
      "frank",
      {
        kind: "flood.join",
        flood: flood.genesisId,
        floodDoc: decoded.value.docId,
        amount: 5_000,
        floodKey: floodKeysText(decoded.value.keys ?? []),
      },
      { closesIn: DAY },
    );
    expect(World.refusal(await c.derive(), join.id)).toBeUndefined();
    // frank's phone opens the flood with those keys: the genesis (epoch 0) and the plan (epoch 1).
    const frank = await device("frank");
    const frankFlood = await ok(
      openFlood(
        frank.repo,
        { docUrl: aliceFlood.docUrl, genesisId: aliceFlood.floodId, keys: decoded.value.keys ?? [] },
        frank.deps,
      ),
    );
    sessions.push(frankFlood);
    await waitFor(() => frankFlood.view().events.has(plan.id), {
      what: "frank's phone to read the plan written after the rotation",
    });
    expect(frankFlood.floodState()?.name).toBe("River Cleanup Flood");
    // The rotation counts once the member pools, read with the keys the flood carries, say alice is in it.
    await waitFor(() => frankFlood.floodState()?.keys.epoch === 1, { what: "frank's flood to count the rotation" });
    expect(frankFlood.view().junk).toBe(0);
  }, 90_000);

  test("rules §9 flood.key-rotated: the app's turn — once carol is removed, alice's phone rotates the flood's key by itself and dave's phone takes it", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { a, flood, worlds, poolA, aliceFlood, daveFlood } = setup;
    syncClocks(...worlds);
    const removal = await a.propose("alice", { kind: "remove-member", member: a.id("carol") }, { closesIn: DAY });
    for (const m of ["alice", "bob"]) await a.vote(m, removal.id, "yes");
    await a.decide(removal.id, "alice", "bob");
    await push(poolA, a);
    await waitFor(() => aliceFlood.floodState()?.keys.rotationDue !== undefined, {
      what: "the flood on alice's phone to see that its key must move on",
    });
    // What alice's app runs on every change of the flood (state/poolModel.ts), here without the wait for her turn.
    const ctx = {
      session: aliceFlood,
      me: () => ({ name: "alice", ...personKeys("alice") }),
      state: () => aliceFlood.floodState(),
    };
    await autoRotate(ctx, Date.now, new Set(), async () => {});
    await waitFor(() => aliceFlood.floodState()?.keys.epoch === 1, { what: "alice's flood to take epoch 1" });
    const [rotation] = aliceFlood.floodState()?.keys.rotations ?? [];
    expect(rotation?.by).toBe(a.id("alice"));
    expect(Object.keys(rotation?.keys ?? {}).sort()).toEqual(
      ["alice", "bob", "dave", "erin"].map((m) => a.id(m)).sort(),
    );
    expect(aliceFlood.floodState()?.keys.rotationDue).toBeUndefined();
    // Nothing more to do: a second run writes nothing.
    await autoRotate(ctx, Date.now, new Set(), async () => {});
    expect(aliceFlood.floodState()?.keys.rotations).toHaveLength(1);
    await waitFor(() => daveFlood.floodState()?.keys.epoch === 1, { what: "dave's flood to count the rotation" });

    flood.now = Date.now() + 1000;
    syncClocks(...worlds);
    const plan = await writeAs(
      aliceFlood,
      "alice",
      "proposal.created",
      {
        kind: "spend",
        title: "Gloves",
        text: "",
        closesAt: flood.now + 7 * DAY,
        amount: 900,
        payee: "Shop",
        purpose: "Gloves",
      },
      flood.now,
    );
    expect(await aliceFlood.append(plan)).toMatchObject({ ok: true });
    expect(epochOfEntry(aliceFlood, plan.id, plan.body.at)).toBe(1);
    await waitFor(() => daveFlood.view().events.has(plan.id), {
      what: "dave's phone to read the plan",
    });
  }, 90_000);

  test("rules §9 flood.key-rotated: grace, who comes to pool B after the rotation with only the flood's first key, is sealed every epoch's key by the next one and reads the flood", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { b, flood, worlds, aliceFlood, floodKey, device, dave } = setup;
    const { rotation, plan } = await removeCarolAndRotateTheFlood(setup);
    // Pool B admits grace; dave's phone holds pool B.
    syncClocks(...worlds);
    const invite = await b.invite("dave");
    const join = await b.join("grace", invite.id, { deliveryKey: await publicOf("grace") });
    await b.admit("dave", join.id);
    const poolB = sessions.find((s) => s.poolId === b.genesisId && s !== setup.daveFlood) as PoolSession;
    await push(poolB, b);
    await waitFor(() => aliceFlood.floodState()?.keys.rotationDue === rotation.id, {
      what: "the flood on alice's phone to see that its newest key misses grace",
    });
    const held = (await aliceFlood.floodKeysForLink()) ?? [];
    expect(held.map((k) => k.epoch)).toEqual([0, 1]);
    const sealed = (await sealFloodRotation(aliceFlood.floodState() as FloodState, held)) as NonNullable<
      Awaited<ReturnType<typeof sealFloodRotation>>
    >;
    syncClocks(...worlds);
    flood.tick(1000);
    expect(sealed.parents).toEqual([rotation.id]);
    const second = await signEvent(
      {
        pool: aliceFlood.poolId,
        type: "flood.key-rotated",
        by: personKeys("alice").id,
        at: flood.now,
        parents: sealed.parents ?? [],
        data: sealed.data,
      },
      personKeys("alice").signer,
      sha256,
    );
    aliceFlood.madeRotation(second.id, sealed.raw);
    expect(await aliceFlood.append(second)).toMatchObject({ ok: true });
    await waitFor(() => aliceFlood.floodState()?.keys.epoch === 2, { what: "alice's flood to take epoch 2" });
    expect(aliceFlood.floodState()?.keys.rotationDue).toBeUndefined();
    flood.tick(1000);
    const later = await writeAs(
      aliceFlood,
      "alice",
      "proposal.created",
      {
        kind: "spend",
        title: "Seeds",
        text: "",
        closesAt: flood.now + 7 * DAY,
        amount: 700,
        payee: "Shop",
        purpose: "Seeds",
      },
      flood.now,
    );
    expect(await aliceFlood.append(later)).toMatchObject({ ok: true });
    expect(epochOfEntry(aliceFlood, later.id, later.body.at)).toBe(2);

    // grace's phone opens the flood with the key pool B's flood.join carried: epoch 0 only.
    const grace = await device("grace");
    const graceFlood = await ok(
      openFlood(grace.repo, { docUrl: aliceFlood.docUrl, genesisId: aliceFlood.floodId, key: floodKey }, grace.deps),
    );
    sessions.push(graceFlood);
    await waitFor(() => graceFlood.view().events.has(later.id) && graceFlood.view().events.has(plan.id), {
      what: "grace's phone to read the plans of epochs 1 and 2",
      timeoutMs: 20_000,
    });
    await waitFor(() => graceFlood.floodState()?.keys.epoch === 2, { what: "grace's flood to count both rotations" });
    expect(graceFlood.view().junk).toBe(0);
    // dave's phone took epoch 2 as well.
    await waitFor(() => setup.daveFlood.view().events.has(later.id), { what: "dave's phone to read epoch 2" });
    expect(dave.errors).toEqual([]);
  }, 90_000);

  test("rules §9 flood.key-rotated: dave's phone, offline through two rotations (carol removed, then bob leaving), catches up epoch by epoch", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { a, flood, worlds, poolA, aliceFlood, dave, daveFlood } = setup;
    dave.relay?.goOffline();
    const { rotation } = await removeCarolAndRotateTheFlood(setup);
    syncClocks(...worlds);
    a.tick(1000);
    await a.add("bob", "member.left", {});
    await push(poolA, a);
    await waitFor(() => aliceFlood.floodState()?.keys.rotationDue === rotation.id, {
      what: "the flood on alice's phone to see that bob left",
    });
    const sealed = (await sealFloodRotation(
      aliceFlood.floodState() as FloodState,
      (await aliceFlood.floodKeysForLink()) ?? [],
    )) as NonNullable<Awaited<ReturnType<typeof sealFloodRotation>>>;
    expect(Object.keys(sealed.data.keys).sort()).toEqual(["alice", "dave", "erin"].map((m) => a.id(m)).sort());
    syncClocks(...worlds);
    flood.tick(1000);
    const second = await signEvent(
      {
        pool: aliceFlood.poolId,
        type: "flood.key-rotated",
        by: personKeys("alice").id,
        at: flood.now,
        parents: sealed.parents ?? [],
        data: sealed.data,
      },
      personKeys("alice").signer,
      sha256,
    );
    aliceFlood.madeRotation(second.id, sealed.raw);
    expect(await aliceFlood.append(second)).toMatchObject({ ok: true });
    await waitFor(() => aliceFlood.floodState()?.keys.epoch === 2, { what: "alice's flood to take epoch 2" });
    flood.tick(1000);
    const last = await writeAs(
      aliceFlood,
      "alice",
      "proposal.created",
      {
        kind: "spend",
        title: "Nets",
        text: "",
        closesAt: flood.now + 7 * DAY,
        amount: 500,
        payee: "Shop",
        purpose: "Nets",
      },
      flood.now,
    );
    expect(await aliceFlood.append(last)).toMatchObject({ ok: true });
    expect(epochOfEntry(aliceFlood, last.id, last.body.at)).toBe(2);
    expect(daveFlood.view().events.has(last.id)).toBe(false);

    await dave.relay?.goOnline();
    await waitFor(() => daveFlood.view().events.has(last.id), {
      what: "dave's phone to read what was written after the second rotation",
      timeoutMs: 20_000,
    });
    expect(daveFlood.floodState()?.keys.epoch).toBe(2);
    expect(daveFlood.view().junk).toBe(0);
  }, 90_000);
});
