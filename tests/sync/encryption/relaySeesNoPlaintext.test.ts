/**
 * Rules §9: a pool's entries are sealed under its pool key before they leave the device, so the
 * relay holds no names, amounts, memos, votes or member ids: not on disk, not in memory, not in
 * any document's history. The key travels in the invite link's fragment.
 */
import { afterEach, describe, expect, test } from "vitest";
import { memoryPoolKeyStore } from "../../../src/sync/encryption/poolKeyStore.ts";
import { decodeInviteLink, encodeInviteLink } from "../../../src/sync/inviteLink.ts";
import type { PoolSession } from "../../../src/sync/poolSession.ts";
import { createPool, openPool } from "../../../src/sync/pools.ts";
import { type Device, idsOf, inOrder, startDevice } from "../../helpers/peers.ts";
import { findPlaintext, relayHaystacks } from "../../helpers/plaintextSearch.ts";
import { startTestRelay, type TestRelay, waitFor } from "../../helpers/relay.ts";
import { DAY, World } from "../../helpers/world.ts";

const TITLE = "Buy two tents for the Alder Creek trip";
const REASON = "Dry tents beat wet sleeping bags";
const MEMO = "March dues, paid in cash at Rosa's";

/** A pool with members, a proposal, votes with a reason and a contribution with a memo. */
async function busyWorld(): Promise<World> {
  const world = await World.withMembers(["alice", "bob", "carol"]);
  world.tick(DAY);
  const p = await world.propose("alice", { kind: "decision" }, { title: TITLE });
  await world.vote("bob", p.id, "yes", { reason: REASON });
  await world.vote("carol", p.id, "no");
  await world.add("alice", "ledger.contribution", {
    amount: 2500,
    from: { member: world.id("bob") },
    kind: "dues",
    memo: MEMO,
  });
  return world;
}

function needles(world: World): string[] {
  return [
    "Hiking Club Pool",
    "Gear and trips",
    "Alice",
    "Carol",
    TITLE,
    REASON,
    MEMO,
    '"amount":2500',
    "vote.cast",
    "member.joined",
    world.id("alice"),
    world.id("bob"),
    world.id("carol"),
  ];
}

describe("rules §9: the relay cannot read a pool", () => {
  let relay: TestRelay | undefined;
  const devices: Device[] = [];
  const sessions: PoolSession[] = [];

  afterEach(async () => {
    for (const s of sessions.splice(0)) s.close();
    for (const d of devices.splice(0)) await d.shutdown();
    await relay?.close();
  });

  /** Alice founds the pool and writes everything; bob opens it from an invite link and reads it all. */
  async function run(encrypted: boolean) {
    relay = await startTestRelay({ dataDir: (await import("../../helpers/relay.ts")).tempDir() });
    const world = await busyWorld();
    const [alice, bob] = await Promise.all(
      ["alice", "bob"].map((name) => startDevice(name, { relayUrl: (relay as TestRelay).url, now: () => world.now })),
    );
    devices.push(alice!, bob!);
    if (encrypted) for (const d of [alice!, bob!]) d.deps.poolKeys = memoryPoolKeyStore();
    const [genesis, ...rest] = inOrder(world);
    const created = await createPool(alice!.repo, genesis!, alice!.deps);
    if (!created.ok) throw new Error(created.reason);
    const a = created.value;
    sessions.push(a);
    expect(await a.append(rest)).toMatchObject({ ok: true });

    const raw = await alice!.deps.poolKeys?.rawKeyOf(a.poolId, 0);
    const link = encodeInviteLink("https://pools.example", {
      docId: a.docUrl.replace("automerge:", ""),
      genesisId: a.poolId,
      secret: new Uint8Array(32).fill(1),
      ...(raw ? { poolKey: { epoch: 0, raw } } : {}),
    });
    const invite = decodeInviteLink(link);
    if (!invite.ok) throw new Error(invite.reason);
    const opened = await openPool(
      bob!.repo,
      {
        docUrl: a.docUrl,
        genesisId: a.poolId,
        ...(invite.value.poolKey ? { poolKey: invite.value.poolKey } : {}),
      },
      bob!.deps,
    );
    if (!opened.ok) throw new Error(opened.reason);
    const b = opened.value;
    sessions.push(b);
    await waitFor(() => idsOf(b.view().events).length === world.events.size, { what: "bob to read every event" });
    const state = (await b.refresh()).state;
    expect(state).toEqual(a.view().state);
    expect(Object.values(state?.proposals ?? {}).map((p) => p.title)).toEqual([TITLE]);
    expect(b.view().refused).toEqual([]);

    for (const s of sessions.splice(0)) s.close();
    for (const d of devices.splice(0)) await d.shutdown();
    await (relay as TestRelay).close();
    return findPlaintext(relayHaystacks((relay as TestRelay).dataDir, (relay as TestRelay).repo), needles(world));
  }

  test("rules §9: names, amounts, memos, votes and member ids are nowhere in the relay's files or memory", async () => {
    expect(await run(true)).toEqual([]);
  });

  test("the search finds them in a pool written without encryption (so it can fail)", async () => {
    const found = await run(false);
    for (const n of ["Hiking Club Pool", TITLE, REASON, MEMO, "vote.cast"])
      expect(found.some((f) => f.startsWith(JSON.stringify(n)))).toBe(true);
  });
});
