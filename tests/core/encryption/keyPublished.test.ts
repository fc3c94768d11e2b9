/**
 * Rules §9, `member.key-published`: a member who joined before encryption (so their join carries
 * no delivery key) publishes one, and rotations can then seal the new pool key to them. The core
 * only checks who publishes and keeps each member's latest key in event order.
 */
import { describe, expect, it } from "vitest";
import { DAY, World } from "../../helpers/world.ts";

const key43 = (n: number) => "C".repeat(42) + String.fromCharCode(65 + (n % 26));

describe("rules §9: member.key-published", () => {
  it("rules §9 key-published: a member whose join had no delivery key publishes one; the latest in event order counts", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    expect((await world.derive()).keys.deliveryKeys).toEqual({});
    await world.add("bob", "member.key-published", { deliveryKey: key43(1) });
    let state = await world.derive();
    expect(state.audit).toEqual([]);
    expect(state.keys.deliveryKeys).toEqual({ [world.id("bob")]: key43(1) });
    world.tick(DAY);
    await world.add("bob", "member.key-published", { deliveryKey: key43(2) });
    state = await world.derive();
    expect(state.audit).toEqual([]);
    expect(state.keys.deliveryKeys).toEqual({ [world.id("bob")]: key43(2) });
  });

  it("rules §9 key-published: it replaces the key a join published", async () => {
    const world = await World.found("alice", {}, "Hiking Club Pool", { deliveryKey: key43(5) });
    await world.add("alice", "member.key-published", { deliveryKey: key43(6) });
    const state = await world.derive();
    expect(state.audit).toEqual([]);
    expect(state.keys.deliveryKeys).toEqual({ [world.id("alice")]: key43(6) });
  });

  it("rules §9 key-published: only a current member may publish; a former member's key is refused", async () => {
    const world = await World.withMembers(["alice", "bob", "carol"]);
    const stranger = await world.add("dave", "member.key-published", { deliveryKey: key43(3) });
    await world.derive(); // an honest author names no refused event as a parent
    world.tick(DAY);
    await world.add("carol", "member.left", {});
    const former = await world.add("carol", "member.key-published", { deliveryKey: key43(4) });
    const state = await world.derive();
    expect(state.keys.deliveryKeys).toEqual({});
    expect(state.audit).toMatchObject([
      { id: stranger.id, reason: "not-a-member" },
      { id: former.id, reason: "not-a-member" },
    ]);
  });
});
