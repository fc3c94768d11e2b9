/**
 * Rules §9: a pool made before encryption (schema v1, written by the app before this change) is
 * upgraded on open and, by a member's device, moved into a new encrypted document: the old
 * document's history keeps its plaintext, so sealing in place would hide nothing.
 */
import fs from "node:fs";
import path from "node:path";
import * as A from "@automerge/automerge";
import { describe, expect, test } from "vitest";
import { encryptPool, movedToOf, needsEncrypting } from "../../../src/sync/encryption/encryptPool.ts";
import { openPool } from "../../../src/sync/pools.ts";
import type { PoolDoc } from "../../../src/sync/schema/poolDoc.ts";
import { closedAfterEach, idsOf, startDevice } from "../../helpers/peers.ts";
import { findPlaintext, historyOf } from "../../helpers/plaintextSearch.ts";
import { personKeys, T0 } from "../../helpers/world.ts";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures");
const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, "plaintext-pool-v1.json"), "utf8")) as {
  genesisId: string;
  events: number;
};
const v1Bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, "plaintext-pool-v1.automerge")));

const { devices, sessions } = closedAfterEach();

async function deviceWithV1Pool(name: string, poolKeys: boolean) {
  const d = await startDevice(name, { now: () => T0 + 60 * 24 * 3600_000, ...(poolKeys ? { poolKeys: true } : {}) });
  devices.push(d);
  const handle = d.repo.import<PoolDoc>(v1Bytes);
  expect((A.load(v1Bytes) as unknown as PoolDoc).schemaVersion).toBe(1);
  const opened = await openPool(d.repo, { docUrl: handle.url, genesisId: fixture.genesisId }, d.deps);
  if (!opened.ok) throw new Error(opened.reason);
  sessions.push(opened.value);
  return { device: d, session: opened.value };
}

describe("rules §9: pools made before encryption", () => {
  test("a v1 document upgrades to v2 on open and its plaintext events still read", async () => {
    const { session } = await deviceWithV1Pool("bob", false);
    expect(session.handle.doc().schemaVersion).toBe(2);
    expect(session.view().events.size).toBe(fixture.events);
    expect(session.view().state?.activeMembers).toHaveLength(2);
    expect(session.encrypted).toBe(false);
  });

  test("a member's device moves it into a new encrypted document; the old one is marked and takes no more writes", async () => {
    const { device: alice, session: old } = await deviceWithV1Pool("alice", true);
    const before = old.view().state;
    expect(needsEncrypting(old, alice.deps)).toBe(true);
    const oldUrl = old.docUrl;
    const oldHandle = old.handle;

    const moved = await encryptPool(alice.repo, old, alice.deps);
    if (!moved.ok) throw new Error(moved.reason);
    const session = moved.value;
    sessions.push(session);
    expect(session.encrypted).toBe(true);
    expect(session.docUrl).not.toBe(oldUrl);
    expect(session.view().state).toEqual(before);
    expect(idsOf(session.view().events)).toHaveLength(fixture.events);
    expect(await alice.device.getPool(fixture.genesisId)).toMatchObject({ docUrl: session.docUrl });
    expect(movedToOf(oldHandle.doc())).toBe(session.docUrl);

    // The new document's whole history holds no plaintext; the old one still does (why it is abandoned).
    const history = historyOf;
    const needles = ["Hiking Club Pool", "Buy two tents", "vote.cast"];
    expect(findPlaintext([{ name: "new", bytes: history(session.handle.doc()) }], needles)).toEqual([]);
    expect(findPlaintext([{ name: "old", bytes: history(oldHandle.doc()) }], needles)).not.toEqual([]);

    // bob's phone, still on the old document without the key, writes nothing more into it.
    const bob = await startDevice("bob", { now: () => T0 + 60 * 24 * 3600_000, poolKeys: true });
    devices.push(bob);
    const copy = bob.repo.import<PoolDoc>(A.save(oldHandle.doc()));
    const stale = await openPool(bob.repo, { docUrl: copy.url, genesisId: fixture.genesisId }, bob.deps);
    if (!stale.ok) throw new Error(stale.reason);
    sessions.push(stale.value);
    expect(needsEncrypting(stale.value, bob.deps)).toBe(false);
    const { signEvent } = await import("../../../src/core/index.ts");
    const { sha256 } = await import("../../../src/crypto/index.ts");
    const state = stale.value.view().state!;
    const comment = await signEvent(
      {
        pool: fixture.genesisId,
        type: "member.left",
        by: personKeys("bob").id,
        at: state.latestAt + 1,
        parents: state.heads,
        data: {},
      },
      personKeys("bob").signer,
      sha256,
    );
    expect(await stale.value.append(comment)).toMatchObject({ ok: false, reason: "pool-moved" });
  });
});
