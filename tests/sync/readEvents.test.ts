import * as A from "@automerge/automerge";
import { describe, expect, test } from "vitest";
import { sha256 } from "../../src/crypto/index.ts";
import { type DecodeMemo, readEvents } from "../../src/sync/readEvents.ts";
import { entryKey, entryKeyOf, parseEntryKey } from "../../src/sync/schema/entryKey.ts";
import { type PoolDoc, packEntry, poolDocSeed, unpackEntry } from "../../src/sync/schema/poolDoc.ts";
import { World } from "../helpers/world.ts";

function docWith(world: World, except?: string): A.Doc<PoolDoc> {
  return A.change(A.load<PoolDoc>(poolDocSeed()), (d) => {
    for (const e of world.events.values()) if (e.id !== except) d.events[entryKeyOf(e)] = packEntry(e);
  });
}

/** A copy of the document as another device holds it: its own actor, or Automerge would drop one side's changes. */
const fork = <T>(doc: A.Doc<T>): A.Doc<T> =>
  A.clone(doc, Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex"));

describe("reading events out of a pool document", () => {
  test("an entry is the signature followed by the exact signed bytes", async () => {
    const world = await World.found("alice");
    const g = world.events.get(world.genesisId)!;
    const entry = packEntry(g);
    expect(entry.length).toBe(64 + g.bytes.length);
    expect(unpackEntry(entry)).toEqual({ sig: g.sig, bytes: g.bytes });
    expect(unpackEntry(new Uint8Array(64))).toMatch(/too short/);
    expect(unpackEntry({ b: g.bytes, s: g.sig })).toMatch(/not bytes/);
  });

  test("every entry under its own id is decoded", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const read = readEvents(docWith(world), sha256);
    expect(read.refused).toEqual([]);
    expect(read.events.map((e) => e.id).sort()).toEqual([...world.events.keys()].sort());
  });

  test("an entry counts only under the key equal to its id", async () => {
    const world = await World.found("alice");
    const g = world.events.get(world.genesisId)!;
    const doc = A.change(docWith(world), (d) => {
      d.events.elsewhere = packEntry(g);
    });
    const read = readEvents(doc, sha256);
    expect(read.events.map((e) => e.id)).toEqual([g.id]);
    expect(read.refused).toMatchObject([{ id: "elsewhere", reason: "id-mismatch" }]);
  });

  test("entries of the wrong shape are refused with a reason, not thrown", async () => {
    const world = await World.found("alice");
    const fake = (c: string) => c.repeat(43);
    const doc = A.change(docWith(world), (d) => {
      const events = d.events as unknown as Record<string, unknown>;
      events[entryKey(fake("n"), 1)] = 42;
      events[entryKey(fake("s"), 1)] = new Uint8Array(10);
      events[entryKey(fake("m"), 1)] = { b: new Uint8Array([1]) };
      events[entryKey(fake("l"), 1)] = [1, 2];
    });
    const read = readEvents(doc, sha256);
    expect(read.events).toHaveLength(1);
    expect(read.refused.map((r) => [r.id, r.reason]).sort()).toEqual([
      [fake("l"), "bad-envelope"],
      [fake("m"), "bad-envelope"],
      [fake("n"), "bad-envelope"],
      [fake("s"), "bad-envelope"],
    ]);
  });

  test("an event under its id but with another time in its key counts for nothing there", async () => {
    const world = await World.found("alice");
    const g = world.events.get(world.genesisId)!;
    const early = entryKey(g.id, g.body.at - 1);
    const doc = A.change(A.load<PoolDoc>(poolDocSeed()), (d) => {
      d.events[early] = packEntry(g);
      d.events[g.id] = packEntry(g); // the bare id, as in the draft layout
    });
    const read = readEvents(doc, sha256);
    expect(read.events).toEqual([]);
    expect(read.refused.map((r) => [r.id, r.reason]).sort()).toEqual([
      [early, "id-mismatch"],
      [g.id, "id-mismatch"],
    ]);
  });

  test("entry keys put the time first, so that keys sort by time", () => {
    const id = "A".repeat(43);
    expect(entryKey(id, 0)).toBe(`00000000000.${id}`);
    expect(parseEntryKey(entryKey(id, Number.MAX_SAFE_INTEGER))).toEqual({ id, at: Number.MAX_SAFE_INTEGER });
    const times = [0, 9, 10, 35, 36, 1_767_225_600_000, 1_767_225_600_001, Number.MAX_SAFE_INTEGER];
    const keys = times.map((t) => entryKey(id, t));
    expect([...keys].sort()).toEqual(keys);
    expect(parseEntryKey(`0000000000A.${id}`)).toBeUndefined();
    expect(parseEntryKey(`zzzzzzzzzzz.${id}`)).toBeUndefined(); // beyond a safe integer
    expect(parseEntryKey(id)).toBeUndefined();
  });

  test("a junk key far too long is shortened in the audit", async () => {
    const world = await World.found("alice");
    const doc = A.change(docWith(world), (d) => {
      d.events["k".repeat(5000)] = new Uint8Array(100);
    });
    const [refused] = readEvents(doc, sha256).refused;
    expect(refused?.id.length).toBeLessThanOrEqual(65);
  });

  test("a good value hidden behind a junk one in a conflict is still read", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const g = world.events.get(world.genesisId)!;
    const base = docWith(world, g.id);
    // Two devices write the same key at once: one the event, one junk. Whichever wins, the event is read.
    const honest = A.change(fork(base), (d) => {
      d.events[entryKeyOf(g)] = packEntry(g);
    });
    const junk = A.change(fork(base), (d) => {
      d.events[entryKeyOf(g)] = new Uint8Array(80).fill(9);
    });
    for (const merged of [A.merge(fork(honest), junk), A.merge(fork(junk), honest)]) {
      expect(A.getConflicts(merged.events, entryKeyOf(g))).toBeDefined();
      const read = readEvents(merged, sha256);
      expect(read.events.filter((e) => e.id === g.id)).toHaveLength(1);
      expect(read.refused).toEqual([]);
    }
  });

  test("rival values with the same bytes and different signatures are all returned when asked", async () => {
    const world = await World.found("alice");
    const g = world.events.get(world.genesisId)!;
    const base = docWith(world, g.id);
    const forged = A.change(fork(base), (d) => {
      d.events[entryKeyOf(g)] = packEntry({ bytes: g.bytes, sig: new Uint8Array(64).fill(1) });
    });
    const rewritten = A.change(fork(base), (d) => {
      d.events[entryKeyOf(g)] = packEntry(g);
    });
    const merged = A.merge(fork(forged), rewritten);
    expect(readEvents(merged, sha256).events).toHaveLength(1);
    const all = readEvents(merged, sha256, { allValuesOf: new Set([g.id]) });
    expect(all.events).toHaveLength(2);
    expect(new Set(all.events.map((e) => e.sig[0]))).toEqual(new Set([g.sig[0], 1]));
  });

  test("rival `events` maps (two documents grown apart) are both read", async () => {
    const alice = await World.found("alice");
    // Two documents made apart (not from the shared seed) each have their own `events` map.
    const one = A.from({ schemaVersion: 1, events: {} }) as unknown as A.Doc<PoolDoc>;
    const two = A.from({ schemaVersion: 1, events: {} }) as unknown as A.Doc<PoolDoc>;
    const g = alice.events.get(alice.genesisId)!;
    const withG = A.change(two, (d) => {
      d.events[entryKeyOf(g)] = packEntry(g);
    });
    for (const merged of [A.merge(fork(one), withG), A.merge(fork(withG), one)]) {
      expect(A.getConflicts(merged, "events")).toBeDefined();
      expect(readEvents(merged, sha256).events.map((e) => e.id)).toEqual([g.id]);
    }
  });

  test("a memo skips decoding entries that did not change", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const memo: DecodeMemo = new Map();
    const doc = docWith(world);
    const first = readEvents(doc, sha256, { memo });
    const second = readEvents(doc, sha256, { memo });
    expect(second.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    // The very same decoded objects come back.
    expect(second.events.every((e, i) => e === first.events[i])).toBe(true);
  });

  test("a document that is not a pool reads as empty", () => {
    expect(readEvents(A.from({ hello: "world" }), sha256)).toEqual({
      events: [],
      refused: [],
      shed: [],
      conflicted: [],
    });
    expect(readEvents({ events: {} }, sha256)).toEqual({ events: [], refused: [], shed: [], conflicted: [] });
  });
});
