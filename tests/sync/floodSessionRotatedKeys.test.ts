/**
 * Rules §5/§9 between real devices through the relay: a pool in a flood rotates its key after a
 * member is removed, and the new epoch's key reaches the flood's devices through a
 * `flood.pool-key` sealed under the flood's key, so a member of another pool still reads what the
 * pool writes after the rotation — also when their phone was offline through it.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { decodeEnvelope } from "../../src/core/encryption/envelope.ts";
import { type EventId, type PoolState, type SignedEvent, toBase64url } from "../../src/core/index.ts";
import { type DeliveryKeyPair, deliveryKeyPairFromSeed, hpkeKeySealer } from "../../src/crypto/hpkeKeySealer.ts";
import { sha256 } from "../../src/crypto/index.ts";
import {
  floodDeliveryKeys,
  floodKeysToGive,
  floodPoolKeyContext,
  floodPoolKeyRings,
} from "../../src/sync/encryption/floodPoolKeys.ts";
import { sealRotation } from "../../src/sync/encryption/sealRotation.ts";
import { createFlood, docIdOfUrl, type FloodSession, openFlood } from "../../src/sync/floodSession.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool } from "../../src/sync/pools.ts";
import { entryKey } from "../../src/sync/schema/entryKey.ts";
import { FloodWorld, syncClocks } from "../helpers/floods.ts";
import { type Device, inOrder, startDevice, startSyncRelay, writeAs } from "../helpers/peers.ts";
import { type TestRelay, waitFor } from "../helpers/relay.ts";
import { DAY, World } from "../helpers/world.ts";

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
  const gift = await world.add(founder, "ledger.contribution", {
    amount: 50_000,
    from: { outsider: "Grant" },
    kind: "donation",
    memo: "",
  });
  await world.confirm(rest[0] as string, gift.id);
  return world;
}

describe("rules §5/§9: a pool's rotated key reaches its flood", () => {
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
    const value = session.handle.doc().events[entryKey(id, at)];
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
    const clock = () => Math.max(a.now, b.now, flood.now) + DAY;
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
    expect(aliceFlood.encrypted).toBe(true);

    const joins = new Map<EventId, EventId>();
    /** The pool passes flood.join, and one of its members records the join (with the pool's key) in the flood. */
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
      joins.set(pool.genesisId, p.id);
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
    // Through the flood, dave's phone reads pool A with the key its join carried.
    const aOnDave = () => daveFlood.memberSessions().get(a.genesisId) as PoolSession;
    await waitFor(() => aOnDave()?.view().events.size === a.events.size, { what: "dave to read pool A" });
    return { a, b, flood, worlds, alice, dave, poolA, aliceFlood, daveFlood, aOnDave, joins };
  }

  /** Pool A removes carol; alice's phone rotates the key and writes a spend under the new epoch. */
  async function removeCarolAndWriteAfter(setup: Awaited<ReturnType<typeof twoPoolsInAnEncryptedFlood>>) {
    const { a, worlds, poolA } = setup;
    syncClocks(...worlds);
    const removal = await a.propose("alice", { kind: "remove-member", member: a.id("carol") }, { closesIn: DAY });
    for (const m of ["alice", "bob"]) await a.vote(m, removal.id, "yes");
    const { confirmation } = await a.decide(removal.id, "alice", "bob");
    await push(poolA, a);
    await waitFor(() => poolA.view().state?.keys.rotationDue === confirmation.id, {
      what: "alice's phone to see carol's removal",
    });
    syncClocks(...worlds);
    const sealed = (await sealRotation(poolA.view().state as PoolState, a.now)) as NonNullable<
      Awaited<ReturnType<typeof sealRotation>>
    >;
    a.tick(1000);
    const rotation = await writeAs(poolA, "alice", "pool.key-rotated", sealed.data, a.now);
    poolA.madeRotation(rotation.id, sealed.raw);
    expect(await poolA.append(rotation)).toMatchObject({ ok: true });
    await waitFor(() => poolA.view().state?.keys.epoch === 1, { what: "alice's phone to take epoch 1" });
    a.tick(1000);
    const spend = await writeAs(
      poolA,
      "alice",
      "proposal.created",
      {
        kind: "spend",
        title: "Rope for the spring trip",
        text: "",
        closesAt: a.now + 7 * DAY,
        amount: 4_000,
        payee: "Mountain Shop",
        purpose: "Rope",
      },
      a.now,
    );
    expect(await poolA.append(spend)).toMatchObject({ ok: true });
    expect(epochOfEntry(poolA, spend.id, spend.body.at)).toBe(1);
    return { rotation, spend };
  }

  /** The flood's members' delivery keys, as their pools publish them (what the app seals to). */
  const deliveryKeysIn = (fs: FloodSession) =>
    floodDeliveryKeys([...fs.memberSessions().values()].flatMap((m) => m.view().state ?? []));

  /**
   * What alice's app does when it sees the flood lacks a key of her pool: writes `flood.pool-key`
   * into the flood for each epoch it lacks, once the flood's copy of the pool counts the rotation.
   */
  async function aliceGivesTheFloodHerPoolsKeys(setup: Awaited<ReturnType<typeof twoPoolsInAnEncryptedFlood>>) {
    const { a, flood, worlds, alice, poolA, aliceFlood } = setup;
    await waitFor(() => aliceFlood.memberSessions().get(a.genesisId)?.view().state?.keys.epoch === 1, {
      what: "the flood on alice's phone to see pool A's rotation",
    });
    await aliceFlood.refresh();
    const give = await floodKeysToGive(
      aliceFlood.floodState() as NonNullable<ReturnType<FloodSession["floodState"]>>,
      poolA.view().state as PoolState,
      alice.deps.poolKeys,
      deliveryKeysIn(aliceFlood),
    );
    // Epoch 1's key, sealed to each member of the flood — not to carol, whom the rotation shut out.
    expect(give.map((g) => g.epoch)).toEqual([1]);
    expect(Object.keys(give[0]?.keys ?? {}).sort()).toEqual(
      ["alice", "bob", "dave", "erin"].map((m) => a.id(m)).sort(),
    );
    const written: EventId[] = [];
    for (const data of give) {
      syncClocks(...worlds);
      flood.tick(1000);
      const e = await writeAs(aliceFlood, "alice", "flood.pool-key", data, Math.max(flood.now, a.now));
      const r = await aliceFlood.append(e);
      if (!r.ok) throw new Error(`flood.pool-key refused: ${r.reason} ${r.detail ?? ""}`);
      written.push(e.id);
    }
    // Given once: the flood now holds it, so nothing is left to give.
    await aliceFlood.refresh();
    expect(
      await floodKeysToGive(
        aliceFlood.floodState() as NonNullable<ReturnType<FloodSession["floodState"]>>,
        poolA.view().state as PoolState,
        alice.deps.poolKeys,
        deliveryKeysIn(aliceFlood),
      ),
    ).toEqual([]);
    return written;
  }

  test("rules §9 flood.pool-key: after pool A removes carol and rotates, dave (pool B) reads A's new spend through the flood", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { a, daveFlood, aOnDave } = setup;
    const { spend } = await removeCarolAndWriteAfter(setup);
    const [given] = await aliceGivesTheFloodHerPoolsKeys(setup);

    await waitFor(() => daveFlood.view().events.has(given as EventId), { what: "dave's phone to receive the key" });
    await waitFor(() => aOnDave().view().events.has(spend.id), {
      what: "dave's phone to read pool A's spend written after the rotation",
    });
    expect(aOnDave().view().state?.keys.epoch).toBe(1);
    expect(aOnDave().view().state?.proposals[spend.id]?.title).toBe("Rope for the spring trip");
    const linkA = daveFlood.floodState()?.pools.find((p) => p.pool === a.genesisId);
    expect(linkA?.keys.map((k) => k.epoch)).toEqual([0, 1]);
    expect(daveFlood.floodState()?.audit).toEqual([]);

    // What it is for: pool A pays its share into the flood after the rotation. dave's phone counts
    // the flood's record of it only if it reads A's payout (rules §5), so both phones agree on the money.
    const { poolA, aliceFlood, flood, joins, worlds } = setup;
    a.tick(1000);
    const payout = await writeAs(
      poolA,
      "alice",
      "ledger.payout",
      {
        spend: joins.get(a.genesisId) as EventId,
        amount: 10_000,
        payee: `flood:${flood.genesisId}`,
        memo: "our share",
      },
      a.now,
    );
    expect(await poolA.append(payout)).toMatchObject({ ok: true });
    a.tick(1000);
    expect(
      await poolA.append(await writeAs(poolA, "bob", "ledger.confirmed", { entry: payout.id }, a.now)),
    ).toMatchObject({ ok: true });
    const payoutRead = (fs: FloodSession) => () =>
      fs
        .memberSessions()
        .get(a.genesisId)
        ?.view()
        .state?.ledger.entries.some((e) => e.id === payout.id && e.status === "confirmed");
    await waitFor(payoutRead(aliceFlood), { what: "the flood on alice's phone to read the payout" });
    await aliceFlood.refresh();
    syncClocks(...worlds);
    flood.tick(1000);
    const transfer = await writeAs(
      aliceFlood,
      "alice",
      "ledger.contribution",
      { amount: 10_000, from: { pool: a.genesisId, payout: payout.id }, kind: "dues", memo: "transfer" },
      Math.max(flood.now, a.now),
    );
    expect(await aliceFlood.append(transfer)).toMatchObject({ ok: true });
    await waitFor(() => daveFlood.view().events.has(transfer.id), { what: "dave's phone to receive the transfer" });
    await waitFor(payoutRead(daveFlood), { what: "dave's phone to read pool A's payout through the flood" });
    await daveFlood.refresh();
    const confirmation = await writeAs(daveFlood, "dave", "ledger.confirmed", { entry: transfer.id }, flood.now + 1000);
    expect(await daveFlood.append(confirmation)).toMatchObject({ ok: true });
    await waitFor(() => aliceFlood.floodState()?.ledger.balance === 10_000, { what: "alice's flood to count it" });
    await waitFor(() => daveFlood.floodState()?.ledger.balance === 10_000, { what: "dave's flood to count it" });
  }, 90_000);

  test("rules §9 flood.pool-key: dave's phone, offline through the removal and the rotation, catches up", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { dave, daveFlood, aOnDave } = setup;
    dave.relay?.goOffline();
    const { spend } = await removeCarolAndWriteAfter(setup);
    const [given] = await aliceGivesTheFloodHerPoolsKeys(setup);
    expect(aOnDave().view().events.has(spend.id)).toBe(false);

    await dave.relay?.goOnline();
    await waitFor(() => daveFlood.view().events.has(given as EventId), { what: "dave's phone to receive the key" });
    await waitFor(() => aOnDave().view().events.has(spend.id), {
      what: "dave's phone to read pool A's spend after coming back online",
    });
    expect(aOnDave().view().state?.keys.epoch).toBe(1);
    // Nothing of pool A was shed on dave's phone while it lacked the key (rules §9: key-missing is not junk).
    expect(aOnDave().view().junk).toBe(0);
  }, 90_000);
  test("rules §9 flood.pool-key: a wrong key handed over by a member makes the flood's devices shed nothing of the pool", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { a, flood, worlds, aliceFlood, dave, daveFlood, aOnDave } = setup;
    const { spend } = await removeCarolAndWriteAfter(setup);
    await waitFor(() => aliceFlood.memberSessions().get(a.genesisId)?.view().state?.keys.epoch === 1, {
      what: "the flood on alice's phone to see pool A's rotation",
    });
    await aliceFlood.refresh();
    // bob, a member of pool A, hands the flood a key for epoch 1 that is not pool A's.
    syncClocks(...worlds);
    flood.tick(1000);
    const wrong = await hpkeKeySealer.seal(
      (await pairOf("dave")).publicKey,
      crypto.getRandomValues(new Uint8Array(32)),
      floodPoolKeyContext(flood.genesisId, a.genesisId, 1),
    );
    const e = await writeAs(
      aliceFlood,
      "bob",
      "flood.pool-key",
      { pool: a.genesisId, epoch: 1, keys: { [a.id("dave")]: toBase64url(wrong) } },
      flood.now,
    );
    expect(await aliceFlood.append(e)).toMatchObject({ ok: true });
    await waitFor(() => daveFlood.view().events.has(e.id), { what: "dave's phone to receive the wrong key" });
    await waitFor(() => epochOfEntry(aOnDave(), spend.id, spend.body.at) === 1, {
      what: "dave's phone to hold the spend's entry",
    });
    // dave's phone cannot read epoch 1, and keeps its entries: a lent key that does not open an
    // entry proves nothing against the entry (rules §9: kept, like an entry whose key is missing).
    await aOnDave().refresh();
    // Junk is shed in a task queued by the recompute: let it run before looking.
    await new Promise((r) => setTimeout(r, 0));
    expect(aOnDave().view().events.has(spend.id)).toBe(false);
    expect(aOnDave().view().junk).toBe(0);
    expect(epochOfEntry(aOnDave(), spend.id, spend.body.at)).toBe(1);
    expect(dave.errors).toEqual([]);
  }, 90_000);
  test("rules §9 flood.pool-key: carol, removed from pool A but still holding the flood's key, cannot read A's new key or what A writes after", async () => {
    const setup = await twoPoolsInAnEncryptedFlood();
    const { a, aliceFlood } = setup;
    const { spend } = await removeCarolAndWriteAfter(setup);
    const [given] = await aliceGivesTheFloodHerPoolsKeys(setup);
    // carol's phone opens the flood with the key her pool's flood.join gave her while she was a member.
    const floodKey = (await aliceFlood.poolKeyForInvite())?.raw as Uint8Array;
    const carol = await startDevice("carol", { relayUrl: relay.url, now: () => a.now + DAY, poolKeys: true });
    carol.deps.deliveryKeys = async () => [await pairOf("carol")];
    devices.push(carol);
    const carolFlood = await ok(
      openFlood(carol.repo, { docUrl: aliceFlood.docUrl, genesisId: aliceFlood.floodId, key: floodKey }, carol.deps),
    );
    sessions.push(carolFlood);
    await waitFor(() => carolFlood.view().events.has(given as EventId), {
      what: "carol's phone to receive the hand-over (it is under the flood's key, which she holds)",
    });
    const aOnCarol = () => carolFlood.memberSessions().get(a.genesisId) as PoolSession;
    await waitFor(() => aOnCarol() !== undefined && epochOfEntry(aOnCarol(), spend.id, spend.body.at) === 1, {
      what: "carol's phone to hold the spend's entry",
    });
    await carolFlood.membersSettled();
    const view = await carolFlood.refresh();
    // What her phone can open of the keys the flood carries for pool A: the join's epoch 0 only.
    const rings = await floodPoolKeyRings(
      view.events,
      view.verified,
      carolFlood.floodState(),
      carolFlood.floodId,
      [await pairOf("carol")],
      deliveryKeysIn(carolFlood),
    );
    expect(deliveryKeysIn(carolFlood).has(a.id("carol"))).toBe(true);
    expect(rings.get(a.genesisId)?.map((k) => k.epoch)).toEqual([0]);
    // The key was sealed to the flood's members, not to her: the spend stays closed to her.
    await aOnCarol().refresh();
    expect(aOnCarol().view().state?.keys.epoch).toBe(1);
    expect(aOnCarol().view().events.has(spend.id)).toBe(false);
    expect(aOnCarol().view().junk).toBe(0);
  }, 90_000);
});
