/**
 * Rules §9, opening again: a device remembers what it opened, by map key and the exact stored
 * value, next to its verification cache. Reopening a pool decrypts only the values that changed
 * since; a value changed under a key this device opened before (tampered with, or sealed again)
 * goes through decryption and every check like any new value, and is never read from memory.
 *
 * The cipher is the real AES-256-GCM one, wrapped only to count the values it is asked to open.
 */
import { describe, expect, test } from "vitest";
import type { EntryCipher } from "../../../src/core/encryption/cipherPorts.ts";
import { decodeEnvelope, encodeEnvelope } from "../../../src/core/encryption/envelope.ts";
import { aesGcmEntryCipher } from "../../../src/crypto/aesGcmEntryCipher.ts";
import { memoryPoolKeyStore, type PoolKeyStore } from "../../../src/sync/encryption/poolKeyStore.ts";
import type { PoolSession } from "../../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../../src/sync/pools.ts";
import { createNodeRepo } from "../../../src/sync/repo/createNodeRepo.ts";
import { MemoryStorageAdapter } from "../../../src/sync/repo/memoryStorage.ts";
import { entryKeyOf } from "../../../src/sync/schema/entryKey.ts";
import type { PoolDoc } from "../../../src/sync/schema/poolDoc.ts";
import { MemoryEventArchive } from "../../../src/sync/storage/eventArchive.ts";
import { MemoryVerifiedIdCache } from "../../../src/sync/storage/verificationCache.ts";
import { closedAfterEach, type Device, inOrder, startDevice } from "../../helpers/peers.ts";
import { waitFor } from "../../helpers/relay.ts";
import { World } from "../../helpers/world.ts";

const decoder = new TextDecoder();

/** The real cipher; every value it is asked to open is noted by its map key (the associated data). */
function countingCipher(): { cipher: EntryCipher; opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    cipher: {
      seal: (key, plaintext, ad) => aesGcmEntryCipher.seal(key, plaintext, ad),
      open: (key, sealed, ad) => {
        opened.push(decoder.decode(ad));
        return aesGcmEntryCipher.open(key, sealed, ad);
      },
    },
  };
}

const { devices, sessions } = closedAfterEach();

/** What a phone keeps across restarts: its stored documents, caches and keys. */
interface Phone {
  storage: MemoryStorageAdapter;
  cache: MemoryVerifiedIdCache;
  archive: MemoryEventArchive;
  poolKeys: PoolKeyStore;
}

async function boot(world: World, phone: Phone, cipher?: EntryCipher): Promise<Device> {
  const d = await startDevice("alice", { now: () => world.now, ...phone });
  if (cipher !== undefined) d.deps.cipher = cipher;
  devices.push(d);
  return d;
}

/** alice founds an encrypted pool with bob and a few events on her phone, then closes the app. */
async function alicesPhone() {
  const world = await World.withMembers(["alice", "bob"]);
  await world.contribute("bob", "bob", 2500);
  await world.propose("alice", { kind: "decision" }, { title: "New tent" });
  const phone: Phone = {
    storage: new MemoryStorageAdapter(),
    cache: new MemoryVerifiedIdCache(),
    archive: new MemoryEventArchive(),
    poolKeys: memoryPoolKeyStore(),
  };
  const d = await boot(world, phone);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(d.repo, genesis!, d.deps);
  if (!created.ok) throw new Error(created.reason);
  expect(await created.value.append(rest)).toMatchObject({ ok: true });
  expect(created.value.encrypted).toBe(true);
  const pool = { docUrl: created.value.docUrl, genesisId: created.value.poolId };
  created.value.close();
  await d.shutdown();
  devices.splice(devices.indexOf(d), 1);
  return { world, phone, pool };
}

/** Someone with the document's URL changes the stored value under `key` while alice's app is closed. */
async function changeStored(phone: Phone, docUrl: string, key: string, change: (value: Uint8Array) => Uint8Array) {
  const other = createNodeRepo({ storage: phone.storage });
  const handle = await other.repo.find<PoolDoc>(docUrl as Parameters<typeof other.repo.find>[0]);
  const value = handle.doc().events[key]!;
  handle.change((d) => {
    d.events[key] = change(value);
  });
  await other.shutdown();
}

async function reopen(d: Device, pool: { docUrl: string; genesisId: string }): Promise<PoolSession> {
  const opened = await openPool(d.repo, pool, d.deps);
  if (!opened.ok) throw new Error(opened.reason);
  sessions.push(opened.value);
  return opened.value;
}

/** The same pool opened by a phone holding only the key: every value decrypted. */
async function freshOpen(world: World, phone: Phone, pool: { docUrl: string; genesisId: string }) {
  const fresh = await boot(world, {
    storage: phone.storage,
    cache: new MemoryVerifiedIdCache(),
    archive: new MemoryEventArchive(),
    poolKeys: phone.poolKeys,
  });
  return reopen(fresh, pool);
}

describe("rules §9: a reopened pool decrypts only what changed", () => {
  test("reopening decrypts none of the entries opened before, and derives the same pool", async () => {
    const { world, phone, pool } = await alicesPhone();
    const counter = countingCipher();
    const d = await boot(world, phone, counter.cipher);
    const session = await reopen(d, pool);
    expect(session.view().state?.order.length).toBe(world.events.size);
    expect(counter.opened).toEqual([]);

    const fresh = await freshOpen(world, phone, pool);
    expect(session.view().state).toEqual(fresh.view().state);
  });

  test("a value sealed again under a key opened before is decrypted again, and only that one", async () => {
    const { world, phone, pool } = await alicesPhone();
    const proposal = [...world.events.values()].find((e) => e.body.type === "proposal.created")!;
    const key = entryKeyOf(proposal);
    // A member's device writes the same entry again (as healing does): same plaintext, new nonce.
    const [poolKey] = await phone.poolKeys.keysOf(pool.genesisId);
    const stored = (await readStored(phone, pool.docUrl))[key]!;
    const plain = await aesGcmEntryCipher.open(poolKey!, sealedOf(stored), enc(key));
    const resealed = encodeEnvelope(0, await aesGcmEntryCipher.seal(poolKey!, plain!, enc(key)));
    await changeStored(phone, pool.docUrl, key, () => resealed);

    const counter = countingCipher();
    const session = await reopen(await boot(world, phone, counter.cipher), pool);
    expect(counter.opened).toEqual([key]);
    expect(session.view().state?.proposals[proposal.id]).toBeDefined();
    expect(session.view().junk).toBe(0);
    const fresh = await freshOpen(world, phone, pool);
    expect(session.view().state).toEqual(fresh.view().state);
  });

  test("a value tampered with under a key opened before is junk, never read from memory", async () => {
    const { world, phone, pool } = await alicesPhone();
    const dues = [...world.events.values()].find((e) => e.body.type === "ledger.contribution")!;
    const key = entryKeyOf(dues);
    await changeStored(phone, pool.docUrl, key, (value) => {
      const tampered = value.slice();
      tampered[tampered.length - 20] = (tampered[tampered.length - 20] as number) ^ 1;
      return tampered;
    });

    const counter = countingCipher();
    const session = await reopen(await boot(world, phone, counter.cipher), pool);
    expect(counter.opened).toEqual([key]);
    // Junk is shed and alice's device writes the valid entry back from its archive (rules §3.12).
    await waitFor(() => session.view().junk === 1 && session.view().healed.has(dues.id), {
      what: "the tampered value to be shed and the contribution healed",
    });
    const healed = session.handle.doc().events[key]!;
    expect(
      await aesGcmEntryCipher.open((await phone.poolKeys.keysOf(pool.genesisId))[0]!, sealedOf(healed), enc(key)),
    ).toBeDefined();
    expect(session.view().state?.ledger.entries.some((e) => e.id === dues.id)).toBe(true);
  });
});

const enc = (s: string) => new TextEncoder().encode(s);
const sealedOf = (value: Uint8Array) => (decodeEnvelope(value) as { value: { sealed: Uint8Array } }).value.sealed;

async function readStored(phone: Phone, docUrl: string): Promise<PoolDoc["events"]> {
  const other = createNodeRepo({ storage: phone.storage });
  const handle = await other.repo.find<PoolDoc>(docUrl as Parameters<typeof other.repo.find>[0]);
  const events = { ...handle.doc().events };
  await other.shutdown();
  return events;
}
