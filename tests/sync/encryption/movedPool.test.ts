/**
 * Rules §9, pools made before encryption, between real devices through the relay: after one
 * member moves the pool, another member's device (whose join, written before encryption, has no
 * delivery key) asks for the key in the old document, gets it sealed from a member's device, and
 * switches to the sealed document by itself; later rotations reach it. When two members move the
 * same pool at once, the first `pool.moved` in event order is where the pool went on every
 * device, and the losing mover's device follows it, carrying over what it wrote meanwhile.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type EventId, type PoolState, signEvent, toBase64url } from "../../../src/core/index.ts";
import { type DeliveryKeyPair, deliveryKeyPairFromSeed } from "../../../src/crypto/hpkeKeySealer.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { encryptPool } from "../../../src/sync/encryption/encryptPool.ts";
import { type MoveHooks, type SignMoveEvent, watchMove } from "../../../src/sync/encryption/followMove.ts";
import { moveDestination } from "../../../src/sync/encryption/movedKeys.ts";
import { sealRotation } from "../../../src/sync/encryption/sealRotation.ts";
import { createSeededDocument } from "../../../src/sync/poolDocument.ts";
import type { PoolSession } from "../../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../../src/sync/pools.ts";
import { writeEvents } from "../../../src/sync/writeEvents.ts";
import { type Device, inOrder, startDevice, startSyncRelay, writeAs } from "../../helpers/peers.ts";
import { findPlaintext, historyOf } from "../../helpers/plaintextSearch.ts";
import { type TestRelay, waitFor } from "../../helpers/relay.ts";
import { DAY, personKeys, World } from "../../helpers/world.ts";

const pairs = new Map<string, Promise<DeliveryKeyPair>>();
function pairOf(name: string): Promise<DeliveryKeyPair> {
  if (!pairs.has(name)) pairs.set(name, deliveryKeyPairFromSeed(sha256(new TextEncoder().encode(`delivery-${name}`))));
  return pairs.get(name) as Promise<DeliveryKeyPair>;
}
const publicOf = async (name: string) => toBase64url((await pairOf(name)).publicKey);

describe("rules §9: a pool made before encryption moves, and members follow it", () => {
  let relay: TestRelay;
  const devices: Device[] = [];
  const sessions: PoolSession[] = [];
  const stops: (() => void)[] = [];

  beforeEach(async () => {
    relay = await startSyncRelay();
  });

  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    for (const s of sessions.splice(0)) s.close();
    for (const d of devices.splice(0)) {
      expect(d.errors).toEqual([]);
      await d.shutdown();
    }
    await relay.close();
  });

  /** alice, bob and carol joined a plaintext pool before encryption (no delivery keys); it is open on alice's and bob's phones. */
  async function plaintextPool() {
    const world = await World.withMembers(["alice", "bob", "carol"]);
    world.tick(DAY);
    const device = async (name: string) => {
      const d = await startDevice(name, { relayUrl: relay.url, now: () => world.now, poolKeys: true });
      d.deps.deliveryKeys = async () => [await pairOf(name)];
      devices.push(d);
      return d;
    };
    const alice = await device("alice");
    const handle = createSeededDocument(alice.repo);
    writeEvents(
      handle,
      inOrder(world).map((e) => ({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at })),
    );
    const open = async (d: Device) => {
      const opened = await openPool(d.repo, { docUrl: handle.url, genesisId: world.genesisId }, d.deps);
      if (!opened.ok) throw new Error(opened.reason);
      sessions.push(opened.value);
      await waitFor(() => opened.value.view().events.size === world.events.size, {
        what: `${d.name} to hold the pool`,
      });
      return opened.value;
    };
    const bob = await device("bob");
    const [aliceOld, bobOld] = [await open(alice), await open(bob)];
    expect(aliceOld.encrypted).toBe(false);
    expect(aliceOld.view().state?.keys.deliveryKeys).toEqual({});
    return { world, alice, bob, aliceOld, bobOld, device, open };
  }

  const signAs =
    (world: World, name: string): SignMoveEvent =>
    (state, type, data) =>
      signEvent(
        {
          pool: state.poolId,
          type,
          by: personKeys(name).id,
          at: Math.max(world.tick(1000), state.latestAt + 1),
          parents: state.heads,
          data,
        },
        personKeys(name).signer,
        sha256,
      );

  /** What the app state hands the watcher: the person signs, and a switch is reported. */
  function watch(world: World, d: Device, name: string, session: PoolSession) {
    let moved: PoolSession | undefined;
    let waiting = false;
    const hooks: MoveHooks = {
      sign: signAs(world, name),
      person: async () => ({ id: personKeys(name).id, deliveryKey: await publicOf(name) }),
      moved: (next) => {
        sessions.push(next);
        moved = next;
      },
      waiting: (w) => {
        waiting = w;
      },
    };
    stops.push(watchMove(d.repo, session, d.deps, hooks));
    return { moved: () => moved, waiting: () => waiting };
  }

  async function write(session: PoolSession, world: World, name: string, title: string): Promise<EventId> {
    world.tick(1000);
    const e = await writeAs(
      session,
      name,
      "proposal.created",
      { kind: "decision", title, text: "", closesAt: world.now + 7 * DAY },
      world.now,
    );
    const r = await session.append(e);
    if (!r.ok) throw new Error(`${name}'s proposal refused: ${r.reason}`);
    return e.id;
  }

  test("rules §9 move: bob joined before encryption; alice moves the pool; bob's device switches by itself, reads, and a later rotation reaches it", async () => {
    const { world, alice, bob, aliceOld, bobOld } = await plaintextPool();
    const bobWatch = watch(world, bob, "bob", bobOld);

    const moved = await encryptPool(alice.repo, aliceOld, alice.deps, signAs(world, "alice"));
    if (!moved.ok) throw new Error(moved.reason);
    const aliceNew = moved.value;
    sessions.push(aliceNew);
    watch(world, alice, "alice", aliceNew);

    // bob's device finds the move, has no key sealed to it, asks in the old document, gets one and follows.
    await waitFor(() => bobWatch.moved(), { what: "bob's device to switch to the sealed document" });
    const bobNew = bobWatch.moved() as PoolSession;
    expect(bobNew.docUrl).toBe(aliceNew.docUrl);
    expect(bobNew.encrypted).toBe(true);
    expect(await bob.device.getPool(world.genesisId)).toMatchObject({ docUrl: aliceNew.docUrl });
    const plan = await write(aliceNew, world, "alice", "Written after the move");
    await waitFor(() => bobNew.view().events.has(plan), { what: "bob to read what alice wrote after the move" });

    // bob's delivery key is in the sealed document now, so a rotation after carol leaves reaches him.
    await waitFor(() => (aliceNew.view().state?.keys.deliveryKeys[world.id("bob")] === undefined ? undefined : true), {
      what: "alice to see bob's delivery key",
    });
    world.tick(1000);
    const left = await writeAs(aliceNew, "carol", "member.left", {}, world.now);
    expect(await aliceNew.append(left)).toMatchObject({ ok: true });
    const sealed = (await sealRotation(aliceNew.view().state as PoolState, world.now))!;
    expect(Object.keys(sealed.data.keys)).toContain(world.id("bob"));
    world.tick(1000);
    const rotation = await writeAs(aliceNew, "alice", "pool.key-rotated", sealed.data, world.now);
    aliceNew.madeRotation(rotation.id, sealed.raw);
    expect(await aliceNew.append(rotation)).toMatchObject({ ok: true });
    const secret = await write(aliceNew, world, "alice", "Written under epoch 1");
    await waitFor(() => bobNew.view().events.has(secret), { what: "bob to read what was sealed under epoch 1" });
    expect(bobNew.view().state?.keys.epoch).toBe(1);
  });

  test("rules §9 move: a member who left after the move cannot take the pool elsewhere with a backdated move in the old document", async () => {
    const { world, alice, aliceOld, bobOld } = await plaintextPool();
    const beforeMove = aliceOld.view().state as PoolState;
    const moved = await encryptPool(alice.repo, aliceOld, alice.deps, signAs(world, "alice"));
    if (!moved.ok) throw new Error(moved.reason);
    const aliceNew = moved.value;
    sessions.push(aliceNew);
    const aliceWatch = watch(world, alice, "alice", aliceNew);
    world.tick(1000);
    const left = await writeAs(aliceNew, "carol", "member.left", {}, world.now);
    expect(await aliceNew.append(left)).toMatchObject({ ok: true });

    // carol, still a member of the frozen old document, writes a move dated before alice's.
    const elsewhere = "2zzzzzzzzzzzzzzzzzzzzzzzzzzz";
    const hijack = await signEvent(
      {
        pool: world.genesisId,
        type: "pool.moved",
        by: personKeys("carol").id,
        at: beforeMove.latestAt + 1,
        parents: beforeMove.heads,
        data: { to: elsewhere, keys: {} },
      },
      personKeys("carol").signer,
      sha256,
    );
    expect(await bobOld.append(hijack)).toMatchObject({ ok: true });
    const oldState = await waitFor(
      () => {
        const s = bobOld.view().state;
        return s?.keys.moves.length === 2 ? s : undefined;
      },
      { what: "bob's phone to hold both moves" },
    );
    expect(moveDestination(oldState.keys)).toBe(elsewhere);
    const aliceState = aliceNew.view().state as PoolState;
    expect(moveDestination(oldState.keys, aliceState.activeMembers)).toBe(aliceNew.docUrl.replace("automerge:", ""));
    await write(aliceNew, world, "alice", "Still here");
    await aliceNew.refresh();
    expect(aliceWatch.moved()).toBeUndefined();
  });

  test("rules §9 move: a sealed document naming a document it did not move from leaks nothing into it in the clear", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    world.tick(DAY);
    const alice = await startDevice("alice", { relayUrl: relay.url, now: () => world.now, poolKeys: true });
    alice.deps.deliveryKeys = async () => [await pairOf("alice")];
    devices.push(alice);
    const [genesis, ...rest] = inOrder(world);
    const created = await createPool(alice.repo, genesis!, alice.deps);
    if (!created.ok) throw new Error(created.reason);
    const sealed = created.value;
    sessions.push(sealed);
    expect(await sealed.append(rest)).toMatchObject({ ok: true });
    const state = (await sealed.refresh()).state as PoolState;
    await write(sealed, world, "alice", "Secret plans");

    // Someone with the sealed document's URL points `movedFrom` at a plaintext copy of the pool's start.
    const decoy = createSeededDocument(alice.repo);
    const decoyId = decoy.url.replace("automerge:", "");
    const plain = (e: (typeof rest)[number]) => ({ id: e.id, bytes: e.bytes, sig: e.sig, at: e.body.at });
    writeEvents(decoy, [genesis!, ...rest].map(plain));
    const asks = await signAs(world, "bob")(state, "member.key-published", { deliveryKey: await publicOf("bob") });
    const move = await signAs(world, "alice")(state, "pool.moved", {
      to: sealed.docUrl.replace("automerge:", ""),
      keys: {},
    });
    writeEvents(
      decoy,
      [asks, move!].map((e) => plain(e!)),
    );
    const before = Object.keys(decoy.doc().events).length;
    sealed.handle.change((d) => {
      d.movedFrom = new TextEncoder().encode(decoyId);
    });
    watch(world, alice, "alice", sealed);
    // alice's device answers bob there (sealed keys only); it writes nothing else.
    await waitFor(() => Object.keys(decoy.doc().events).length > before, { what: "alice's device to answer bob" });
    expect(Object.keys(decoy.doc().events)).toHaveLength(before + 1);
    expect(findPlaintext([{ name: "decoy", bytes: historyOf(decoy.doc()) }], ["Secret plans"])).toEqual([]);
  });

  test("rules §9 move: two members move the same pool offline; after sync both phones are in the first move's document and nothing is lost", async () => {
    const { world, alice, bob, aliceOld, bobOld } = await plaintextPool();
    alice.relay!.goOffline();
    bob.relay!.goOffline();
    const [aMoved, bMoved] = [
      await encryptPool(alice.repo, aliceOld, alice.deps, signAs(world, "alice")),
      await encryptPool(bob.repo, bobOld, bob.deps, signAs(world, "bob")),
    ];
    if (!aMoved.ok || !bMoved.ok) throw new Error("a move failed");
    sessions.push(aMoved.value, bMoved.value);
    // Each writes into their own new document while offline.
    const byAlice = await write(aMoved.value, world, "alice", "alice's, offline");
    const byBob = await write(bMoved.value, world, "bob", "bob's, offline");
    const watches = {
      alice: watch(world, alice, "alice", aMoved.value),
      bob: watch(world, bob, "bob", bMoved.value),
    };

    await alice.relay!.goOnline();
    await bob.relay!.goOnline();
    // Exactly one of them loses and follows the other; the winner stays.
    await waitFor(() => watches.alice.moved() ?? watches.bob.moved(), { what: "the losing mover's device to follow" });
    const aliceFinal = watches.alice.moved() ?? aMoved.value;
    const bobFinal = watches.bob.moved() ?? bMoved.value;
    expect(watches.alice.moved() === undefined || watches.bob.moved() === undefined).toBe(true);
    expect(aliceFinal.docUrl).toBe(bobFinal.docUrl);
    for (const s of [aliceFinal, bobFinal])
      await waitFor(() => s.view().events.has(byAlice) && s.view().events.has(byBob), {
        what: "both phones to hold both offline proposals in the winning document",
      });
    // Following a move also writes (a delivery key, events copied over): compare once both
    // phones hold the same events, as they do when the sync settles.
    const idsOf = (s: typeof aliceFinal) => [...s.view().events.keys()].sort().join();
    await waitFor(() => idsOf(aliceFinal) === idsOf(bobFinal), { what: "both phones to hold the same events" });
    const [a, b] = [await aliceFinal.refresh(), await bobFinal.refresh()];
    expect(b.state).toEqual(a.state);
    expect(a.state?.audit).toEqual([]);
  });
});
