/**
 * Rules §9, keys a phone already holds: a key that came with an invite link, a pool file's link or
 * a backup is a member's word, and an epoch's key never changes. A hostile member who hands
 * alice a link to her own pool carrying a wrong key must not make her phone lose its key, read
 * her pool as junk, and delete its entries.
 */
import { describe, expect, test } from "vitest";
import { sha256 } from "../../../src/crypto/index.ts";
import { exportPoolFile, importPoolFile } from "../../../src/sync/poolFileImport.ts";
import { createPool, openPool } from "../../../src/sync/pools.ts";
import { closedAfterEach, idsOf, inOrder, startDevice } from "../../helpers/peers.ts";
import { World } from "../../helpers/world.ts";

const { devices, sessions } = closedAfterEach();

async function alicesPool() {
  const world = await World.withMembers(["alice", "bob"]);
  await world.propose("alice", { kind: "decision" }, { title: "Buy two tents" });
  const alice = await startDevice("alice", { now: () => world.now, poolKeys: true });
  devices.push(alice);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(alice.repo, genesis!, alice.deps);
  if (!created.ok) throw new Error(created.reason);
  sessions.push(created.value);
  expect(await created.value.append(rest)).toMatchObject({ ok: true });
  const keyBefore = await alice.deps.poolKeys!.rawKeyOf(created.value.poolId, 0);
  return { world, alice, session: created.value, keyBefore: keyBefore! };
}

const wrongKey = () => ({ epoch: 0, raw: crypto.getRandomValues(new Uint8Array(32)) });

describe("rules §9: an epoch's key this phone holds is never replaced by a link's", () => {
  test("rules §9: alice opens a link to her own pool carrying a wrong key; her phone keeps its key and reads the pool", async () => {
    const { alice, session, keyBefore } = await alicesPool();
    const before = idsOf(session.view().events);
    const state = session.view().state;

    const viaLink = await openPool(
      alice.repo,
      { docUrl: session.docUrl, genesisId: session.poolId, poolKeys: [wrongKey()] },
      alice.deps,
    );
    if (!viaLink.ok) throw new Error(viaLink.reason);
    sessions.push(viaLink.value);
    expect(idsOf((await viaLink.value.refresh()).events)).toEqual(before);
    expect(viaLink.value.view().junk).toBe(0);
    expect(await alice.deps.poolKeys!.rawKeyOf(session.poolId, 0)).toEqual(keyBefore);

    // And the next time the pool opens from the phone's own list.
    viaLink.value.close();
    const reopened = await openPool(alice.repo, { docUrl: session.docUrl, genesisId: session.poolId }, alice.deps);
    if (!reopened.ok) throw new Error(reopened.reason);
    sessions.push(reopened.value);
    expect(idsOf((await reopened.value.refresh()).events)).toEqual(before);
    expect(reopened.value.view().state).toEqual(state);
  });

  test("rules §9: a pool file opened with a link carrying a wrong key merges on a phone that holds the right one", async () => {
    const { alice, session, keyBefore } = await alicesPool();
    const file = await exportPoolFile(session, sha256);
    const merged = await importPoolFile(alice.repo, file, alice.deps, {
      genesisId: session.poolId,
      keys: [wrongKey()],
    });
    if (!merged.ok) throw new Error(`${merged.reason} ${merged.detail}`);
    sessions.push(merged.value.session);
    expect(merged.value.merged.unreadable).toBe(0);
    expect(await alice.deps.poolKeys!.rawKeyOf(session.poolId, 0)).toEqual(keyBefore);
  });
});
