/**
 * rules §3.7: mallory has the document URL and is no member. She floods the pool's document with
 * signed proposals of her own, random values and conflicting values under the genesis key.
 * Devices shed all of it: never verified twice, deleted from the document, counted in one audit
 * line; a member's refused event stays as evidence.
 */
import * as A from "@automerge/automerge";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { derivePool, type SignatureVerifier, type SignedEvent, signEvent, toBase64url } from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../src/sync/pools.ts";
import { entryKey, entryKeyOf } from "../../src/sync/schema/entryKey.ts";
import { type PoolDoc, packEntry, poolDocSeed } from "../../src/sync/schema/poolDoc.ts";
import { MemoryVerifiedIdCache } from "../../src/sync/storage/verificationCache.ts";
import { type Device, inOrder, startDevice, startSyncRelay } from "../helpers/peers.ts";
import { type TestRelay, waitFor } from "../helpers/relay.ts";
import { DAY, personKeys, World } from "../helpers/world.ts";

/** Counts every signature check a device makes, through its verifier port. */
function counting(inner: SignatureVerifier) {
  const counter = { calls: 0 };
  const verifier: SignatureVerifier = {
    name: `counting ${inner.name}`,
    verify: (key, message, sig) => {
      counter.calls++;
      return inner.verify(key, message, sig);
    },
  };
  return { verifier, counter };
}

/** Deterministic "random" bytes, so a failure can be replayed. */
function noise(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("rules §3.7 junk from strangers is shed", () => {
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

  async function founded(world: World) {
    const [alice, mallory] = await Promise.all(
      ["alice", "mallory"].map((n) => startDevice(n, { relayUrl: relay.url, now: () => world.now })),
    );
    devices.push(alice!, mallory!);
    const [genesis, ...rest] = inOrder(world);
    const created = await createPool(alice!.repo, genesis!, alice!.deps);
    if (!created.ok) throw new Error(created.reason);
    const a = created.value;
    sessions.push(a);
    const appended = await a.append(rest);
    if (!appended.ok) throw new Error(appended.reason);
    const m = await mallory!.repo.find<PoolDoc>(a.docUrl);
    await waitFor(() => Object.keys(m.doc().events).length === world.events.size, { what: "mallory's copy" });
    return { a, m, genesis: genesis! };
  }

  test("10,000 signed proposals by a stranger and 10,000 random values are shed, deleted and never checked twice", {
    timeout: 240_000,
  }, async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const tents = await world.propose("alice", { kind: "decision" }, { title: "Buy two tents" });
    await world.vote("bob", tents.id, "yes");
    const { a, m } = await founded(world);
    const expected = a.view().state!;

    const mallory = personKeys("mallory");
    const proposals: SignedEvent[] = await Promise.all(
      Array.from({ length: 10_000 }, (_, i) =>
        signEvent(
          {
            pool: a.poolId,
            type: "proposal.created",
            by: mallory.id,
            at: world.now + i,
            parents: expected.heads,
            data: { kind: "decision", title: `Give mallory the money #${i}`, text: "", closesAt: world.now + 7 * DAY },
          },
          mallory.signer,
          sha256,
        ),
      ),
    );
    const randomKeys: string[] = [];
    // alice's phone is closed: carol's new device is the one that sees the junk and sheds it (with
    // alice's open, a slow carol could find it already shed and count none).
    a.close();
    m.change((d) => {
      for (const p of proposals) d.events[entryKeyOf(p)] = packEntry(p);
      for (let i = 0; i < 10_000; i++) {
        const key = entryKey(toBase64url(noise(i, 32)), world.now + i);
        randomKeys.push(key);
        d.events[key] = noise(i + 1_000_000, 200);
      }
    });

    // carol's new device opens the pool from the relay, and counts its signature checks.
    const carol = await startDevice("carol", { relayUrl: relay.url, now: () => world.now });
    devices.push(carol);
    const { verifier, counter } = counting(carol.deps.verifier);
    // 20,000 junk entries take a while to come down from the relay on a busy machine.
    const deps = { ...carol.deps, verifier, relayWaitMs: 120_000 };
    const opened = await openPool(carol.repo, { docUrl: a.docUrl, genesisId: a.poolId }, deps);
    if (!opened.ok) throw new Error(opened.reason);
    const c = opened.value;
    sessions.push(c);
    await waitFor(() => c.view().junk === 20_000, { what: "carol's device to shed all 20,000", timeoutMs: 120_000 });
    const state = c.view().state!;
    expect(state.order).toEqual(expected.order);
    expect(state.proposals[tents.id]?.tally).toEqual(expected.proposals[tents.id]?.tally);
    expect(state.audit).toEqual([]);
    // Only the pool's own events were checked: a stranger's signature is never verified.
    expect(counter.calls).toBeLessThanOrEqual(world.events.size + 2);

    // Deleted from the document, for every copy.
    await waitFor(() => Object.keys(m.doc().events).length === world.events.size, {
      what: "the junk to leave mallory's copy",
      timeoutMs: 60_000,
    });

    // Remembered: written back, the same entries are skipped without a single signature check.
    const before = counter.calls;
    m.change((d) => {
      for (const p of proposals.slice(0, 100)) d.events[entryKeyOf(p)] = packEntry(p);
      for (const key of randomKeys.slice(0, 100)) d.events[key] = noise(randomKeys.indexOf(key) + 1_000_000, 200);
    });
    await waitFor(() => Object.keys(m.doc().events).length > world.events.size, {
      what: "mallory's second try",
      timeoutMs: 60_000,
    });
    await waitFor(() => Object.keys(m.doc().events).length === world.events.size, {
      what: "the second try to be shed",
      timeoutMs: 60_000,
    });
    await c.refresh();
    expect(counter.calls).toBe(before);
    expect(c.view().junk).toBe(20_000);
    expect((await carol.cache.loadNotes(a.poolId)).junk).toHaveLength(20_000);
  });

  test("twenty conflicting values under the genesis key do not hide the genesis from a new device", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { a, m, genesis } = await founded(world);
    const order = a.view().state!.order;
    // alice's app is closed: no honest session is there to write the genesis back.
    a.close();
    const key = entryKeyOf(genesis);
    // Each of mallory's twenty writes starts from the shared seed, so none of them has seen the
    // genesis: they stay as conflicting values beside it instead of replacing it. Automerge lists
    // a key's values by (counter, actor) and the last one wins: nineteen writes under tiny actor
    // ids sort before the genesis, and one with a higher counter wins, so a reader that stops
    // after 16 values never reaches the genesis.
    let rivals = A.load<PoolDoc>(poolDocSeed());
    for (let i = 0; i < 20; i++) {
      let fork = A.load<PoolDoc>(poolDocSeed(), { actor: i.toString(16).padStart(32, "0") });
      if (i === 19) for (let j = 0; j < 5; j++) fork = A.change(fork, (d) => (d.events.pad = noise(j, 8)));
      fork = A.change(fork, (d) => {
        if (i === 19) delete d.events.pad;
        d.events[key] = noise(i, genesis.bytes.length + 64);
      });
      rivals = A.merge(rivals, fork);
    }
    m.update((d) => A.merge(d, rivals));
    expect(Object.keys(A.getConflicts(m.doc().events as A.Doc<unknown>, key) ?? {})).toHaveLength(21);

    const carol = await startDevice("carol", { relayUrl: relay.url, now: () => world.now });
    devices.push(carol);
    const opened = await openPool(carol.repo, { docUrl: a.docUrl, genesisId: a.poolId }, carol.deps);
    if (!opened.ok) throw new Error(opened.reason);
    sessions.push(opened.value);
    await waitFor(() => opened.value.view().state !== undefined, { what: "carol to see the genesis" });
    expect(opened.value.view().state!.order).toEqual(order);
    // Writing the genesis again clears the rivals for everyone.
    const packed = packEntry(genesis);
    await waitFor(
      () =>
        Object.keys(A.getConflicts(m.doc().events as A.Doc<unknown>, key) ?? {}).length <= 1 &&
        m.doc().events[key]?.every((b, i) => b === packed[i]) === true,
      { what: "the rivals to be cleared" },
    );
  });

  test("a member's refused event stays in the document as evidence", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { a } = await founded(world);
    // bob votes on a proposal that does not exist: refused by the rules, but bob is a member.
    const bogus = await signEvent(
      {
        pool: a.poolId,
        type: "vote.cast",
        by: world.id("bob"),
        at: world.now,
        parents: [a.poolId],
        data: { proposal: a.poolId, choice: "yes" },
      },
      personKeys("bob").signer,
      sha256,
    );
    const bobDevice = await startDevice("bob", { relayUrl: relay.url, now: () => world.now });
    devices.push(bobDevice);
    const raw = await bobDevice.repo.find<PoolDoc>(a.docUrl);
    raw.change((d) => {
      d.events[entryKeyOf(bogus)] = packEntry(bogus);
    });
    await waitFor(() => a.view().state!.audit.some((e) => e.id === bogus.id), { what: "alice to refuse bob's vote" });
    await a.refresh();
    expect(a.view().junk).toBe(0);
    expect(entryKeyOf(bogus) in a.handle.doc().events).toBe(true);
  });

  test("rules §3.6 arrival: first-seen times survive a reload", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { a } = await founded(world);
    const cache = new MemoryVerifiedIdCache();
    const carol = await startDevice("carol", { relayUrl: relay.url, now: () => world.now, cache });
    devices.push(carol);
    const first = await openPool(carol.repo, { docUrl: a.docUrl, genesisId: a.poolId }, carol.deps);
    if (!first.ok) throw new Error(first.reason);
    await waitFor(() => first.value.view().state !== undefined, { what: "carol's first open" });
    world.tick(3_600_000);
    const late = await world.propose("bob", { kind: "decision" }, { title: "Late idea" });
    const appended = await a.append(late);
    if (!appended.ok) throw new Error(appended.reason);
    await waitFor(() => first.value.view().verified.has(late.id), { what: "carol to hold the late proposal" });
    first.value.close();
    const notes = await cache.loadNotes(a.poolId);
    expect(notes.arrivals.get(late.id)).toBe(world.now);
    const arrivedAt = world.now;

    world.tick(3_600_000);
    let seen: ReadonlyMap<string, number> | undefined;
    const again = await openPool(
      carol.repo,
      { docUrl: a.docUrl, genesisId: a.poolId },
      {
        ...carol.deps,
        derive: (input) => {
          seen = input.arrivals;
          return derivePool(input);
        },
      },
    );
    if (!again.ok) throw new Error(again.reason);
    sessions.push(again.value);
    expect(seen?.get(late.id)).toBe(arrivedAt);
  });
});
