/** docs/rules.md §4: a device treats a proposal as stale when it held an admission the proposal left out. */
import { afterEach, describe, expect, test } from "vitest";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool } from "../../src/sync/pools.ts";
import { type Device, inOrder, startDevice } from "../helpers/peers.ts";
import { HOUR, World } from "../helpers/world.ts";

const devices: Device[] = [];
const sessions: PoolSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  for (const d of devices.splice(0)) await d.shutdown();
});

describe("stale proposals, by when this device first held events", () => {
  test("a proposal that leaves out an admission this device already held is stale; an honest one is not", async () => {
    const world = await World.withMembers(["alice", "bob"]);
    const device = await startDevice("bob", { now: () => world.now });
    devices.push(device);
    const [genesis, ...rest] = inOrder(world);
    const created = await createPool(device.repo, genesis!, device.deps);
    if (!created.ok) throw new Error(created.reason);
    const session = created.value;
    sessions.push(session);
    expect(await session.append(rest)).toMatchObject({ ok: true });
    const before = [...world.events.keys()].at(-1)!;

    // carol is admitted; bob's device holds that from now on
    world.tick(HOUR);
    const invite = await world.invite("bob");
    const join = await world.join("carol", invite.id);
    const admission = await world.admit("bob", join.id);
    expect(await session.append([invite, join, admission])).toMatchObject({ ok: true });

    // alice proposes later, but from a view that leaves carol's admission out
    world.tick(HOUR);
    const sly = await world.propose("alice", { kind: "decision" }, { parents: [before] });
    const honest = await world.propose("alice", { kind: "decision" }, { title: "Honest" });
    expect(await session.append([sly, honest])).toMatchObject({ ok: true });
    await session.refresh();
    const state = session.view().state!;
    expect(state.proposals[sly.id]?.stale).toBe(true);
    expect(state.proposals[sly.id]?.electorate).not.toContain(world.id("carol"));
    expect(state.proposals[honest.id]?.stale).toBe(false);
  });
});
