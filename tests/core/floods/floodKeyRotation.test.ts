/**
 * Rules §5/§9, `flood.key-rotated` in the core: the flood's own key moves on when someone who held
 * it is no longer in the flood. The core never sees a key; it judges who rotates (an active member
 * of the flood), which rotation counts for an epoch (the first in event order), and when a rotation
 * is due (the newest key reaches a former member, or misses a member with a delivery key).
 */
import { describe, expect, it } from "vitest";
import { type FloodWorld, poolPaysFlood, syncClocks, twoPoolsInAFlood } from "../../helpers/floods.ts";
import { DAY, World } from "../../helpers/world.ts";

const sealedKey = (n: number) => "A".repeat(106) + String.fromCharCode(65 + (n % 26));
/** A rotation's data sealing (in form only: the core never opens it) to each named member of `pools`. */
const rotation = (epoch: number, pools: World[], names: string[]) => ({
  epoch,
  keys: Object.fromEntries(names.map((m, i) => [(pools[0] as World).id(m), sealedKey(epoch + i)])),
});

/** Pools A (alice, bob, carol) and B (dave, erin, carol) in a flood; then bob leaves pool A. */
async function afterBobLeavesA() {
  const setting = await twoPoolsInAFlood(100_000, 60_000, 40_000);
  const { a, b, flood } = setting;
  a.tick(DAY);
  const left = await a.add("bob", "member.left", {});
  syncClocks(a, b, flood);
  flood.tick(1000);
  return { ...setting, left };
}

const derive = (flood: FloodWorld, a: World, b: World) => flood.deriveFlood([a, b]);

describe("rules §9 flood.key-rotated: the flood's key moves on", () => {
  it("rules §9 flood.key-rotated: no rotation is due while everyone who held the flood's key is still in it", async () => {
    const { a, b, flood } = await twoPoolsInAFlood(100_000, 60_000, 40_000);
    const s = await derive(flood, a, b);
    expect(s.keys.epoch).toBe(0);
    expect(s.keys.rotationDue).toBeUndefined();
  });

  it("rules §9 flood.key-rotated: after a member leaves their pool a rotation is due; one sealed to those remaining counts and ends it", async () => {
    const { a, b, flood } = await afterBobLeavesA();
    expect((await derive(flood, a, b)).keys.rotationDue).toBe(flood.genesisId);
    const r = await flood.add("alice", "flood.key-rotated", rotation(1, [a, b], ["alice", "carol", "dave", "erin"]));
    const s = await derive(flood, a, b);
    expect(s.audit).toEqual([]);
    expect(s.keys.epoch).toBe(1);
    expect(s.keys.rotations.map((x) => x.id)).toEqual([r.id]);
    expect(s.keys.rotationDue).toBeUndefined();
  });

  it("rules §9 flood.key-rotated: a member still in another pool of the flood keeps it: no rotation is due", async () => {
    const { a, b, flood } = await twoPoolsInAFlood(100_000, 60_000, 40_000);
    a.tick(DAY);
    await a.add("carol", "member.left", {});
    syncClocks(a, b, flood);
    flood.tick(1000);
    expect((await derive(flood, a, b)).keys.rotationDue).toBeUndefined();
  });

  it("rules §9 flood.key-rotated: after a pool leaves the flood a rotation is due", async () => {
    const { a, b, flood } = await twoPoolsInAFlood(100_000, 60_000, 40_000);
    const leave = await b.propose("dave", { kind: "flood.leave", flood: flood.genesisId }, { closesIn: DAY });
    for (const m of ["dave", "erin", "carol"]) await b.vote(m, leave.id, "yes");
    await b.decide(leave.id, "dave", "erin");
    syncClocks(a, b, flood);
    await flood.add("erin", "flood.pool-left", { pool: b.genesisId, proposal: leave.id });
    expect((await derive(flood, a, b)).keys.rotationDue).toBe(flood.genesisId);
  });

  it("rules §9 flood.key-rotated: a pool that left keeps the key until the flood has paid back, and confirmed, what it owes it", async () => {
    const { a, b, flood, joinA, joinB } = await twoPoolsInAFlood(100_000, 60_000, 40_000);
    await poolPaysFlood(a, ["alice", "bob"], flood, joinA, 20_000, "dave");
    syncClocks(a, b, flood);
    await poolPaysFlood(b, ["dave", "erin"], flood, joinB, 10_000, "alice");
    syncClocks(a, b, flood);
    const leave = await b.propose("dave", { kind: "flood.leave", flood: flood.genesisId }, { closesIn: DAY });
    for (const m of ["dave", "erin", "carol"]) await b.vote(m, leave.id, "yes");
    await b.decide(leave.id, "dave", "erin");
    syncClocks(a, b, flood);
    const left = await flood.add("erin", "flood.pool-left", { pool: b.genesisId, proposal: leave.id });
    let s = await derive(flood, a, b);
    const owed = s.pools.find((p) => p.pool === b.genesisId)?.owed;
    expect(owed?.remaining).toBeGreaterThan(0);
    expect(s.keys.rotationDue).toBeUndefined();
    expect(s.keyMembers).toContain(b.id("dave"));
    const payout = await flood.add("alice", "ledger.payout", {
      spend: left.id,
      amount: owed?.remaining as number,
      payee: `pool:${b.genesisId}`,
      memo: "your share",
    });
    // Paid, not confirmed yet: pool B still follows it.
    expect((await derive(flood, a, b)).keys.rotationDue).toBeUndefined();
    await flood.confirm("bob", payout.id);
    s = await derive(flood, a, b);
    expect(s.keyMembers).not.toContain(b.id("dave"));
    expect(s.keys.rotationDue).toBe(flood.genesisId);
  });

  it("rules §9 flood.key-rotated: a rotation that still reaches someone who left is due again", async () => {
    const { a, b, flood } = await afterBobLeavesA();
    const r = await flood.add(
      "alice",
      "flood.key-rotated",
      rotation(1, [a, b], ["alice", "bob", "carol", "dave", "erin"]),
    );
    const s = await derive(flood, a, b);
    expect(s.keys.epoch).toBe(1);
    expect(s.keys.rotationDue).toBe(r.id);
  });

  it("rules §9 flood.key-rotated: a member who comes to a pool after the rotation, with a delivery key, makes one due that reaches them", async () => {
    const { a, b, flood } = await afterBobLeavesA();
    const first = await flood.add(
      "alice",
      "flood.key-rotated",
      rotation(1, [a, b], ["alice", "carol", "dave", "erin"]),
    );
    a.tick(1000);
    const invite = await a.invite("alice");
    const join = await a.join("grace", invite.id, { deliveryKey: "D".repeat(43) });
    await a.admit("alice", join.id);
    // frank joins without a delivery key: no rotation could reach him, so he makes none due.
    await a.addMember("frank", "alice");
    syncClocks(a, b, flood);
    flood.tick(1000);
    const s = await derive(flood, a, b);
    expect(s.activeMembers).toContain(a.id("grace"));
    expect(s.keys.rotationDue).toBe(first.id);
    await flood.add("dave", "flood.key-rotated", rotation(2, [a, b], ["alice", "carol", "dave", "erin", "grace"]));
    expect((await derive(flood, a, b)).keys.rotationDue).toBeUndefined();
  });

  it("rules §9 flood.key-rotated: a device that cannot read one of the flood's pools yet finds no rotation due (its members are not gone)", async () => {
    const { a, b, flood } = await afterBobLeavesA();
    const onlyA = new Map([[a.genesisId, await a.derive(flood.now)]]);
    // Bob left pool A, but pool B is not here: a rotation now would leave dave and erin out.
    expect((await flood.deriveFloodHolding(onlyA)).keys.rotationDue).toBeUndefined();
    expect((await derive(flood, a, b)).keys.rotationDue).toBe(flood.genesisId);
  });

  it("rules §9 flood.key-rotated: only an active member of the flood may rotate its key", async () => {
    const { a, b, flood } = await afterBobLeavesA();
    const r = await flood.add("bob", "flood.key-rotated", rotation(1, [a, b], ["alice", "carol", "dave", "erin"]));
    const s = await derive(flood, a, b);
    expect(World.refusal(s, r.id)).toBe("not-a-member");
    expect(s.keys.epoch).toBe(0);
  });

  it("rules §9 flood.key-rotated: the first rotation of an epoch in event order counts; another for it is superseded", async () => {
    const { a, b, flood } = await afterBobLeavesA();
    const first = await flood.add("alice", "flood.key-rotated", rotation(1, [a, b], ["alice", "carol", "dave"]));
    const second = await flood.add(
      "dave",
      "flood.key-rotated",
      rotation(1, [a, b], ["alice", "carol", "dave", "erin"]),
    );
    const s = await derive(flood, a, b);
    expect(World.refusal(s, second.id)).toBeUndefined();
    expect(s.keys.superseded).toEqual([second.id]);
    expect(s.keys.rotations.map((x) => x.id)).toEqual([first.id]);
  });

  it("rules §9 flood.key-rotated: it belongs in a flood; a pool refuses it", async () => {
    const { a } = await twoPoolsInAFlood(100_000, 60_000, 40_000);
    const misplaced = await a.add("alice", "flood.key-rotated", rotation(1, [a], ["alice", "bob"]));
    expect(World.refusal(await a.derive(), misplaced.id)).toBe("wrong-document");
  });
});
