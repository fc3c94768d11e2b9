/**
 * Rules §9, `pool.moved`: a pool made before encryption records, signed by a member, the sealed
 * document it moved to and the keys for it. When two members move it at once, the first move in
 * event order is where the pool went, on every device; a stranger's or former member's move is
 * refused, so nobody outside the pool can redirect it.
 */
import { describe, expect, it } from "vitest";
import { derivePool } from "../../../src/core/index.ts";
import { DAY, World } from "../../helpers/world.ts";

const docA = "2aaaaaaaaaaaaaaaaaaaaaaaaaaa";
const docB = "3bbbbbbbbbbbbbbbbbbbbbbbbbbb";
const sealedKeys = (n: number) => "K".repeat(130) + String.fromCharCode(65 + (n % 26));

describe("rules §9: pool.moved", () => {
  it("rules §9 move: of two concurrent moves the first in event order is where the pool went, in any delivery order", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    world.tick(DAY);
    const heads = world.currentHeads();
    const a = await world.add(
      "alice",
      "pool.moved",
      { to: docA, keys: { [world.id("alice")]: sealedKeys(1) } },
      { parents: heads },
    );
    const b = await world.add(
      "bob",
      "pool.moved",
      { to: docB, keys: { [world.id("bob")]: sealedKeys(2) } },
      { parents: heads, at: a.body.at },
    );
    const state = await world.derive();
    expect(state.audit).toEqual([]);
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    expect(state.keys.moves.map((m) => m.id)).toEqual([first.id, second.id]);
    const events = world.decoded();
    const verified = new Set(events.map((e) => e.id));
    const reversed = derivePool({
      genesisId: world.genesisId,
      events: [...events].reverse(),
      verified,
      now: world.now,
    });
    expect(reversed.keys.moves[0]?.to).toBe(state.keys.moves[0]?.to);
  });

  it("rules §9 move: a stranger's or a former member's move is refused", async () => {
    const world = await World.withMembers(["alice", "bob", "carol"]);
    const stranger = await world.add("dave", "pool.moved", { to: docA, keys: {} });
    await world.derive();
    world.tick(DAY);
    await world.add("carol", "member.left", {});
    const former = await world.add("carol", "pool.moved", { to: docB, keys: {} });
    const state = await world.derive();
    expect(state.keys.moves).toEqual([]);
    expect(state.audit).toMatchObject([
      { id: stranger.id, reason: "not-a-member" },
      { id: former.id, reason: "not-a-member" },
    ]);
  });
});
