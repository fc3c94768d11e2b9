/**
 * alice exports the pool to a file; carol, on a device that never had a network, imports it
 * and holds the same pool. Files of other pools and tampered files change nothing. An encrypted
 * pool's file is sealed (rules §9): carol opens it with the keys of the pool's invite link.
 */
import * as A from "@automerge/automerge";
import { beforeEach, describe, expect, test } from "vitest";
import { eventIdOf } from "../../src/core/events/decodeEvent.ts";
import { toBase64url } from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import { sealEntry } from "../../src/sync/encryption/entryCrypto.ts";
import { cryptoOf } from "../../src/sync/encryption/poolCrypto.ts";
import { openFileEntries } from "../../src/sync/encryption/sealedFileEntries.ts";
import { decodePoolFile, encodePoolFile, type PoolFileContents } from "../../src/sync/poolFile.ts";
import { exportPoolFile, importIntoPool, importPoolFile } from "../../src/sync/poolFileImport.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../src/sync/pools.ts";
import { entryKey, parseEntryKey } from "../../src/sync/schema/entryKey.ts";
import { packEntry } from "../../src/sync/schema/poolDoc.ts";
import { closedAfterEach, type Device, idsOf, inOrder, startDevice, startSyncRelay } from "../helpers/peers.ts";
import { waitFor } from "../helpers/relay.ts";
import { World } from "../helpers/world.ts";

const { devices, sessions } = closedAfterEach();

async function poolOn(
  name: string,
  world: World,
  relayUrl?: string,
): Promise<{ device: Device; session: PoolSession }> {
  const device = await startDevice(name, {
    now: () => world.now,
    ...(relayUrl === undefined ? {} : { relayUrl }),
    ...(encrypted ? { poolKeys: true as const } : {}),
  });
  devices.push(device);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(device.repo, genesis!, device.deps);
  if (!created.ok) throw new Error(created.reason);
  sessions.push(created.value);
  const appended = await created.value.append(rest);
  if (!appended.ok) throw new Error(appended.reason);
  return { device, session: created.value };
}

async function hikingClub(): Promise<World> {
  const world = await World.withMembers(["alice", "bob"]);
  const tents = await world.propose("alice", { kind: "decision" }, { title: "Buy two tents" });
  await world.vote("bob", tents.id, "yes");
  await world.contribute("bob", "bob", 2500);
  return world;
}

/** A device with no network at all. */
async function offlineDevice(name: string, world: World): Promise<Device> {
  const d = await startDevice(name, { now: () => world.now, ...(encrypted ? { poolKeys: true as const } : {}) });
  devices.push(d);
  return d;
}

/** Every case runs on a plaintext pool and on an encrypted one (rules §9), whose file is sealed. */
let encrypted = false;

/** What alice hands over beside her file: her invite link's pool and keys, for a sealed file. */
async function linkKeysOf(
  session: PoolSession,
): Promise<{ genesisId: string; keys: { epoch: number; raw: Uint8Array }[] }> {
  return { genesisId: session.poolId, keys: (await session.poolKeysForInvite()) ?? [] };
}

/**
 * A file's events as plain signed events, whether it is sealed or not: a member holding the key
 * (`keysFrom`) can open a sealed one.
 */
async function eventsOf(contents: PoolFileContents, keysFrom: Device, poolId: string) {
  if (contents.sealed === undefined) return contents.events;
  const crypto = (await cryptoOf(poolId, keysFrom.deps))!;
  return (await openFileEntries(crypto, contents.sealed, sha256)).events;
}

/** The file again around changed events: sealed by a member who holds the key, if it was sealed. */
async function rebuilt(contents: PoolFileContents, events: Awaited<ReturnType<typeof eventsOf>>, keysFrom: Device) {
  if (contents.sealed === undefined) return encodePoolFile({ ...contents, events }, sha256);
  const crypto = (await cryptoOf(contents.genesisId, keysFrom.deps))!;
  // Each entry under the map key of the event it now holds, as an honest writer would file it.
  const sealed = await Promise.all(
    contents.sealed.map(async (entry, i) => {
      const key = entryKey(eventIdOf(events[i]!.bytes, sha256), parseEntryKey(entry.key)!.at);
      return { key, value: await sealEntry(crypto, key, packEntry(events[i]!)) };
    }),
  );
  return encodePoolFile({ ...contents, sealed }, sha256);
}

describe.each([false, true])("exporting and importing a pool file (encrypted: %s)", (sealed) => {
  beforeEach(() => {
    encrypted = sealed;
  });

  test("carol imports alice's file with no network and holds the same events and state", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const file = await exportPoolFile(a, sha256);

    const carol = await offlineDevice("carol", world);
    const imported = await importPoolFile(carol.repo, file, carol.deps, await linkKeysOf(a));
    if (!imported.ok) throw new Error(`${imported.reason} ${imported.detail}`);
    const c = imported.value.session;
    sessions.push(c);
    expect(c.poolId).toBe(a.poolId);
    expect(c.docUrl).toBe(a.docUrl);
    expect(idsOf(c.view().events)).toEqual(idsOf(a.view().events));
    expect(c.view().state).toEqual(a.view().state);
    expect(await carol.device.getPool(a.poolId)).toEqual({
      genesisId: a.poolId,
      docUrl: a.docUrl,
      name: "Hiking Club Pool",
    });
  });

  test("merging a file into an open pool is the union of events", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const bob = await offlineDevice("bob", world);
    // bob takes a copy, then each adds an event on their own device.
    const fromAlice = await exportPoolFile(a, sha256);
    const imported = await importPoolFile(bob.repo, fromAlice, bob.deps, await linkKeysOf(a));
    if (!imported.ok) throw new Error(imported.reason);
    const b = imported.value.session;
    sessions.push(b);
    const proposal = Object.keys(a.view().state!.proposals)[0]!;
    world.tick(1000);
    const aliceVote = await world.vote("alice", proposal, "yes");
    expect(await a.append(aliceVote)).toMatchObject({ ok: true });
    const contribution = await world.contribute("alice", "alice", 1000);
    expect(await b.append(contribution)).toMatchObject({ ok: true });

    const merged = await importIntoPool(b, await exportPoolFile(a, sha256), bob.deps);
    expect(merged).toMatchObject({ ok: true, value: { written: [aliceVote.id], refused: [] } });
    const back = await importIntoPool(a, await exportPoolFile(b, sha256), bob.deps);
    expect(back).toMatchObject({ ok: true, value: { written: [contribution.id] } });
    expect(idsOf((await a.refresh()).events)).toEqual(idsOf((await b.refresh()).events));
    expect(b.view().state).toEqual(a.view().state);
  });

  test("a join in a file whose invite is not in the file is still checked against the invite this phone holds", async () => {
    const world = await hikingClub();
    const invite = await world.invite("alice");
    const { session: a } = await poolOn("alice", world);
    // mallory's join names alice's invite with a proof she made up (she never had its secret).
    const forged = await world.add("mallory", "member.joined", {
      invite: invite.id,
      name: "Mallory",
      bylawsHash: toBase64url(sha256(new Uint8Array([1]))),
      proof: toBase64url(new Uint8Array(64).fill(9)),
    });
    // Her file leaves the invite out, so the file's own check cannot judge the proof.
    const events = [...world.events.values()].filter((e) => e.id !== invite.id);
    const file = encodePoolFile({ genesisId: a.poolId, docUrl: a.docUrl, events }, sha256);
    const merged = await importIntoPool(a, file, devices[0]!.deps);
    if (!merged.ok) throw new Error(`${merged.reason} ${merged.detail}`);
    expect(merged.value.written).not.toContain(forged.id);
    expect(merged.value.refused.map((r) => [r.id, r.reason])).toEqual([[forged.id, "bad-invite-proof"]]);
    expect((await a.refresh()).state?.pendingJoins.some((j) => j.join === forged.id)).toBe(false);
  });

  test("a file from another pool is refused and changes nothing", async () => {
    const world = await hikingClub();
    const other = await World.withMembers(["dave", "erin"]);
    const { session: a } = await poolOn("alice", world);
    const { session: d } = await poolOn("dave", other);
    const before = idsOf(a.view().events);
    const result = await importIntoPool(a, await exportPoolFile(d, sha256), devices[0]!.deps);
    expect(result).toMatchObject({ ok: false, reason: "file-other-pool" });
    expect(idsOf((await a.refresh()).events)).toEqual(before);
  });

  test("a tampered file is refused with the event and reason, and nothing is imported", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const good = decodePoolFile(await exportPoolFile(a, sha256), sha256);
    if (!good.ok) throw new Error(good.reason);
    // Someone (a member, if the file is sealed) edits a contribution's amount and rebuilds the container around it.
    const entries = (await eventsOf(good.value, devices[0]!, a.poolId)).map((e) => {
      const text = new TextDecoder().decode(e.bytes);
      if (!text.includes('"amount":2500')) return e;
      const bytes = new TextEncoder().encode(text.replace('"amount":2500', '"amount":9500'));
      return { id: e.id, bytes, sig: e.sig }; // the file stores no ids: the importer hashes the bytes
    });
    const reencoded = await rebuilt(good.value, entries, devices[0]!);
    const carol = await offlineDevice("carol", world);
    const result = await importPoolFile(carol.repo, reencoded, carol.deps, await linkKeysOf(a));
    expect(result).toMatchObject({ ok: false, reason: "file-tampered" });
    expect(result.ok ? "" : result.detail).toMatch(/bad-signature$/);
    expect(await carol.device.listPools()).toEqual([]);
    expect(Object.keys(carol.repo.handles)).toEqual([]);
  });

  test("a damaged, truncated or foreign file is refused with its reason", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const file = await exportPoolFile(a, sha256);
    const flipped = file.slice();
    flipped[100] = flipped[100]! ^ 1;
    expect(decodePoolFile(flipped, sha256)).toMatchObject({ ok: false, reason: "file-damaged" });
    expect(decodePoolFile(file.subarray(0, file.length - 10), sha256)).toMatchObject({
      ok: false,
      reason: "file-damaged",
    });
    expect(decodePoolFile(new TextEncoder().encode("name,amount\n"), sha256)).toMatchObject({
      ok: false,
      reason: "file-not-pool-file",
    });
    const newer = file.slice();
    newer[8] = 4;
    expect(decodePoolFile(newer, sha256)).toMatchObject({ ok: false, reason: "file-version" });
  });

  test("a pool rebuilt from a file syncs with the relay's copy as one history", async () => {
    const relay = await startSyncRelay();
    try {
      const world = await hikingClub();
      const { session: a } = await poolOn("alice", world, relay.url);
      const carol = await offlineDevice("carol", world);
      const imported = await importPoolFile(
        carol.repo,
        await exportPoolFile(a, sha256),
        carol.deps,
        await linkKeysOf(a),
      );
      if (!imported.ok) throw new Error(imported.reason);
      const c = imported.value.session;
      sessions.push(c);
      // carol writes while still offline, then meets the relay.
      const dues = await world.contribute("alice", "alice", 700);
      expect(await c.append(dues)).toMatchObject({ ok: true });
      // Later the same device (same storage and stores) starts with the relay in reach.
      c.close();
      sessions.splice(sessions.indexOf(c), 1);
      devices.splice(devices.indexOf(carol), 1);
      await carol.shutdown();
      const online = await startDevice("carol", {
        relayUrl: relay.url,
        storage: carol.storage,
        device: carol.device,
        cache: carol.cache,
        archive: carol.archive,
        now: () => world.now,
        ...(carol.deps.poolKeys ? { poolKeys: carol.deps.poolKeys } : {}),
      });
      devices.push(online);
      const ref = (await online.device.listPools())[0]!;
      const reopened = await openPool(online.repo, ref, online.deps);
      if (!reopened.ok) throw new Error(reopened.reason);
      const c2 = reopened.value;
      sessions.push(c2);
      await waitFor(() => a.view().events.has(dues.id), { what: "alice to receive carol's offline event" });
      await waitFor(() => idsOf(c2.view().events).length === idsOf(a.view().events).length, {
        what: "carol to catch up",
      });
      // One `events` map: the rebuilt document shares the seed change with alice's.
      expect(A.getConflicts(a.handle.doc(), "events")).toBeUndefined();
      expect(A.getConflicts(c2.handle.doc(), "events")).toBeUndefined();
      expect(idsOf(a.view().events)).toEqual(idsOf(c2.view().events));
      // With the link's keys beside the sealed file, carol seals what she writes and reads alice's entries.
      expect([a.encrypted, c2.encrypted, c2.handle.doc().encryption]).toEqual(
        encrypted ? [true, true, 1] : [false, false, undefined],
      );
    } finally {
      await relay.close();
    }
  });
});

describe("rules §9: an encrypted pool's file is sealed", () => {
  beforeEach(() => {
    encrypted = true;
  });

  test("rules §9: a sealed pool file shows no name, title, amount or member id, and carries no key", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const file = Buffer.from(await exportPoolFile(a, sha256));
    const contents = decodePoolFile(file, sha256);
    expect(contents).toMatchObject({ ok: true, value: { events: [] } });
    expect(contents.ok && contents.value.sealed?.length).toBe(a.knownEvents().length);
    const needles = ["Hiking Club Pool", "Buy two tents", "2500", '"amount"', world.id("alice"), world.id("bob")];
    expect(needles.filter((n) => file.includes(Buffer.from(n)))).toEqual([]);
    for (const key of (await linkKeysOf(a)).keys) expect(file.includes(Buffer.from(key.raw))).toBe(false);
  });

  test("rules §9: a phone with no key for the pool cannot open its sealed file, and keeps nothing", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const mallory = await offlineDevice("mallory", world);
    const result = await importPoolFile(mallory.repo, await exportPoolFile(a, sha256), mallory.deps);
    expect(result).toMatchObject({ ok: false, reason: "file-key-missing" });
    expect(await mallory.device.listPools()).toEqual([]);
    expect(Object.keys(mallory.repo.handles)).toEqual([]);
    expect(await mallory.deps.poolKeys!.keysOf(a.poolId)).toEqual([]);
  });

  test("rules §9: another pool's invite link beside a sealed file is refused as such, and nothing is kept", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const { session: d } = await poolOn("dave", await World.withMembers(["dave", "erin"]));
    const carol = await offlineDevice("carol", world);
    const result = await importPoolFile(carol.repo, await exportPoolFile(a, sha256), carol.deps, await linkKeysOf(d));
    expect(result).toMatchObject({ ok: false, reason: "file-other-pool" });
    expect(result.ok ? "" : result.detail).toMatch(/invite link/);
    expect(await carol.device.listPools()).toEqual([]);
  });

  test("rules §9: a sealed entry changed by someone without the key refuses the whole file", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const good = decodePoolFile(await exportPoolFile(a, sha256), sha256);
    if (!good.ok || good.value.sealed === undefined) throw new Error("not a sealed file");
    const sealed = good.value.sealed.map((entry, i) => {
      if (i !== 1) return entry;
      const value = entry.value.slice();
      value[value.length - 20]! ^= 1; // one bit of the ciphertext; the checksum is made again below
      return { key: entry.key, value };
    });
    const carol = await offlineDevice("carol", world);
    const result = await importPoolFile(
      carol.repo,
      encodePoolFile({ ...good.value, sealed }, sha256),
      carol.deps,
      await linkKeysOf(a),
    );
    expect(result).toMatchObject({ ok: false, reason: "file-tampered" });
    expect(result.ok ? "" : result.detail).toContain(good.value.sealed[1]!.key);
    expect(await carol.device.listPools()).toEqual([]);
    expect(Object.keys(carol.repo.handles)).toEqual([]);
  });

  test("rules §9: a version-2 file from the previous release (plaintext events and the key) still opens", async () => {
    const world = await hikingClub();
    const { session: a } = await poolOn("alice", world);
    const key = (await a.poolKeyForInvite())!;
    const older = encodePoolFile(
      { genesisId: a.poolId, docUrl: a.docUrl, events: a.knownEvents(), poolKey: key },
      sha256,
    );
    expect(older[8]).toBe(2);
    // What the sealed format fixes: this older file names the pool in plain text.
    expect(Buffer.from(older).includes(Buffer.from("Hiking Club Pool"))).toBe(true);
    const carol = await offlineDevice("carol", world);
    const imported = await importPoolFile(carol.repo, older, carol.deps);
    if (!imported.ok) throw new Error(`${imported.reason} ${imported.detail}`);
    sessions.push(imported.value.session);
    expect(imported.value.session.view().state).toEqual(a.view().state);
    expect(imported.value.session.encrypted).toBe(true);
  });
});
