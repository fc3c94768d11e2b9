/**
 * Rules §9, key rotation between real devices through the relay: after a departure a remaining
 * member's device seals a new key to the others; a former member's device, holding the old key,
 * reads nothing written after; an invite made before the rotation and used after it still
 * works; a phone offline through two rotations catches up by opening each epoch's key in turn,
 * and one offline through a rotation catches up from a pool file alone.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { decodeEnvelope } from "../../../src/core/encryption/envelope.ts";
import { fromBase64url, type PoolState, signEvent, toBase64url } from "../../../src/core/index.ts";
import { newPoolKeyBytes } from "../../../src/crypto/aesGcmEntryCipher.ts";
import { type DeliveryKeyPair, deliveryKeyPairFromSeed, hpkeKeySealer } from "../../../src/crypto/hpkeKeySealer.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { rotationContext } from "../../../src/sync/encryption/rotatedKeys.ts";
import { sealRotation } from "../../../src/sync/encryption/sealRotation.ts";
import { decodeInviteLink, encodeInviteLink } from "../../../src/sync/inviteLink.ts";
import { decodePoolFile, encodePoolFile } from "../../../src/sync/poolFile.ts";
import { exportPoolFile, importIntoPool } from "../../../src/sync/poolFileImport.ts";
import type { PoolSession } from "../../../src/sync/poolSession.ts";
import { createPool, type LinkedPoolKey, openPool } from "../../../src/sync/pools.ts";
import { entryKey } from "../../../src/sync/schema/entryKey.ts";
import type { PoolDoc } from "../../../src/sync/schema/poolDoc.ts";
import { type Device, inOrder, startDevice, startSyncRelay, writeAs } from "../../helpers/peers.ts";
import { type TestRelay, waitFor } from "../../helpers/relay.ts";
import { DAY, personKeys, World } from "../../helpers/world.ts";

const pairs = new Map<string, Promise<DeliveryKeyPair>>();
/** Each person's delivery key pair, the same on every device of theirs. */
function pairOf(name: string): Promise<DeliveryKeyPair> {
  if (!pairs.has(name)) pairs.set(name, deliveryKeyPairFromSeed(sha256(new TextEncoder().encode(`delivery-${name}`))));
  return pairs.get(name) as Promise<DeliveryKeyPair>;
}
const publicOf = async (name: string) => toBase64url((await pairOf(name)).publicKey);

describe("rules §9: the pool key moves on when someone leaves", () => {
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

  /** A pool of `names` (the first founds it), every join publishing a delivery key, open on each one's device. */
  async function pool(names: string[]) {
    const [founder, ...rest] = names as [string, ...string[]];
    const world = await World.found(founder, {}, "Hiking Club Pool", { deliveryKey: await publicOf(founder) });
    for (const n of rest) {
      const invite = await world.invite(founder);
      const join = await world.join(n, invite.id, { deliveryKey: await publicOf(n) });
      await world.admit(founder, join.id);
    }
    const open = new Map<string, { device: Device; session: PoolSession }>();
    const device = async (name: string, extraPairs: DeliveryKeyPair[] = []) => {
      const d = await startDevice(name, { relayUrl: relay.url, now: () => world.now, poolKeys: true });
      d.deps.deliveryKeys = async () => [await pairOf(name), ...extraPairs];
      devices.push(d);
      return d;
    };
    const first = await device(founder);
    const [genesis, ...events] = inOrder(world);
    const created = await createPool(first.repo, genesis!, first.deps);
    if (!created.ok) throw new Error(created.reason);
    sessions.push(created.value);
    expect(await created.value.append(events)).toMatchObject({ ok: true });
    open.set(founder, { device: first, session: created.value });
    const poolKey = (await created.value.poolKeyForInvite())!;
    const join = async (name: string, extraPairs: DeliveryKeyPair[] = [], linkKeys?: LinkedPoolKey[]) => {
      const d = await device(name, extraPairs);
      const keys = linkKeys === undefined ? { poolKey } : { poolKeys: linkKeys };
      const opened = await openPool(
        d.repo,
        { docUrl: created.value.docUrl, genesisId: created.value.poolId, ...keys },
        d.deps,
      );
      if (!opened.ok) throw new Error(opened.reason);
      sessions.push(opened.value);
      open.set(name, { device: d, session: opened.value });
      return opened.value;
    };
    for (const n of rest) await join(n);
    for (const { session } of open.values())
      await waitFor(() => session.view().events.size >= world.events.size, { what: "every device to hold the pool" });
    const s = (name: string) => open.get(name)!.session;
    return { world, s, open, join, poolKey };
  }

  /** `name` writes an event on their device. */
  async function write(
    session: PoolSession,
    world: World,
    name: string,
    type: Parameters<typeof writeAs>[2],
    data: Parameters<typeof writeAs>[3],
  ) {
    world.tick(1000);
    const e = await writeAs(session, name, type, data, world.now);
    const r = await session.append(e);
    if (!r.ok) throw new Error(`${name}'s ${type} refused: ${r.reason} ${r.detail ?? ""}`);
    return e;
  }

  /** `name` proposes a decision on their device. */
  function propose(session: PoolSession, world: World, name: string, title: string) {
    return write(session, world, name, "proposal.created", {
      kind: "decision",
      title,
      text: "",
      closesAt: world.now + 7 * DAY,
    });
  }

  /** `name`'s device rotates once its state shows the departure. */
  async function rotate(session: PoolSession, world: World, name: string, departure: string) {
    await waitFor(() => session.view().state?.keys.rotationDue === departure, { what: `${name} to see the departure` });
    const sealed = (await sealRotation(session.view().state as PoolState, world.now))!;
    world.tick(1000);
    const e = await writeAs(session, name, "pool.key-rotated", sealed.data, world.now);
    session.madeRotation(e.id, sealed.raw);
    const r = await session.append(e);
    if (!r.ok) throw new Error(`rotation refused: ${r.reason}`);
    return e;
  }

  /** alice, bob, carol and dave; dave's phone goes offline, carol leaves, bob rotates and alice takes epoch 1. */
  async function carolLeavesWhileDaveIsOffline() {
    const four = await pool(["alice", "bob", "carol", "dave"]);
    const { world, s, open } = four;
    const daveDevice = open.get("dave")!.device;
    daveDevice.relay!.goOffline();
    const carolLeft = await write(s("carol"), world, "carol", "member.left", {});
    await rotate(s("bob"), world, "bob", carolLeft.id);
    await waitFor(() => s("alice").view().state?.keys.epoch === 1, { what: "alice to take epoch 1" });
    return { ...four, daveDevice, carolLeft };
  }

  const epochOfEntry = (session: PoolSession, id: string, at: number) => {
    const value = session.handle.doc().events[entryKey(id, at)];
    const env = value && decodeEnvelope(value);
    return env?.ok ? env.value.epoch : undefined;
  };

  test("rules §9: a former member's device holding the old key cannot read what is written after the rotation; an invite made before it still works after", async () => {
    const { world, s, join } = await pool(["alice", "bob", "carol"]);
    // alice invites erin while the pool is at epoch 0; the link carries epoch 0's key.
    const inviteSecret = crypto.getRandomValues(new Uint8Array(32));
    const invitePair = await deliveryKeyPairFromSeed(inviteSecret);
    const { signerFromSecretKey } = await import("../../../src/crypto/index.ts");
    const inviteSigner = signerFromSecretKey(inviteSecret);
    const invite = await write(s("alice"), world, "alice", "member.invited", {
      invitePublicKey: toBase64url(inviteSigner.publicKey),
      expiresAt: world.now + 7 * DAY,
      maxUses: 1,
      deliveryKey: toBase64url(invitePair.publicKey),
    });

    const left = await write(s("carol"), world, "carol", "member.left", {});
    const rotation = await rotate(s("bob"), world, "bob", left.id);
    await waitFor(() => s("alice").view().state?.keys.epoch === 1, { what: "alice to take epoch 1" });
    const plan = await propose(s("alice"), world, "alice", "Plans carol must not read");
    expect(epochOfEntry(s("alice"), plan.id, plan.body.at)).toBe(1);
    expect(epochOfEntry(s("bob"), rotation.id, rotation.body.at)).toBe(0); // the rotation itself is under the old key

    await waitFor(() => s("bob").view().events.has(plan.id), { what: "bob to read alice's plan" });
    await waitFor(() => epochOfEntry(s("carol"), plan.id, plan.body.at) === 1, {
      what: "carol's device to hold the entry",
    });
    const carolView = await s("carol").refresh();
    expect(carolView.events.has(plan.id)).toBe(false);
    // Not junk: carol's device lacks the key, and a device that sheds junk keeps this entry.
    await s("carol").refresh();
    expect(epochOfEntry(s("carol"), plan.id, plan.body.at)).toBe(1);
    expect(s("carol").view().junk).toBe(0);

    // erin opens the link made before the rotation: its key opens epoch 0, the rotation opens epoch 1 for the invite.
    const erin = await join("erin", [invitePair]);
    await waitFor(() => erin.view().events.has(plan.id), { what: "erin to read what was written after the rotation" });
    const { inviteProofMessage } = await import("../../../src/core/index.ts");
    const proof = toBase64url(await inviteSigner.sign(inviteProofMessage(world.genesisId, world.id("erin"))));
    const erinJoin = await write(erin, world, "erin", "member.joined", {
      invite: invite.id,
      name: "Erin",
      bylawsHash: toBase64url(sha256(new Uint8Array([1]))),
      proof,
      deliveryKey: await publicOf("erin"),
    });
    for (const n of ["alice", "bob"])
      await waitFor(
        () =>
          s(n)
            .view()
            .state?.pendingJoins.some((j) => j.join === erinJoin.id) === true,
        {
          what: `${n} to see erin's join`,
        },
      );
    const [a, b] = [await s("alice").refresh(), await s("bob").refresh()];
    expect(b.state).toEqual(a.state);
  });

  test("rules §9: an invite link made after a rotation carries every epoch's key, so the newcomer reads the pool's whole history", async () => {
    const { world, s, join } = await pool(["alice", "bob", "carol"]);
    const left = await write(s("carol"), world, "carol", "member.left", {});
    await rotate(s("bob"), world, "bob", left.id);
    await waitFor(() => s("alice").view().state?.keys.epoch === 1, { what: "alice to take epoch 1" });
    const after = await propose(s("alice"), world, "alice", "Written under epoch 1");
    // alice's link now: the keys of epochs 0 and 1.
    const keys = (await s("alice").poolKeysForInvite())!;
    expect(keys.map((k) => k.epoch)).toEqual([0, 1]);
    const link = encodeInviteLink("https://pools.example", {
      docId: s("alice").docUrl.replace("automerge:", ""),
      genesisId: world.genesisId,
      secret: crypto.getRandomValues(new Uint8Array(32)),
      poolKeys: keys,
    });
    const decoded = decodeInviteLink(link);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value.poolKeys?.map((k) => k.epoch)).toEqual([0, 1]);
    const frank = await join("frank", [], decoded.value.poolKeys);
    // The genesis and everything before the rotation are under epoch 0; the proposal under epoch 1.
    await waitFor(() => frank.view().events.has(after.id) && frank.view().events.has(world.genesisId), {
      what: "frank to read the pool from its start to after the rotation",
    });
    const [a, f] = [await s("alice").refresh(), await frank.refresh()];
    expect(f.state).toEqual(a.state);
  });

  test("rules §9: a phone offline through two rotations catches up by opening each epoch's key in turn", async () => {
    const { world, s, daveDevice, carolLeft } = await carolLeavesWhileDaveIsOffline();
    await waitFor(() => s("bob").view().state?.keys.epoch === 1, { what: "bob to take epoch 1" });
    const bobLeft = await write(s("bob"), world, "bob", "member.left", {});
    await rotate(s("alice"), world, "alice", bobLeft.id);
    const late = await propose(s("alice"), world, "alice", "After two rotations");
    expect(epochOfEntry(s("alice"), late.id, late.body.at)).toBe(2);
    expect(s("dave").view().events.has(carolLeft.id)).toBe(false);

    await daveDevice.relay!.goOnline();
    await waitFor(() => s("dave").view().events.has(late.id), { what: "dave to catch up through both epochs" });
    const [a, d] = [await s("alice").refresh(), await s("dave").refresh()];
    expect(d.state?.keys.epoch).toBe(2);
    expect(d.state).toEqual(a.state);
  });
  test("rules §9: a phone offline through a rotation takes the new key from a pool file made after it; a former member's phone reads nothing new from it", async () => {
    const { world, s, open } = await pool(["alice", "bob", "carol", "dave"]);
    const daveDevice = open.get("dave")!.device;
    const carolDevice = open.get("carol")!.device;
    daveDevice.relay!.goOffline();
    const carolLeft = await write(s("carol"), world, "carol", "member.left", {});
    await waitFor(() => s("bob").view().events.has(carolLeft.id), { what: "carol's departure to reach bob" });
    carolDevice.relay!.goOffline();
    await rotate(s("bob"), world, "bob", carolLeft.id);
    await waitFor(() => s("alice").view().state?.keys.epoch === 1, { what: "alice to take epoch 1" });
    const plan = await propose(s("alice"), world, "alice", "Plans for after carol");
    const file = await exportPoolFile(s("alice"), sha256);

    // dave, still offline, holds epoch 0 only: the rotation in the file is under it and hands him epoch 1.
    const merged = await importIntoPool(s("dave"), file, daveDevice.deps);
    expect(merged).toMatchObject({ ok: true, value: { unreadable: 0 } });
    expect(merged.ok && merged.value.written).toContain(plan.id);
    const [a, d] = [await s("alice").refresh(), await s("dave").refresh()];
    expect(d.state?.keys.epoch).toBe(1);
    expect(d.state).toEqual(a.state);

    // carol's phone holds epoch 0 too, but the rotation was not sealed to her: alice's plan stays sealed.
    const carols = await importIntoPool(s("carol"), file, carolDevice.deps);
    expect(carols).toMatchObject({ ok: true });
    expect(carols.ok && carols.value.unreadable).toBeGreaterThan(0);
    expect((await s("carol").refresh()).events.has(plan.id)).toBe(false);
  });
  test("rules §9: two phones rotating at once offline: the loser's phone takes the winning key and reads on", async () => {
    const { world, s, open } = await pool(["alice", "bob", "carol", "dave"]);
    const daveLeft = await write(s("dave"), world, "dave", "member.left", {});
    for (const n of ["bob", "carol"])
      await waitFor(() => s(n).view().state?.keys.rotationDue === daveLeft.id, { what: `${n} to see dave leave` });
    open.get("bob")!.device.relay!.goOffline();
    open.get("carol")!.device.relay!.goOffline();
    const first = await rotate(s("bob"), world, "bob", daveLeft.id);
    const second = await rotate(s("carol"), world, "carol", daveLeft.id);
    expect(first.body.at).toBeLessThan(second.body.at); // bob's comes first in event order: it counts
    // Still offline, carol writes under the key her own (losing) rotation made.
    const carols = await propose(s("carol"), world, "carol", "Written offline after the losing rotation");
    await open.get("bob")!.device.relay!.goOnline();
    await open.get("carol")!.device.relay!.goOnline();
    await waitFor(() => s("alice").view().events.has(first.id) && s("alice").view().events.has(second.id), {
      what: "alice to hold both rotations",
    });
    const plan = await propose(s("alice"), world, "alice", "After the rotation race");
    await waitFor(() => s("carol").view().events.has(plan.id), { what: "carol's phone to read alice's next proposal" });
    await waitFor(() => s("alice").view().events.has(carols.id), { what: "alice to read what carol wrote offline" });
    const [a, c] = [await s("alice").refresh(), await s("carol").refresh()];
    expect(c.state).toEqual(a.state);
    expect(c.junk).toBe(0);
    // Her phone keeps the winning key, so her links and backups hand on the key that counts.
    const bobs = await open.get("bob")!.device.deps.poolKeys!.rawKeyOf(a.state!.poolId, 1);
    expect(await open.get("carol")!.device.deps.poolKeys!.rawKeyOf(a.state!.poolId, 1)).toEqual(bobs);
  });

  test("rules §9: a key for an epoch no rotation started, planted by a link, is never used to seal", async () => {
    const { world, s, open } = await pool(["alice", "bob"]);
    const alice = open.get("alice")!;
    // A link (or the link beside a pool file) to alice's own pool, carrying a made-up epoch-7 key.
    const planted = await openPool(
      alice.device.repo,
      {
        docUrl: s("alice").docUrl,
        genesisId: s("alice").poolId,
        poolKeys: [{ epoch: 7, raw: crypto.getRandomValues(new Uint8Array(32)) }],
      },
      alice.device.deps,
    );
    if (!planted.ok) throw new Error(planted.reason);
    sessions.push(planted.value);
    await planted.value.refresh();
    const plan = await propose(planted.value, world, "alice", "Sealed under the key that counts");
    expect(epochOfEntry(planted.value, plan.id, plan.body.at)).toBe(0);
    await waitFor(() => s("bob").view().events.has(plan.id), { what: "bob to read alice's proposal" });
    expect((await planted.value.poolKeysForInvite())?.map((k) => k.epoch)).toEqual([0]);
  });
  test("rules §9: an entry of a pool file changed under a key the phone gets only from the file's rotation is left out and counted", async () => {
    const { world, s, daveDevice } = await carolLeavesWhileDaveIsOffline();
    const plan = await propose(s("alice"), world, "alice", "Changed on the way");
    const contents = decodePoolFile(await exportPoolFile(s("alice"), sha256), sha256);
    if (!contents.ok || contents.value.sealed === undefined) throw new Error("not a sealed file");
    // Someone flips one bit of alice's epoch-1 proposal; no key is needed for that.
    const planKey = entryKey(plan.id, plan.body.at);
    const sealed = contents.value.sealed.map((e) => {
      if (e.key !== planKey) return e;
      const value = e.value.slice();
      value[value.length - 1]! ^= 1;
      return { key: e.key, value };
    });
    const merged = await importIntoPool(
      s("dave"),
      encodePoolFile({ ...contents.value, sealed }, sha256),
      daveDevice.deps,
    );
    expect(merged).toMatchObject({ ok: true, value: { unreadable: 0, changed: 1 } });
    expect(merged.ok && merged.value.written).not.toContain(plan.id);
    expect((await s("dave").refresh()).state?.keys.epoch).toBe(1);
  });
  test("rules §9: a phone heals under the epoch that counts, never under a key a link planted for a later one", async () => {
    const { world, s, open } = await pool(["alice", "bob"]);
    const plan = await propose(s("alice"), world, "alice", "Deleted while alice's app was closed");
    await waitFor(() => s("bob").view().events.has(plan.id), { what: "bob to read alice's proposal" });
    open.get("bob")!.device.relay!.goOffline();
    const alice = open.get("alice")!.device;
    const { docUrl, poolId } = s("alice");
    s("alice").close();
    // Someone with the document's URL deletes the proposal while alice's app is closed.
    const stranger = await startDevice("stranger", { relayUrl: relay.url, now: () => world.now });
    devices.push(stranger);
    const copy = await stranger.repo.find<PoolDoc>(docUrl);
    const key = entryKey(plan.id, plan.body.at);
    await waitFor(() => key in copy.doc().events, { what: "the stranger to hold the document" });
    copy.change((d) => {
      delete d.events[key];
    });
    const held = await alice.repo.find<PoolDoc>(docUrl);
    await waitFor(() => !(key in held.doc().events), { what: "the deletion to reach alice's phone" });
    // alice opens her pool again from a link that carries a made-up key for epoch 7.
    const reopened = await openPool(
      alice.repo,
      { docUrl, genesisId: poolId, poolKeys: [{ epoch: 7, raw: crypto.getRandomValues(new Uint8Array(32)) }] },
      alice.deps,
    );
    if (!reopened.ok) throw new Error(reopened.reason);
    sessions.push(reopened.value);
    await waitFor(() => key in copy.doc().events, { what: "alice's phone to write the proposal back" });
    expect(epochOfEntry(reopened.value, plan.id, plan.body.at)).toBe(0);
  });

  test("rules §9: a remaining member who wins epoch 1 late with a backdated rotation cannot split the pool: every phone moves to that key", async () => {
    const { world, s, join } = await pool(["alice", "bob", "carol", "mallory"]);
    const left = await write(s("carol"), world, "carol", "member.left", {});
    const honest = await rotate(s("bob"), world, "bob", left.id);
    for (const n of ["alice", "mallory"])
      await waitFor(() => s(n).view().state?.keys.epoch === 1, { what: `${n} to take epoch 1` });
    const plan = await propose(s("alice"), world, "alice", "Under bob's key");
    await waitFor(() => s("mallory").view().events.has(plan.id), { what: "mallory to read alice's proposal" });
    // A day later mallory writes another rotation for epoch 1, dated just after carol left: it comes
    // first in event order, so it is the one that counts.
    world.tick(DAY);
    const raw = newPoolKeyBytes();
    const poolId = s("mallory").poolId;
    const keys: Record<string, string> = {};
    for (const n of ["alice", "bob", "mallory"]) {
      const pub = fromBase64url(s("mallory").view().state!.keys.deliveryKeys[world.id(n)]!)!;
      keys[world.id(n)] = toBase64url(await hpkeKeySealer.seal(pub, raw, rotationContext(poolId, 1)));
    }
    const backdated = await signEvent(
      {
        pool: poolId,
        type: "pool.key-rotated",
        by: world.id("mallory"),
        at: left.body.at,
        parents: [left.id],
        data: { epoch: 1, departure: left.id, keys },
      },
      personKeys("mallory").signer,
      sha256,
    );
    s("mallory").madeRotation(backdated.id, raw);
    expect(await s("mallory").append(backdated)).toMatchObject({ ok: true });
    for (const n of ["alice", "bob"])
      await waitFor(() => s(n).view().state?.keys.rotations[0]?.id === backdated.id, { what: `${n} to count it` });
    expect(s("alice").view().state?.keys.superseded).toEqual([honest.id]);
    const after = await propose(s("alice"), world, "alice", "Under mallory's key");
    // A newcomer with the keys alice's links now carry reads everything, and the pool settles.
    const erin = await join("erin", [], (await s("alice").poolKeysForInvite())!);
    for (const [who, session] of [
      ["erin", erin],
      ["bob", s("bob")],
    ] as const)
      await waitFor(() => session.view().events.has(plan.id) && session.view().events.has(after.id), {
        what: `${who} to read both proposals`,
      });
    // Settled: the three phones hold the same document. No shed-and-heal war: one more proposal
    // goes round and erin's junk count has not moved.
    const sameHeads = () => {
      const [x, y, z] = [s("alice"), s("bob"), erin].map((p) => JSON.stringify([...p.handle.heads()].sort()));
      return x === y && y === z;
    };
    await waitFor(sameHeads, { what: "alice, bob and erin to hold the same document" });
    const junk = erin.view().junk;
    const last = await propose(s("alice"), world, "alice", "One more round");
    await waitFor(() => erin.view().events.has(last.id), { what: "erin to read alice's last proposal" });
    await waitFor(sameHeads, { what: "the three phones to settle again" });
    expect(erin.view().junk).toBe(junk);
    const [a, e] = [await s("alice").refresh(), await erin.refresh()];
    expect(e.state).toEqual(a.state);
    // Both rotations stay sealed under epoch 0 however often they are written back: the key that
    // hands over epoch 1 is never sealed under epoch 1's own.
    for (const r of [honest, backdated]) expect(epochOfEntry(s("bob"), r.id, r.body.at)).toBe(0);
  });
});
