/**
 * Rules §9 at a meetup: in an encrypted pool, a ballot QR code carries the vote's sealed entry,
 * not its plaintext; the chair's phone opens it with the pool key and counts it. It still fits
 * one QR code.
 */
import * as A from "@automerge/automerge";
import { describe, expect, test } from "vitest";
import type { EventId } from "../../../src/core/index.ts";
import { myBallot } from "../../../src/state/ballots.ts";
import { collectBallot } from "../../../src/state/commands/meetup.ts";
import { createPool, openPool } from "../../../src/sync/pools.ts";
import type { PoolDoc } from "../../../src/sync/schema/poolDoc.ts";
import { closedAfterEach, inOrder, startDevice, writeAs } from "../../helpers/peers.ts";
import { World } from "../../helpers/world.ts";

const { devices, sessions } = closedAfterEach();

/** alice's phone founds an encrypted pool; bob's phone holds a copy of it and the key, both offline. */
async function encryptedMeetup() {
  const world = await World.withMembers(["alice", "bob", "carol"]);
  const tents = (await world.propose("alice", { kind: "decision" }, { title: "Buy two tents" })).id as EventId;
  const [alice, bob] = [
    await startDevice("alice", { now: () => world.now, poolKeys: true }),
    await startDevice("bob", { now: () => world.now, poolKeys: true }),
  ];
  devices.push(alice, bob);
  const [genesis, ...rest] = inOrder(world);
  const created = await createPool(alice.repo, genesis!, alice.deps);
  if (!created.ok) throw new Error(created.reason);
  const chair = created.value;
  sessions.push(chair);
  expect(await chair.append(rest)).toMatchObject({ ok: true });
  const copy = bob.repo.import<PoolDoc>(A.save(chair.handle.doc()));
  const poolKey = (await chair.poolKeyForInvite())!;
  const opened = await openPool(bob.repo, { docUrl: copy.url, genesisId: chair.poolId, poolKey }, bob.deps);
  if (!opened.ok) throw new Error(opened.reason);
  sessions.push(opened.value);
  return { world, tents, chair, alice, bobSession: opened.value };
}

describe("rules §9: sealed meetup ballots", () => {
  test("bob's ballot shows his sealed vote, fits one QR code, and counts on alice's phone", async () => {
    const { world, tents, chair, alice, bobSession } = await encryptedMeetup();
    const vote = await writeAs(bobSession, "bob", "vote.cast", { proposal: tents, choice: "yes" }, world.now + 1);
    expect(await bobSession.append(vote)).toMatchObject({ ok: true });
    const ballot = myBallot(bobSession, tents, world.id("bob"))!;
    expect(ballot.startsWith("pools-ballot:2:")).toBe(true);
    const sealed = Buffer.from(ballot.split("~")[1]!, "base64url");
    for (const plain of ["vote.cast", "yes", world.id("bob"), tents])
      expect(sealed.includes(Buffer.from(plain))).toBe(false);
    // A version 40 QR code holds 2,953 bytes; a phone camera reads well below 1,000.
    expect(ballot.length).toBeLessThan(1000);

    const counted = await collectBallot(chair, alice.deps, ballot, { proposal: tents });
    expect(counted).toMatchObject({ status: "counted", choice: "yes" });
    expect(chair.view().state?.proposals[tents]?.tally.yes).toBe(1);
  });

  test("a sealed ballot that does not open under the pool's key is refused", async () => {
    const { world, tents, chair, alice, bobSession } = await encryptedMeetup();
    const vote = await writeAs(bobSession, "bob", "vote.cast", { proposal: tents, choice: "no" }, world.now + 1);
    expect(await bobSession.append(vote)).toMatchObject({ ok: true });
    const ballot = myBallot(bobSession, tents, world.id("bob"))!;
    const [head, value] = ballot.split("~") as [string, string];
    const bytes = Buffer.from(value, "base64url");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    const tampered = `${head}~${bytes.toString("base64url")}`;
    expect(await collectBallot(chair, alice.deps, tampered, { proposal: tents })).toMatchObject({
      status: "refused",
      reason: "not-decryptable",
    });
    expect(chair.view().state?.proposals[tents]?.tally.no).toBe(0);
  });
});
