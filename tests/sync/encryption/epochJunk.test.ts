/**
 * Rules §9, values sealed under an epoch no rotation introduced. A device holding the key of epoch
 * m and of no later one treats a value of an epoch after m as junk, unless it can read a
 * `pool.key-rotated` naming epoch m + 1: an honest value of a later epoch exists only after that
 * rotation, which is sealed under m's key. So a stranger's bytes that happen to read as an
 * envelope of epoch 7 are shed, while a phone that has read a rotation but not taken its key yet
 * (or never will: it left) keeps every value it cannot open.
 */
import { describe, expect, test } from "vitest";
import { encodeEnvelope } from "../../../src/core/encryption/envelope.ts";
import { type PoolState, toBase64url } from "../../../src/core/index.ts";
import { type DeliveryKeyPair, deliveryKeyPairFromSeed } from "../../../src/crypto/hpkeKeySealer.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { memoryPoolKeyStore, type PoolKeyStore } from "../../../src/sync/encryption/poolKeyStore.ts";
import { sealRotation } from "../../../src/sync/encryption/sealRotation.ts";
import type { PoolSession } from "../../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../../src/sync/pools.ts";
import { createNodeRepo } from "../../../src/sync/repo/createNodeRepo.ts";
import { MemoryStorageAdapter } from "../../../src/sync/repo/memoryStorage.ts";
import { entryKey } from "../../../src/sync/schema/entryKey.ts";
import type { PoolDoc } from "../../../src/sync/schema/poolDoc.ts";
import { closedAfterEach, type Device, inOrder, startDevice, writeAs } from "../../helpers/peers.ts";
import { waitFor } from "../../helpers/relay.ts";
import { DAY, World } from "../../helpers/world.ts";

const pairs = new Map<string, Promise<DeliveryKeyPair>>();
function pairOf(name: string): Promise<DeliveryKeyPair> {
  if (!pairs.has(name)) pairs.set(name, deliveryKeyPairFromSeed(sha256(new TextEncoder().encode(`delivery-${name}`))));
  return pairs.get(name) as Promise<DeliveryKeyPair>;
}
const publicOf = async (name: string) => toBase64url((await pairOf(name)).publicKey);

const { devices, sessions } = closedAfterEach();

const randomId = () => toBase64url(crypto.getRandomValues(new Uint8Array(32)));

/**
 * alice, bob and carol; carol leaves and alice's device rotates the key to epoch 1 (sealed to
 * alice and bob), then writes a proposal under epoch 1. Then a stranger with the document's URL
 * adds two values: one that reads as an envelope of epoch 7, and one that is no envelope at all.
 */
async function rotatedPool() {
  const world = await World.found("alice", {}, "Hiking Club Pool", { deliveryKey: await publicOf("alice") });
  for (const n of ["bob", "carol"]) {
    const invite = await world.invite("alice");
    const join = await world.join(n, invite.id, { deliveryKey: await publicOf(n) });
    await world.admit("alice", join.id);
  }
  const storage = new MemoryStorageAdapter();
  const aliceKeys = memoryPoolKeyStore();
  const alice = await startDevice("alice", { storage, poolKeys: aliceKeys, now: () => world.now });
  alice.deps.deliveryKeys = async () => [await pairOf("alice")];
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(alice.repo, genesis!, alice.deps);
  if (!created.ok) throw new Error(created.reason);
  const session = created.value;
  const append = async (name: string, type: Parameters<typeof writeAs>[2], data: Parameters<typeof writeAs>[3]) => {
    world.tick(1000);
    const e = await writeAs(session, name, type, data, world.now);
    return { e, r: await session.append(e) };
  };
  expect(await session.append(rest)).toMatchObject({ ok: true });
  const left = await append("carol", "member.left", {});
  expect(left.r.ok).toBe(true);
  expect(session.view().state?.keys.rotationDue).toBe(left.e.id);
  const sealed = (await sealRotation(session.view().state as PoolState, world.now))!;
  world.tick(1000);
  const rotation = await writeAs(session, "alice", "pool.key-rotated", sealed.data, world.now);
  session.madeRotation(rotation.id, sealed.raw);
  expect(await session.append(rotation)).toMatchObject({ ok: true });
  const headsBeforePlan = session.handle.heads();
  const plan = await append("alice", "proposal.created", {
    kind: "decision",
    title: "Sealed under epoch 1",
    text: "",
    closesAt: world.now + 7 * DAY,
  });
  expect(plan.r.ok).toBe(true);
  const pool = { docUrl: session.docUrl, genesisId: session.poolId, headsBeforePlan };
  session.close();
  await alice.shutdown();

  const lookalike = entryKey(randomId(), world.now);
  const notEnvelope = entryKey(randomId(), world.now);
  const stranger = createNodeRepo({ storage });
  const handle = await stranger.repo.find<PoolDoc>(pool.docUrl as Parameters<typeof stranger.repo.find>[0]);
  handle.change((d) => {
    d.events[lookalike] = encodeEnvelope(7, crypto.getRandomValues(new Uint8Array(60)));
    d.events[notEnvelope] = new Uint8Array(80).fill(0);
  });
  await stranger.shutdown();
  const planKey = entryKey(plan.e.id, plan.e.body.at);
  return { world, storage, aliceKeys, pool, lookalike, notEnvelope, planKey, plan: plan.e };
}

async function open(d: Device, pool: { docUrl: string; genesisId: string }): Promise<PoolSession> {
  devices.push(d);
  const opened = await openPool(d.repo, pool, d.deps);
  if (!opened.ok) throw new Error(opened.reason);
  sessions.push(opened.value);
  return opened.value;
}

describe("rules §9: values of an epoch no rotation introduced", () => {
  test("a junk value beside an entry this phone cannot read does not take that entry with it", async () => {
    const { world, storage, aliceKeys, pool, notEnvelope, planKey, plan } = await rotatedPool();
    // A stranger writes junk under the proposal's key without having seen it: two rival values.
    const stranger = createNodeRepo({ storage });
    const handle = await stranger.repo.find<PoolDoc>(pool.docUrl as Parameters<typeof stranger.repo.find>[0]);
    handle.changeAt(pool.headsBeforePlan, (d) => {
      d.events[planKey] = new Uint8Array(90).fill(0);
    });
    await stranger.shutdown();

    const bobKeys: PoolKeyStore = memoryPoolKeyStore();
    await bobKeys.saveKey(pool.genesisId, 0, (await aliceKeys.rawKeyOf(pool.genesisId, 0))!);
    const bob = await startDevice("bob", { storage, poolKeys: bobKeys, now: () => world.now });
    const session = await open(bob, pool);
    await waitFor(() => session.view().junk >= 1 && !(notEnvelope in session.handle.doc().events), {
      what: "the value that is no envelope to be shed",
    });
    await session.refresh();
    expect(planKey in session.handle.doc().events).toBe(true);

    bob.deps.deliveryKeys = async () => [await pairOf("bob")];
    await session.refresh();
    await waitFor(() => session.view().events.has(plan.id), { what: "bob to read the proposal once he has the key" });
  });

  test("a device holding every key it can see sheds a value sealed under an epoch after them all", async () => {
    const { world, storage, aliceKeys, pool, lookalike, notEnvelope } = await rotatedPool();
    const alice = await startDevice("alice", { storage, poolKeys: aliceKeys, now: () => world.now });
    alice.deps.deliveryKeys = async () => [await pairOf("alice")];
    const session = await open(alice, pool);
    await waitFor(
      () => {
        const events = session.handle.doc().events;
        return session.view().junk === 2 && !(lookalike in events) && !(notEnvelope in events);
      },
      { what: "both of the stranger's values to be shed" },
    );
    expect(session.view().state?.keys.epoch).toBe(1);
  });

  test("a phone that reads a rotation it has not taken the key of keeps every later epoch's values", async () => {
    const { world, storage, aliceKeys, pool, lookalike, notEnvelope, planKey, plan } = await rotatedPool();
    // bob's phone holds epoch 0's key and has not opened the rotation yet (no delivery key here).
    const bobKeys: PoolKeyStore = memoryPoolKeyStore();
    await bobKeys.saveKey(pool.genesisId, 0, (await aliceKeys.rawKeyOf(pool.genesisId, 0))!);
    const bob = await startDevice("bob", { storage, poolKeys: bobKeys, now: () => world.now });
    const session = await open(bob, pool);
    await waitFor(() => session.view().junk === 1 && !(notEnvelope in session.handle.doc().events), {
      what: "the value that is no envelope to be shed",
    });
    await session.refresh();
    const events = session.handle.doc().events;
    expect(planKey in events).toBe(true);
    expect(lookalike in events).toBe(true);
    expect(session.view().junk).toBe(1);
    expect(session.view().events.has(plan.id)).toBe(false);
    // The audit counts what this phone cannot read: the proposal and the lookalike, both kept.
    expect(session.view().unreadable).toBe(2);

    // Once bob's phone opens the rotation, it reads epoch 1, and epoch 7 is junk.
    bob.deps.deliveryKeys = async () => [await pairOf("bob")];
    await session.refresh();
    await waitFor(() => session.view().events.has(plan.id), { what: "bob to read the proposal of epoch 1" });
    await waitFor(() => session.view().junk === 2 && !(lookalike in session.handle.doc().events), {
      what: "the epoch 7 lookalike to be shed",
    });
    expect(planKey in session.handle.doc().events).toBe(true);
    expect(session.view().unreadable).toBe(0);
  });
});
