import * as A from "@automerge/automerge";
import { describe, expect, test } from "vitest";
import { sha256 } from "../../src/crypto/index.ts";
import { findPoolDocument } from "../../src/sync/poolDocument.ts";
import { readEvents } from "../../src/sync/readEvents.ts";
import { createNodeRepo } from "../../src/sync/repo/createNodeRepo.ts";
import { entryKeyOf } from "../../src/sync/schema/entryKey.ts";
import { MIGRATIONS, migratePoolDoc } from "../../src/sync/schema/migrations.ts";
import { POOL_SCHEMA_VERSION, type PoolDoc, packEntry, poolDocSeed } from "../../src/sync/schema/poolDoc.ts";
import { schemaVersionOf, validatePoolDoc } from "../../src/sync/schema/validatePoolDoc.ts";
import { World } from "../helpers/world.ts";

/** A document in the draft layout (v0): entries { b, s } and no schemaVersion. */
async function v0Document() {
  const world = await World.withMembers(["alice", "bob"]);
  const doc = A.from<Record<string, unknown>>({
    events: Object.fromEntries([...world.events.values()].map((e) => [e.id, { b: e.bytes, s: e.sig }])),
  });
  return { world, doc };
}

/** A copy of the document as another device holds it: its own actor, or Automerge would drop one side's changes. */
const fork = <T>(doc: A.Doc<T>): A.Doc<T> =>
  A.clone(doc, Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex"));

describe("the pool document schema", () => {
  test("every pool document starts from the same seed change, wherever it is made", () => {
    const seed = poolDocSeed();
    const a = A.load<PoolDoc>(seed);
    expect(a).toEqual({ schemaVersion: POOL_SCHEMA_VERSION, events: {} });
    const again = A.save(
      A.change(A.init<PoolDoc>({ actor: "506f6f6c7320736565642076310a0000" }), { time: 0 }, (d) => {
        d.schemaVersion = POOL_SCHEMA_VERSION;
        d.events = {};
      }),
    );
    expect(A.getHeads(A.load(again))).toEqual(A.getHeads(a));
  });

  test("the validator accepts a current document and says why it refuses others", () => {
    expect(validatePoolDoc({ schemaVersion: 2, events: {} })).toMatchObject({ ok: true });
    expect(validatePoolDoc("hello")).toMatchObject({ ok: false, reason: "doc-not-a-pool" });
    expect(validatePoolDoc({ todos: [] })).toMatchObject({ ok: false, reason: "doc-not-a-pool" });
    expect(validatePoolDoc({ schemaVersion: 3, events: {} })).toMatchObject({ ok: false, reason: "doc-newer-schema" });
    expect(validatePoolDoc({ schemaVersion: 2, events: [] })).toMatchObject({ ok: false, reason: "doc-bad-schema" });
    expect(validatePoolDoc({ events: {} })).toMatchObject({
      ok: false,
      reason: "doc-bad-schema",
      detail: "version 0 needs migrating",
    });
    expect(schemaVersionOf({ schemaVersion: "1", events: {} })).toBeUndefined();
  });

  test("migrations are numbered without gaps from 0 to the current version", () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual([...Array(POOL_SCHEMA_VERSION).keys()]);
  });

  test("a v0 document upgrades to v1 and keeps every event", async () => {
    const { world, doc } = await v0Document();
    const upgraded = A.change(doc, (d) => {
      expect(migratePoolDoc(d)).toEqual([0, 1]);
    });
    expect(validatePoolDoc(upgraded)).toMatchObject({ ok: true });
    const read = readEvents(upgraded, sha256);
    expect(read.refused).toEqual([]);
    expect(read.events.map((e) => e.id).sort()).toEqual([...world.events.keys()].sort());
    for (const e of world.events.values())
      expect((upgraded.events as PoolDoc["events"])[entryKeyOf(e)]).toEqual(packEntry(e));
    expect(Object.keys(upgraded.events as object)).toHaveLength(world.events.size);
    // Running it again changes nothing.
    const twice = A.change(upgraded, (d) => {
      expect(migratePoolDoc(d)).toEqual([]);
    });
    expect(A.getHeads(twice)).toEqual(A.getHeads(upgraded));
  });

  test("a malformed v0 entry is left for the reader to refuse", async () => {
    const { doc } = await v0Document();
    const odd = A.change(doc, (d) => {
      (d.events as Record<string, unknown>).odd = { b: new Uint8Array([1]), s: new Uint8Array(3) };
    });
    const upgraded = A.change(odd, (d) => void migratePoolDoc(d));
    expect(readEvents(upgraded, sha256).refused).toMatchObject([{ id: "odd", reason: "id-mismatch" }]);
  });

  test("two devices upgrading the same v0 document concurrently still read each event once", async () => {
    const { world, doc } = await v0Document();
    const one = A.change(fork(doc), (d) => void migratePoolDoc(d));
    const two = A.change(fork(doc), (d) => void migratePoolDoc(d));
    const merged = A.merge(one, two);
    const read = readEvents(merged, sha256);
    expect(read.events).toHaveLength(world.events.size);
  });

  test("opening a v0 document in a repo migrates it", async () => {
    const { world, doc } = await v0Document();
    const { repo, shutdown } = createNodeRepo({});
    try {
      const handle = repo.import<PoolDoc>(A.save(doc));
      const found = await findPoolDocument(repo, handle.url);
      expect(found).toMatchObject({ ok: true });
      expect(handle.doc().schemaVersion).toBe(POOL_SCHEMA_VERSION);
      expect(readEvents(handle.doc(), sha256).events).toHaveLength(world.events.size);
    } finally {
      await shutdown();
    }
  });
});
