/**
 * mallory holds the document URL but is no member. She writes forged entries and deletes or
 * overwrites valid ones; alice and bob's devices shed the forgeries as junk (rules §3.7: counted
 * in the audit, deleted from the document) and write the valid events back.
 */
import type { DocHandle } from "@automerge/automerge-repo";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type SignedEvent, signEvent } from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../src/sync/pools.ts";
import { entryKey, entryKeyOf } from "../../src/sync/schema/entryKey.ts";
import { type PoolDoc, packEntry } from "../../src/sync/schema/poolDoc.ts";
import { type Device, idsOf, inOrder, startDevice, startSyncRelay } from "../helpers/peers.ts";
import { type TestRelay, waitFor } from "../helpers/relay.ts";
import { DAY, personKeys, World } from "../helpers/world.ts";

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array) =>
  a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

describe("a stranger with the URL cannot forge or remove events", () => {
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

  async function setUp() {
    const world = await World.withMembers(["alice", "bob"]);
    const tents = await world.propose("alice", { kind: "decision" }, { title: "Buy two tents" });
    const aliceVote = await world.vote("alice", tents.id, "yes");
    const dues = await world.contribute("bob", "bob", 2500);
    const [alice, bob, mallory] = await Promise.all(
      ["alice", "bob", "mallory"].map((n) => startDevice(n, { relayUrl: relay.url, now: () => world.now })),
    );
    devices.push(alice!, bob!, mallory!);
    const [genesis, ...rest] = inOrder(world);
    const created = await createPool(alice!.repo, genesis!, alice!.deps);
    if (!created.ok) throw new Error(created.reason);
    const a = created.value;
    await a.append(rest);
    const opened = await openPool(bob!.repo, { docUrl: a.docUrl, genesisId: a.poolId }, bob!.deps);
    if (!opened.ok) throw new Error(opened.reason);
    const b = opened.value;
    sessions.push(a, b);
    await waitFor(() => b.view().events.size === world.events.size, { what: "bob to catch up" });
    // mallory's device is a bare automerge-repo peer: she writes to the document directly.
    const m = await mallory!.repo.find<PoolDoc>(a.docUrl);
    return { world, a, b, m, tents, aliceVote, dues, mallory: mallory! };
  }

  test("rules §3.7 junk: forged entries are left out, counted and deleted", async () => {
    const { world, a, b, m, tents } = await setUp();
    const before = a.view().state!;
    // Signed by mallory's key but claiming to be alice's.
    const impostor = await signEvent(
      {
        pool: a.poolId,
        type: "vote.cast",
        by: world.id("alice"),
        at: world.now,
        parents: [tents.id],
        data: { proposal: tents.id, choice: "no" },
      },
      personKeys("mallory").signer,
      sha256,
    );
    // Honestly signed by mallory, who is no member.
    const outsider = await signEvent(
      {
        pool: a.poolId,
        type: "proposal.created",
        by: world.id("mallory"),
        at: world.now,
        parents: before.heads,
        data: { kind: "decision", title: "Give mallory the money", text: "", closesAt: world.now + 7 * DAY },
      },
      personKeys("mallory").signer,
      sha256,
    );
    const wrongTime = entryKey(tents.id, tents.body.at + 1);
    m.change((d) => {
      d.events[entryKeyOf(impostor)] = packEntry(impostor);
      d.events[entryKeyOf(outsider)] = packEntry(outsider);
      // A valid event under a key that is not its own counts for nothing there.
      d.events.notTheId = packEntry(tents);
      d.events[wrongTime] = packEntry(tents);
      d.events.junk = new Uint8Array(100);
    });

    const junkKeys = [entryKeyOf(impostor), entryKeyOf(outsider), "notTheId", wrongTime, "junk"];
    for (const s of [a, b]) {
      await waitFor(() => s.view().junk >= 4, { what: "the forgeries to be shed" });
      // Counted, not listed: the audit holds no line per forged entry.
      expect(s.view().state!.audit).toEqual([]);
      const state = s.view().state!;
      expect(state.order).toEqual(before.order);
      expect(state.proposals[outsider.id]).toBeUndefined();
      expect(state.proposals[tents.id]?.votes).toEqual(before.proposals[tents.id]?.votes);
    }
    expect(b.view().state).toEqual(a.view().state);
    await waitFor(() => junkKeys.every((k) => !(k in m.doc().events)), { what: "the junk to leave mallory's copy" });
    expect(m.doc().events[entryKeyOf(tents)]).toBeDefined();
  });

  test("deleted and overwritten valid events are written back by the honest devices", async () => {
    const { world, a, b, m, tents, aliceVote, dues, mallory } = await setUp();
    const before = a.view().state!;
    m.change((d) => {
      delete d.events[entryKeyOf(aliceVote)];
      delete d.events[entryKeyOf(dues)];
      d.events[entryKeyOf(tents)] = packEntry({ bytes: tents.bytes, sig: new Uint8Array(64) }); // a signature that cannot verify
    });

    const holdsValid = (h: DocHandle<PoolDoc>, e: SignedEvent) =>
      sameBytes(h.doc().events[entryKeyOf(e)], packEntry(e));
    await waitFor(() => [aliceVote, dues, tents].every((e) => holdsValid(m, e)), {
      what: "mallory's copy to be healed",
    });
    for (const s of [a, b]) {
      await waitFor(
        () => [aliceVote, dues, tents].every((e) => s.view().verified.has(e.id) && holdsValid(s.handle, e)),
        { what: `${s === a ? "alice" : "bob"} to hold every valid event` },
      );
    }
    const healedBySomeone = new Set([...a.view().healed, ...b.view().healed]);
    expect(healedBySomeone).toEqual(new Set([aliceVote.id, dues.id, tents.id]));

    // A device that arrives later sees the pool whole.
    const carol = await startDevice("carol", { relayUrl: relay.url, now: () => world.now });
    devices.push(carol);
    const c = await openPool(carol.repo, { docUrl: a.docUrl, genesisId: a.poolId }, carol.deps);
    if (!c.ok) throw new Error(c.reason);
    sessions.push(c.value);
    await waitFor(() => c.value.view().state?.order.length === before.order.length, {
      what: "carol to derive the whole pool",
    });
    expect(c.value.view().state!.order).toEqual(before.order);
    expect(idsOf(c.value.view().events)).toEqual(idsOf(a.view().events));
    expect(mallory.errors).toEqual([]);
  });
});
