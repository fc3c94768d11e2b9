/** A device writes an event only after the core has checked it. */
import { describe, expect, test } from "vitest";
import { signEvent } from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import { type PoolSession, startPoolSession } from "../../src/sync/poolSession.ts";
import { createPool } from "../../src/sync/pools.ts";
import { entryKeyOf } from "../../src/sync/schema/entryKey.ts";
import { packEntry } from "../../src/sync/schema/poolDoc.ts";
import { closedAfterEach, inOrder, startDevice } from "../helpers/peers.ts";
import { DAY, personKeys, World } from "../helpers/world.ts";

const { devices, sessions } = closedAfterEach();

async function founded(world: World) {
  const alice = await startDevice("alice", { now: () => world.now });
  devices.push(alice);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(alice.repo, genesis!, alice.deps);
  if (!created.ok) throw new Error(created.reason);
  sessions.push(created.value);
  if (rest.length > 0) expect(await created.value.append(rest)).toMatchObject({ ok: true });
  return { alice, session: created.value };
}

const entryCount = (s: PoolSession) => Object.keys(s.handle.doc().events).length;

describe("append checks with the core before writing", () => {
  test("founding a pool needs a signed genesis", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const alice = await startDevice("alice");
    devices.push(alice);
    const notGenesis = inOrder(world)[1]!;
    expect(await createPool(alice.repo, notGenesis, alice.deps)).toMatchObject({ ok: false, reason: "not-a-genesis" });
    const g = world.events.get(world.genesisId)!;
    const forged = { ...g, sig: new Uint8Array(64).fill(3) };
    expect(await createPool(alice.repo, forged, alice.deps)).toMatchObject({ ok: false, reason: "not-a-genesis" });
    expect(await alice.device.listPools()).toEqual([]);
  });

  test("the founder's device remembers the pool by its genesis id", async () => {
    const world = await World.found("alice");
    const { alice, session } = await founded(world);
    expect(session.poolId).toBe(world.genesisId);
    expect(await alice.device.listPools()).toEqual([
      { genesisId: world.genesisId, docUrl: session.docUrl, name: "Hiking Club Pool" },
    ]);
    expect(session.view().state?.activeMembers).toEqual([world.id("alice")]);
  });

  test("an event the core refuses is not written, and the reason comes back", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { session } = await founded(world);
    const before = entryCount(session);
    // carol is no member: her proposal would be refused.
    const carols = await signEvent(
      {
        pool: world.genesisId,
        type: "proposal.created",
        by: world.id("carol"),
        at: world.now,
        parents: session.view().state!.heads,
        data: { kind: "decision", title: "Hi", text: "", closesAt: world.now + 7 * DAY },
      },
      personKeys("carol").signer,
      sha256,
    );
    expect(await session.append(carols)).toMatchObject({
      ok: false,
      reason: "not-a-member",
      detail: `event ${carols.id}`,
    });
    const tampered = { ...carols, sig: new Uint8Array(64).fill(1) };
    expect(await session.append(tampered)).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(await session.append({ ...carols, id: world.genesisId })).toMatchObject({
      ok: false,
      reason: "id-mismatch",
    });
    expect(entryCount(session)).toBe(before);
  });

  test("a batch with one refused event writes nothing, unless asked to write the rest", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { session } = await founded(world);
    const proposal = await world.propose("alice", { kind: "decision" });
    expect(await session.append(proposal)).toMatchObject({ ok: true, value: { written: [proposal.id] } });
    const bobYes = await world.vote("bob", proposal.id, "yes");
    const blocked = await world.vote("alice", proposal.id, "block"); // blocks are off by default
    const before = entryCount(session);
    expect(await session.append([bobYes, blocked])).toMatchObject({ ok: false, reason: "blocks-not-allowed" });
    expect(entryCount(session)).toBe(before);
    const partial = await session.append([bobYes, blocked], { partial: true });
    expect(partial).toMatchObject({
      ok: true,
      value: { written: [bobYes.id], refused: [{ id: blocked.id, reason: "blocks-not-allowed" }] },
    });
    expect(session.view().state?.proposals[proposal.id]?.votes[world.id("bob")]?.choice).toBe("yes");
  });

  test("a ballot whose proposal this device does not hold yet is accepted as pending", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { session } = await founded(world);
    const proposal = await world.propose("alice", { kind: "decision" });
    const ballot = await world.vote("bob", proposal.id, "no");
    const result = await session.append(ballot);
    expect(result).toMatchObject({ ok: true, value: { written: [ballot.id], pending: [ballot.id] } });
    expect(session.view().state?.pending).toEqual([{ id: ballot.id, missing: [proposal.id] }]);
    await session.append(proposal);
    expect(session.view().state?.proposals[proposal.id]?.votes[world.id("bob")]?.choice).toBe("no");
  });

  test("appending an event already held writes nothing new", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { session } = await founded(world);
    const heads = session.handle.heads();
    expect(await session.append(inOrder(world))).toMatchObject({ ok: true, value: { written: [] } });
    expect(session.handle.heads()).toEqual(heads);
  });
});

describe("verification is cached per device", () => {
  test("reopening a pool verifies no signature it verified before", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { alice, session } = await founded(world);
    let checks = 0;
    const counting = {
      name: "counting",
      verify: (k: Uint8Array, m: Uint8Array, s: Uint8Array) => {
        checks++;
        return alice.deps.verifier.verify(k, m, s);
      },
    };
    session.close();
    const again = await startPoolSession(session.handle, session.poolId, { ...alice.deps, verifier: counting });
    sessions.push(again);
    expect(checks).toBe(0);
    expect(again.view().verified.size).toBe(world.events.size);
    expect(again.view().state).toEqual(session.view().state);
  });

  test("a forged signature next to a cached event is still caught", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const { session } = await founded(world);
    const dues = await world.contribute("bob", "bob", 500);
    await session.append(dues);
    session.handle.change((d) => {
      d.events[entryKeyOf(dues)] = packEntry({ bytes: dues.bytes, sig: new Uint8Array(64).fill(9) });
    });
    // The cache knows the event's id, but not with this signature: the device notices and heals.
    await expect.poll(() => session.view().healed.has(dues.id)).toBe(true);
    expect([...session.handle.doc().events[entryKeyOf(dues)]!]).toEqual([...packEntry(dues)]);
  });
});
