/**
 * Rules §9, key rotation in the core: which `pool.key-rotated` events count. The core never sees
 * a key: it checks who rotates, after which departure, into which epoch, and that the first
 * rotation of an epoch in event order is the one every device keeps.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivePool } from "../../../src/core/index.ts";
import { DAY, World } from "../../helpers/world.ts";

const sealedKey = (n: number) => "A".repeat(106) + String.fromCharCode(65 + (n % 26));
const key43 = (n: number) => "B".repeat(42) + String.fromCharCode(65 + (n % 26));

/** `name` rotates into epoch 1 after `departure`, with one made-up sealed key (number `n`). */
function rotation(world: World, name: string, departure: string, n: number, options?: Parameters<World["add"]>[3]) {
  return world.add(name, "pool.key-rotated", { epoch: 1, departure, keys: { [key43(n)]: sealedKey(n) } }, options);
}

/** alice, bob and carol; carol leaves. */
async function afterCarolLeaves() {
  const world = await World.withMembers(["alice", "bob", "carol"]);
  world.tick(DAY);
  const left = await world.add("carol", "member.left", {});
  world.tick(1000);
  return { world, left };
}

describe("rules §9: pool.key-rotated", () => {
  it("rules §9 rotation: a departure makes a rotation due; an active member's rotation starts epoch 1", async () => {
    const { world, left } = await afterCarolLeaves();
    expect((await world.derive()).keys).toMatchObject({ epoch: 0, rotationDue: left.id });
    const keys = { [world.id("alice")]: sealedKey(1), [world.id("bob")]: sealedKey(2) };
    const r = await world.add("bob", "pool.key-rotated", { epoch: 1, departure: left.id, keys });
    const state = await world.derive();
    expect(state.audit).toEqual([]);
    expect(state.keys.epoch).toBe(1);
    expect(state.keys.rotationDue).toBeUndefined();
    expect(state.keys.rotations).toEqual([
      { id: r.id, epoch: 1, by: world.id("bob"), at: r.body.at, departure: left.id, keys },
    ]);
  });

  it("rules §9 rotation: of two concurrent rotations the first in event order counts, the other is superseded", async () => {
    const { world, left } = await afterCarolLeaves();
    const heads = world.currentHeads();
    const a = await rotation(world, "alice", left.id, 1, { parents: heads });
    const b = await rotation(world, "bob", left.id, 2, { parents: heads, at: a.body.at });
    const state = await world.derive();
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    expect(state.keys.rotations.map((r) => r.id)).toEqual([first.id]);
    expect(state.keys.epoch).toBe(1);
    // Superseded, not refused: an honest phone that lost the race wrote it.
    expect(state.audit).toEqual([]);
    expect(state.keys.superseded).toEqual([second.id]);
  });

  it("rules §9 rotation: what a phone wrote on top of its rotation that lost the race still counts", async () => {
    const { world, left } = await afterCarolLeaves();
    const heads = world.currentHeads();
    const bobs = await rotation(world, "bob", left.id, 2, { parents: heads });
    // alice, offline, rotates a moment later and goes on writing on top of her own rotation.
    const alices = await rotation(world, "alice", left.id, 1, { parents: heads, at: bobs.body.at + 1 });
    const proposal = await world.add(
      "alice",
      "proposal.created",
      { kind: "decision", title: "Written offline", text: "", closesAt: world.now + 7 * DAY },
      { parents: [alices.id] },
    );
    const state = await world.derive();
    expect(state.keys.rotations.map((r) => r.id)).toEqual([bobs.id]);
    expect(state.audit).toEqual([]);
    expect(Object.keys(state.proposals)).toContain(proposal.id);
  });

  it("rules §9 rotation: a rotation with no departure in its past, or by a former member, does not count", async () => {
    const world = await World.withMembers(["alice", "bob", "carol"]);
    const invite = await world.invite("alice");
    const noDeparture = await rotation(world, "alice", invite.id, 1);
    await world.derive(); // an honest author names no refused event as a parent
    world.tick(DAY);
    const left = await world.add("carol", "member.left", {});
    const byFormer = await rotation(world, "carol", left.id, 1);
    const state = await world.derive();
    expect(state.keys.epoch).toBe(0);
    expect(state.audit).toMatchObject([
      { id: noDeparture.id, reason: "key-rotation-no-departure" },
      { id: byFormer.id, reason: "not-a-member" },
    ]);
  });

  it("rules §9 delivery keys: joins and invites may publish one; joins without one stay valid", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const invite = await world.add("alice", "member.invited", {
      invitePublicKey: key43(3),
      expiresAt: world.now + DAY,
      maxUses: 1,
      deliveryKey: key43(4),
    });
    const state = await world.derive();
    expect(state.audit).toEqual([]);
    expect(state.keys.inviteDeliveryKeys).toEqual({ [invite.id]: key43(4) });
    expect(state.keys.deliveryKeys).toEqual({});
  });

  it("rules §9 rotation (property): any delivery order of rotations and events gives the same state", async () => {
    const { world, left } = await afterCarolLeaves();
    const heads = world.currentHeads();
    await world.add("alice", "pool.key-rotated", { epoch: 1, departure: left.id, keys: {} }, { parents: heads });
    await world.add("bob", "pool.key-rotated", { epoch: 1, departure: left.id, keys: {} }, { parents: heads });
    world.tick(DAY);
    const p = await world.propose("alice", { kind: "decision" });
    await world.vote("bob", p.id, "yes");
    const reference = await world.derive();
    const events = world.decoded();
    const verified = new Set(events.map((e) => e.id));
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        const state = derivePool({ genesisId: world.genesisId, events: shuffled, verified, now: world.now });
        expect(state).toEqual(reference);
      }),
      { numRuns: 40 },
    );
  });
});
