/**
 * Rules §9, `member.key-published`: bob joined before encryption, so the pool knows no delivery
 * key of his and no rotated key could reach him. His phone, reading the pool, publishes the key
 * derived from his identity (the one a join would carry), once.
 */
import { describe, expect, test } from "vitest";
import { autoPublishKey } from "../../../src/state/commands/publishKey.ts";
import { deliveryKeyOf } from "../../../src/state/deliveryKey.ts";
import { createPool } from "../../../src/sync/pools.ts";
import { closedAfterEach, inOrder, startDevice } from "../../helpers/peers.ts";
import { personKeys, World } from "../../helpers/world.ts";

const { devices, sessions } = closedAfterEach();

describe("rules §9: a member with no delivery key publishes one", () => {
  test("rules §9 key-published: bob's phone publishes his delivery key in a pool that has none for him, and only once", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const device = await startDevice("bob", { now: () => Date.now(), poolKeys: true });
    devices.push(device);
    const [genesis, ...rest] = inOrder(world);
    const created = await createPool(device.repo, genesis!, device.deps);
    if (!created.ok) throw new Error(created.reason);
    const session = created.value;
    sessions.push(session);
    expect(await session.append(rest)).toMatchObject({ ok: true });
    const bob = personKeys("bob");
    const me = { name: "Bob", id: bob.id, signer: bob.signer, secretKey: bob.secretKey };
    const ctx = { session, me: () => me, state: () => session.view().state };
    expect(ctx.state()?.keys.deliveryKeys[bob.id]).toBeUndefined();

    await autoPublishKey(ctx, new Set());
    expect(ctx.state()?.keys.deliveryKeys[bob.id]).toBe(await deliveryKeyOf(bob.secretKey));
    const count = ctx.state()?.order.length;
    await autoPublishKey(ctx, new Set());
    expect(ctx.state()?.order.length).toBe(count);
    expect(ctx.state()?.audit).toEqual([]);
  });
});
