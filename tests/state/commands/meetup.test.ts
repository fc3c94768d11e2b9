/**
 * The chair's phone at a meetup with no network (docs/rules.md §6): alice collects ballots for
 * "Buy two tents" on her own device. Each scanned ballot is checked before it counts, and every
 * outcome is one plain sentence.
 */
import { describe, expect, test } from "vitest";
import { canonicalBytes, type EventId, encodeBallot } from "../../../src/core/index.ts";
import { ballotReasonText, collectBallot } from "../../../src/state/commands/meetup.ts";
import type { PoolSession } from "../../../src/sync/poolSession.ts";
import { createPool } from "../../../src/sync/pools.ts";
import { closedAfterEach, type Device, inOrder, startDevice } from "../../helpers/peers.ts";
import { World } from "../../helpers/world.ts";

const { devices, sessions } = closedAfterEach();

/** alice, bob and carol; alice proposes; alice's phone holds everything up to here. */
async function meetup(): Promise<{
  world: World;
  tents: EventId;
  radio: EventId;
  chair: PoolSession;
  chairDevice: Device;
}> {
  const world = await World.withMembers(["alice", "bob", "carol"]);
  const tents = (await world.propose("alice", { kind: "decision" }, { title: "Buy two tents" })).id;
  const radio = (await world.propose("alice", { kind: "decision" }, { title: "Buy a radio" })).id;
  const device = await startDevice("alice", { now: () => world.now });
  devices.push(device);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(device.repo, genesis!, device.deps);
  if (!created.ok) throw new Error(created.reason);
  sessions.push(created.value);
  const appended = await created.value.append(rest);
  if (!appended.ok) throw new Error(appended.reason);
  return { world, tents, radio, chair: created.value, chairDevice: device };
}

const countOn = (session: PoolSession, proposal: EventId) => session.view().state?.proposals[proposal]?.tally;

describe("collecting ballots on the chair's phone", () => {
  test("bob's ballot counts; scanning it again changes nothing", async () => {
    const { world, tents, chair, chairDevice } = await meetup();
    const ballot = encodeBallot(await world.vote("bob", tents, "yes"));

    const first = await collectBallot(chair, chairDevice.deps, ballot, { proposal: tents });
    expect(first).toMatchObject({ status: "counted", choice: "yes" });
    expect(first.message).toMatch(/^Counted: .+ voted yes\.$/);
    expect(countOn(chair, tents)?.yes).toBe(1);

    const again = await collectBallot(chair, chairDevice.deps, ballot, { proposal: tents });
    expect(again.status).toBe("already");
    expect(again.message).toMatch(/^Already counted: .+ voted yes\.$/);
    expect(countOn(chair, tents)?.yes).toBe(1);
  });

  test("carol changes her mind: her later ballot replaces the first, her first one scanned again does not", async () => {
    const { world, tents, chair, chairDevice } = await meetup();
    const first = encodeBallot(await world.vote("carol", tents, "no"));
    world.tick(60_000);
    const second = encodeBallot(await world.vote("carol", tents, "yes"));
    expect((await collectBallot(chair, chairDevice.deps, first, { proposal: tents })).status).toBe("counted");
    const replaced = await collectBallot(chair, chairDevice.deps, second, { proposal: tents });
    expect(replaced.message).toMatch(/changed their vote to yes/);
    expect(countOn(chair, tents)).toMatchObject({ yes: 1, no: 0 });
    expect((await collectBallot(chair, chairDevice.deps, first, { proposal: tents })).status).toBe("superseded");
    expect(countOn(chair, tents)).toMatchObject({ yes: 1, no: 0 });
  });

  test("a ballot whose choice was changed keeps bob's signature and is refused as changed", async () => {
    const { world, tents, chair, chairDevice } = await meetup();
    const vote = await world.vote("bob", tents, "no");
    const forged = encodeBallot({
      bytes: canonicalBytes({ ...vote.body, data: { ...vote.body.data, choice: "yes" } }),
      sig: vote.sig,
    });
    const r = await collectBallot(chair, chairDevice.deps, forged, { proposal: tents });
    expect(r).toMatchObject({ status: "refused", reason: "bad-signature" });
    expect(r.message).toBe(`Ballot refused: ${ballotReasonText("bad-signature")}`);
    expect(countOn(chair, tents)?.yes).toBe(0);
  });

  test("mallory, who never joined, and a ballot from another pool are refused with their reasons", async () => {
    const { world, tents, chair, chairDevice } = await meetup();
    const mallory = encodeBallot(await world.vote("mallory", tents, "yes"));
    const other = await World.found("alice", {}, "Another Pool");
    await other.addMember("bob", "alice");
    const elsewhere = await other.propose("alice", { kind: "decision" });
    const foreign = encodeBallot(await other.vote("bob", elsewhere.id, "yes"));

    expect(await collectBallot(chair, chairDevice.deps, mallory, { proposal: tents })).toMatchObject({
      status: "refused",
      reason: "not-a-member",
      message: `Ballot refused: ${ballotReasonText("not-a-member")}`,
    });
    expect(await collectBallot(chair, chairDevice.deps, foreign, { proposal: tents })).toMatchObject({
      status: "refused",
      reason: "wrong-pool",
    });
    expect(countOn(chair, tents)?.yes).toBe(0);
  });

  test("a ballot for the pool's other proposal is refused on this proposal's screen, and anything else is not a ballot", async () => {
    const { world, tents, radio, chair, chairDevice } = await meetup();
    const forRadio = encodeBallot(await world.vote("bob", radio, "yes"));
    const r = await collectBallot(chair, chairDevice.deps, forRadio, { proposal: tents });
    expect(r).toMatchObject({ status: "refused", reason: "other-proposal" });
    expect(r.message).toContain("“Buy a radio”");
    expect(countOn(chair, radio)?.yes).toBe(0);
    expect(await collectBallot(chair, chairDevice.deps, "https://example.com/", { proposal: tents })).toMatchObject({
      status: "refused",
      reason: "not-a-ballot",
      message: "Ballot refused: This QR code is not a Pools ballot.",
    });
  });
});
