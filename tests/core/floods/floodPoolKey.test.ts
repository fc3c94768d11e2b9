/**
 * Rules §5/§9, `flood.pool-key` in the core: which hand-overs of a member pool's rotated key a flood
 * counts. The core never sees a key work; it judges who hands it over (a member of that pool, while
 * the pool is in the flood), for which epoch (one the pool had started by then), and which entry
 * counts for each epoch (the first in event order), so every flood device lends the same key.
 */
import { describe, expect, it } from "vitest";
import type { EventId } from "../../../src/core/index.ts";
import { docIdOf, FloodWorld, poolJoinsFlood, syncClocks, twoPoolsInAFlood } from "../../helpers/floods.ts";
import { DAY, World } from "../../helpers/world.ts";

const key43 = (n: number) => "K".repeat(42) + String.fromCharCode(65 + (n % 26));
const sealedKey = (n: number) => "A".repeat(106) + String.fromCharCode(65 + (n % 26));
const keyText = (epoch: number, n = epoch) => `${epoch}.${key43(n)}`;
/** A hand-over of `pool`'s key for `epoch`, sealed (in form only: the core never opens it) to `to`. */
const handOver = (pool: EventId, epoch: number, to: World, names: string[], n = epoch) => ({
  pool,
  epoch,
  keys: Object.fromEntries(names.map((m, i) => [to.id(m), sealedKey(n + i)])),
});

/** Pools A (alice, bob, carol) and B (dave, erin, carol) in a flood; carol leaves A and bob rotates A's key. */
async function afterPoolARotates() {
  const setting = await twoPoolsInAFlood(100_000, 60_000, 40_000);
  const { a, b, flood } = setting;
  a.tick(DAY);
  const left = await a.add("carol", "member.left", {});
  a.tick(1000);
  const rotation = await a.add("bob", "pool.key-rotated", {
    epoch: 1,
    departure: left.id,
    keys: { [a.id("alice")]: sealedKey(1), [a.id("bob")]: sealedKey(2) },
  });
  syncClocks(a, b, flood);
  flood.tick(1000);
  return { ...setting, left, rotation };
}

const keysOf = async (flood: FloodWorld, pools: World[], pool: EventId) =>
  (await flood.deriveFlood(pools)).pools.find((p) => p.pool === pool)?.keys;

describe("rules §9 flood.pool-key: a member pool's rotated key reaches the flood", () => {
  it("rules §9 flood.pool-key: a member of the pool hands the flood the new epoch's key, and it counts", async () => {
    const { a, b, flood } = await afterPoolARotates();
    const given = await flood.add(
      "alice",
      "flood.pool-key",
      handOver(a.genesisId, 1, a, ["alice", "bob", "dave", "erin"]),
    );
    const s = await flood.deriveFlood([a, b]);
    expect(s.audit).toEqual([]);
    const to = ["alice", "bob", "dave", "erin"].map((m) => a.id(m)).sort();
    expect(s.pools.find((p) => p.pool === a.genesisId)?.keys).toEqual([{ epoch: 1, event: given.id, to }]);
    expect(s.pools.find((p) => p.pool === b.genesisId)?.keys).toEqual([]);
  });

  it("rules §9 flood.pool-key: the key a join carries counts for its epoch", async () => {
    const a = await World.withMembers(["alice", "bob"]);
    const flood = await FloodWorld.foundFlood("alice", "River Cleanup Flood", { minVotingHours: 0, sealAfterHours: 0 });
    syncClocks(a, flood);
    const p = await a.propose(
      "alice",
      { kind: "flood.join", flood: flood.genesisId, floodDoc: docIdOf("flood"), amount: 100 },
      { closesIn: DAY },
    );
    for (const m of ["alice", "bob"]) await a.vote(m, p.id, "yes");
    await a.decide(p.id, "alice", "bob");
    syncClocks(a, flood);
    const join = await flood.add("alice", "flood.pool-joined", {
      pool: a.genesisId,
      poolDoc: docIdOf(a.genesisId),
      proposal: p.id,
      poolKey: keyText(0),
    });
    expect(await keysOf(flood, [a], a.genesisId)).toEqual([{ epoch: 0, event: join.id }]);
    // The join's key reaches every holder of the flood's key: it names no recipients.
    expect((await keysOf(flood, [a], a.genesisId))?.[0]?.to).toBeUndefined();
  });

  it("rules §9 flood.pool-key: only an active member of that pool may hand it over, not a member of another pool, not the member who left", async () => {
    const { a, b, flood } = await afterPoolARotates();
    // dave is in the flood through pool B only.
    const fromDave = await flood.add(
      "dave",
      "flood.pool-key",
      handOver(a.genesisId, 1, a, ["alice", "bob", "dave", "erin"]),
    );
    // carol left pool A (the departure that rotated its key); she is still in the flood through pool B.
    const fromCarol = await flood.add("carol", "flood.pool-key", handOver(a.genesisId, 1, a, ["carol"], 9));
    const s = await flood.deriveFlood([a, b]);
    expect(World.refusal(s, fromDave.id)).toBe("not-a-member");
    expect(World.refusal(s, fromCarol.id)).toBe("not-a-member");
    expect(s.pools.find((p) => p.pool === a.genesisId)?.keys).toEqual([]);
  });

  it("rules §9 flood.pool-key: only for an epoch the pool had started by the entry's date", async () => {
    const { a, b, flood, left } = await afterPoolARotates();
    const heads = [...(await flood.deriveFlood([a, b])).heads];
    const ahead = await flood.add("alice", "flood.pool-key", handOver(a.genesisId, 2, a, ["alice"]));
    // carol dates it while she was still a member, before she left and the key rotated: refused.
    const backdated = await flood.add("carol", "flood.pool-key", handOver(a.genesisId, 1, a, ["carol"], 9), {
      at: left.body.at - 1,
      parents: heads,
    });
    const s = await flood.deriveFlood([a, b]);
    expect(World.refusal(s, ahead.id)).toBe("pool-key-epoch-unknown");
    expect(World.refusal(s, backdated.id)).toBe("pool-key-epoch-unknown");
  });

  it("rules §9 flood.pool-key: only while the pool is in the flood", async () => {
    const { a, b, flood } = await afterPoolARotates();
    const c = await World.withMembers(["frank", "grace"]);
    syncClocks(a, b, c, flood);
    const outsider = await flood.add("frank", "flood.pool-key", handOver(c.genesisId, 0, c, ["frank"]));
    const unknown = await flood.add(
      "alice",
      "flood.pool-key",
      handOver(a.genesisId, 1, a, ["alice", "bob", "dave", "erin"]),
    );
    const s = await flood.deriveFlood([b, c]);
    expect(World.refusal(s, outsider.id)).toBe("pool-not-in-flood");
    // A pool whose document this device has not read yet cannot be judged (and is judged again once it is).
    expect(World.refusal(s, unknown.id)).toBe("pool-unknown");
  });

  it("rules §9 flood.pool-key: every hand-over of an epoch is accepted, each with its own recipients (two phones at once, or later for newcomers)", async () => {
    const { a, b, flood } = await afterPoolARotates();
    const heads = [...(await flood.deriveFlood([a, b])).heads];
    const first = await flood.add(
      "alice",
      "flood.pool-key",
      handOver(a.genesisId, 1, a, ["alice", "bob", "dave", "erin"]),
      { parents: heads },
    );
    const second = await flood.add(
      "bob",
      "flood.pool-key",
      handOver(a.genesisId, 1, a, ["alice", "bob", "dave", "erin"]),
      { parents: heads },
    );
    const s = await flood.deriveFlood([a, b]);
    expect(s.audit).toEqual([]);
    const counted = s.pools.find((p) => p.pool === a.genesisId)?.keys ?? [];
    expect(counted.map((k) => k.event).sort()).toEqual([first.id, second.id].sort());
    // A later one, for someone the first ones did not reach, is accepted too.
    const later = await flood.add("alice", "flood.pool-key", handOver(a.genesisId, 1, a, ["erin"], 5));
    const after = await flood.deriveFlood([a, b]);
    expect(after.audit).toEqual([]);
    expect(after.pools.find((p) => p.pool === a.genesisId)?.keys.at(-1)).toEqual({
      epoch: 1,
      event: later.id,
      to: [a.id("erin")],
    });
  });

  it("rules §9 flood.pool-key: it belongs in a flood, never in a pool", async () => {
    const { a } = await afterPoolARotates();
    const misplaced = await a.add(
      "alice",
      "flood.pool-key",
      handOver(a.genesisId, 1, a, ["alice", "bob", "dave", "erin"]),
    );
    expect(World.refusal(await a.derive(), misplaced.id)).toBe("wrong-document");
  });

  it("rules §9 flood.pool-key: after the pool leaves the flood, no more of its keys are handed over", async () => {
    const a = await World.withMembers(["alice", "bob", "carol"]);
    const flood = await FloodWorld.foundFlood("alice", "River Cleanup Flood", { minVotingHours: 0, sealAfterHours: 0 });
    syncClocks(a, flood);
    await poolJoinsFlood(a, ["alice", "bob", "carol"], flood, 100);
    const leave = await a.propose("bob", { kind: "flood.leave", flood: flood.genesisId }, { closesIn: DAY });
    for (const m of ["alice", "bob", "carol"]) await a.vote(m, leave.id, "yes");
    await a.decide(leave.id, "bob", "alice");
    syncClocks(a, flood);
    await flood.add("bob", "flood.pool-left", { pool: a.genesisId, proposal: leave.id });
    const late = await flood.add("alice", "flood.pool-key", handOver(a.genesisId, 0, a, ["alice"]));
    expect(World.refusal(await flood.deriveFlood([a]), late.id)).toBe("pool-not-in-flood");
  });
});
