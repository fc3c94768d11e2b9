import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { EventId, PoolState, SignedEvent } from "../../src/core/index.ts";
import { decodeFloodLink, encodeFloodLink } from "../../src/sync/floodLink.ts";
import { createFlood, docIdOfUrl, type FloodSession, openFlood } from "../../src/sync/floodSession.ts";
import type { PoolSession } from "../../src/sync/poolSession.ts";
import { createPool } from "../../src/sync/pools.ts";
import { FloodWorld, syncClocks } from "../helpers/floods.ts";
import { type Device, inOrder, startDevice, startSyncRelay } from "../helpers/peers.ts";
import { type TestRelay, waitFor } from "../helpers/relay.ts";
import { DAY, World } from "../helpers/world.ts";

const QUICK = { minVotingHours: 0, sealAfterHours: 0 };

describe("a flood through the relay (rules §5)", () => {
  let relay: TestRelay;
  const devices: Device[] = [];
  const sessions: PoolSession[] = [];

  beforeEach(async () => {
    relay = await startSyncRelay();
  });

  afterEach(async () => {
    for (const s of sessions.splice(0)) s.close();
    for (const d of devices.splice(0)) {
      expect(d.errors).toEqual([]);
      await d.shutdown();
    }
    await relay.close();
  });

  async function device(name: string, clock: { now: number }): Promise<Device> {
    const d = await startDevice(name, { relayUrl: relay.url, now: () => clock.now + DAY });
    devices.push(d);
    return d;
  }

  /** Appends whatever of the world this session does not hold yet. */
  async function push(session: PoolSession, world: World): Promise<void> {
    const missing = inOrder(world).filter((e) => !session.view().verified.has(e.id));
    const r = await session.append(missing);
    if (!r.ok) throw new Error(`append refused: ${r.reason} ${r.detail ?? ""}`);
  }

  /**
   * Waits until this phone's copies of the member pools hold every event those pools wrote. The
   * flood counts a transfer only once the pool's confirmed payout is here, and an event whose
   * parent does not count adds nothing to the causal past (rules §3.5), so the world's later
   * events (written by phones that held the payout) would be judged without the pools' joins.
   * A phone writes its own events on the heads that count for it, so it never meets this.
   */
  async function holdsMemberPools(fs: FloodSession, pools: readonly World[]): Promise<void> {
    await fs.membersSettled();
    await waitFor(
      () =>
        pools.every((pool) => {
          const held = fs.memberSessions().get(pool.genesisId)?.view().verified;
          return held !== undefined && [...pool.events.keys()].every((id) => held.has(id));
        }),
      { what: "this phone to hold every member pool's events" },
    );
  }

  async function ok<T>(
    p: Promise<{ ok: true; value: T } | { ok: false; reason: string; detail?: string }>,
  ): Promise<T> {
    const r = await p;
    if (!r.ok) throw new Error(`${r.reason} ${r.detail ?? ""}`);
    return r.value;
  }

  test("two pools form a flood; a device with only the flood link opens the member pools and derives the same flood", async () => {
    const a = await World.withMembers(["alice", "bob"], QUICK);
    const b = await World.withMembers(["carol", "dave"], QUICK);
    for (const [pool, payer, confirmer] of [
      [a, "alice", "bob"],
      [b, "carol", "dave"],
    ] as const) {
      const gift = await pool.add(payer, "ledger.contribution", {
        amount: 100_000,
        from: { outsider: "Grant" },
        kind: "donation",
        memo: "",
      });
      await pool.confirm(confirmer, gift.id);
    }
    const flood = await FloodWorld.foundFlood("alice", "River Cleanup Flood", QUICK);
    syncClocks(a, b, flood);
    // The phones' clock runs ahead of every world's: events dated after a device's clock wait (rules §3.6).
    const clock = {
      get now() {
        return Math.max(a.now, b.now, flood.now);
      },
    };

    // alice's phone holds pool A and founds the flood; carol's phone holds pool B.
    const alice = await device("alice", clock);
    const carol = await device("carol", clock);
    const [genesisA, ...restA] = inOrder(a);
    const poolA = await ok(createPool(alice.repo, genesisA as SignedEvent, alice.deps));
    sessions.push(poolA);
    await poolA.append(restA);
    const [genesisB, ...restB] = inOrder(b);
    const poolB = await ok(createPool(carol.repo, genesisB as SignedEvent, carol.deps));
    sessions.push(poolB);
    await poolB.append(restB);

    const aliceFlood: FloodSession = await ok(
      createFlood(alice.repo, flood.events.get(flood.genesisId) as SignedEvent, alice.deps),
    );
    sessions.push(aliceFlood);
    expect(aliceFlood.floodState()?.name).toBe("River Cleanup Flood");
    expect(await alice.device.getPool(flood.genesisId)).toMatchObject({ kind: "flood", name: "River Cleanup Flood" });

    // The flood link carries the document and the genesis, no secret.
    const link = encodeFloodLink("https://pools.example", {
      docId: docIdOfUrl(aliceFlood.docUrl),
      genesisId: flood.genesisId,
    });
    const payload = decodeFloodLink(link);
    if (!payload.ok) throw new Error(payload.reason);

    // Each pool votes to join, and one of its members records the join in the flood.
    const joins = new Map<EventId, EventId>();
    for (const [pool, session, fs, members, amount] of [
      [a, poolA, aliceFlood, ["alice", "bob"], 60_000],
      [b, poolB, undefined, ["carol", "dave"], 40_000],
    ] as const) {
      syncClocks(a, b, flood);
      const p = await pool.propose(
        members[0],
        { kind: "flood.join", flood: payload.value.genesisId, floodDoc: payload.value.docId, amount },
        { closesIn: DAY },
      );
      for (const m of members) await pool.vote(m, p.id, "yes");
      await pool.decide(p.id, members[0], members[1]);
      await push(session, pool);
      joins.set(pool.genesisId, p.id);
      syncClocks(a, b, flood);
      await flood.add(members[0], "flood.pool-joined", {
        pool: pool.genesisId,
        poolDoc: docIdOfUrl(session.docUrl),
        proposal: p.id,
      });
      if (fs) await push(fs, flood);
    }
    // carol's phone opens the flood from the link to record pool B's join.
    const carolFlood = await ok(
      openFlood(
        carol.repo,
        { docUrl: `automerge:${payload.value.docId}`, genesisId: payload.value.genesisId },
        carol.deps,
      ),
    );
    sessions.push(carolFlood);
    await waitFor(() => carolFlood.view().verified.size >= 2, { what: "carol to receive the flood" });
    await push(carolFlood, flood);
    await waitFor(() => aliceFlood.floodState()?.pools.length === 2, { what: "alice's flood to see both pools" });
    expect(aliceFlood.floodState()?.activeMembers).toHaveLength(4);

    // Money moves pool → flood: a payout against the passed flood.join, then a contribution naming it.
    for (const [pool, session, fs, [payer, confirmer], amount] of [
      [a, poolA, aliceFlood, ["alice", "bob"], 60_000],
      [b, poolB, carolFlood, ["carol", "dave"], 40_000],
    ] as const) {
      syncClocks(a, b, flood);
      const payout = await pool.add(payer, "ledger.payout", {
        spend: joins.get(pool.genesisId) as EventId,
        amount,
        payee: `flood:${flood.genesisId}`,
        memo: "our share",
      });
      await pool.confirm(confirmer, payout.id);
      await push(session, pool);
      syncClocks(a, b, flood);
      const c = await flood.add(payer, "ledger.contribution", {
        amount,
        from: { pool: pool.genesisId, payout: payout.id },
        kind: "dues",
        memo: "transfer",
      });
      await flood.confirm(confirmer, c.id);
      await waitFor(() => fs.view().verified.size >= flood.events.size - 2, { what: "the flood to catch up" });
      // The flood judges the other pool's transfer by that pool's payout: wait until this phone holds it.
      await holdsMemberPools(fs, [a, b]);
      await push(fs, flood);
    }

    // A flood spend passes with votes from both pools and is paid out.
    syncClocks(a, b, flood);
    const spend = await flood.propose(
      "alice",
      { kind: "spend", amount: 30_000, payee: "River Supplies", purpose: "Gloves and bags" },
      { closesIn: DAY },
    );
    for (const m of ["alice", "bob", "carol", "dave"]) await flood.vote(m, spend.id, "yes");
    // World.decide derives as a pool: a flood is sealed with the votes deriveFlood counts.
    const before = await flood.deriveFlood([a, b]);
    const view = before.proposals[spend.id];
    if (!view)
      throw new Error(
        `no spend proposal: ${JSON.stringify(before.pending)} ${Object.keys(before.proposals)} ${before.ledger.balance}`,
      );
    flood.now = Math.max(flood.now, view.closedAt ?? view.closesAt);
    const seal = await flood.add("alice", "proposal.sealed", {
      proposal: spend.id,
      votes: Object.values(view.votes)
        .map((v) => v.vote)
        .sort(),
    });
    flood.tick(DAY + 3600_000);
    syncClocks(a, b, flood);
    await flood.add("carol", "proposal.seal-confirmed", { seal: seal.id });
    const paid = await flood.add("bob", "ledger.payout", {
      spend: spend.id,
      amount: 30_000,
      payee: "River Supplies",
      memo: "gloves",
    });
    await flood.confirm("dave", paid.id);
    await holdsMemberPools(aliceFlood, [a, b]);
    await push(aliceFlood, flood);

    const expected = await flood.deriveFlood([a, b], clock.now + DAY);
    expect(expected.audit).toEqual([]);
    await waitFor(() => aliceFlood.floodState()?.ledger.balance === 70_000, { what: "alice's flood balance" });
    await waitFor(() => carolFlood.floodState()?.ledger.balance === 70_000, { what: "carol's flood balance" });

    // erin has only the flood link: she finds the member pools through it and derives the same flood.
    const erin = await device("erin", clock);
    const erinFlood = await ok(
      openFlood(
        erin.repo,
        { docUrl: `automerge:${payload.value.docId}`, genesisId: payload.value.genesisId },
        erin.deps,
      ),
    );
    sessions.push(erinFlood);
    await waitFor(
      () => erinFlood.view().verified.size === flood.events.size && erinFlood.floodState()?.ledger.balance === 70_000,
      { what: "erin to derive the whole flood" },
    );
    await erinFlood.membersSettled();
    // Judged "pool-unknown" before the member pools arrived, the joins are still kept, exported and healed now.
    expect(
      erinFlood
        .knownEvents()
        .map((k) => k.id)
        .sort(),
    ).toEqual([...flood.events.keys()].sort());
    const allIds = [...flood.events.keys()];
    await waitFor(async () => (await erin.archive.getMany(flood.genesisId, allIds)).size === allIds.length, {
      what: "erin to archive every flood event, for healing after a reload",
    });
    expect([...erinFlood.memberSessions().keys()].sort()).toEqual([a.genesisId, b.genesisId].sort());
    expect(await erin.device.listPools()).toEqual([
      { genesisId: flood.genesisId, docUrl: erinFlood.docUrl, name: "River Cleanup Flood", kind: "flood" },
    ]);
    const e = erinFlood.floodState();
    const al = await aliceFlood.refresh();
    expect(e?.pools).toEqual(expected.pools);
    expect(e?.ledger).toEqual(expected.ledger);
    expect(e?.proposals[spend.id]?.electorate).toHaveLength(4);
    // `stale` and "arrived after the close" are this device's own judgement (when it first held each
    // event), not derived from the documents: erin received every vote after its close, alice did not.
    const withoutArrival = (votes: PoolState["proposals"][string]["votes"]) =>
      Object.fromEntries(Object.entries(votes).map(([m, { arrivedAfterClose: _, ...v }]) => [m, v]));
    const unstale = (st: PoolState | undefined) =>
      st && {
        ...st,
        lateVotes: [],
        proposals: Object.fromEntries(
          Object.entries(st.proposals).map(([k, p]) => [k, { ...p, stale: false, votes: withoutArrival(p.votes) }]),
        ),
      };
    expect(unstale(e)).toEqual(unstale(al.state));
    expect(e?.pools.map((p) => p.contributed).sort()).toEqual([40_000, 60_000]);
  }, 60_000);

  test("append refuses what deriveFlood refuses: a join whose pool has not passed flood.join", async () => {
    const a = await World.withMembers(["alice", "bob"], QUICK);
    const flood = await FloodWorld.foundFlood("alice", "River Cleanup Flood", QUICK);
    syncClocks(a, flood);
    const alice = await device("alice", flood);
    const [genesisA, ...restA] = inOrder(a);
    const poolA = await ok(createPool(alice.repo, genesisA as SignedEvent, alice.deps));
    sessions.push(poolA);
    await poolA.append(restA);
    const fs = await ok(createFlood(alice.repo, flood.events.get(flood.genesisId) as SignedEvent, alice.deps));
    sessions.push(fs);
    const p = await a.propose("alice", {
      kind: "flood.join",
      flood: flood.genesisId,
      floodDoc: docIdOfUrl(fs.docUrl),
      amount: 100,
    });
    await push(poolA, a);
    syncClocks(a, flood);
    const early = await flood.add("alice", "flood.pool-joined", {
      pool: a.genesisId,
      poolDoc: docIdOfUrl(poolA.docUrl),
      proposal: p.id,
    });
    const r = await fs.append(early);
    expect(r).toMatchObject({ ok: false, reason: "pool-not-approved" });
    expect(fs.view().events.has(early.id)).toBe(false);
  }, 30_000);

  test("a flood link round-trips and refuses an invite link", () => {
    const g = "A".repeat(43);
    const link = encodeFloodLink("https://x.example/", { docId: "4NMNnkMhL8jXrdJ9jamS58PAVdXu", genesisId: g });
    expect(link).toBe(`https://x.example/#/flood?doc=4NMNnkMhL8jXrdJ9jamS58PAVdXu&g=${g}`);
    expect(decodeFloodLink(link)).toEqual({ ok: true, value: { docId: "4NMNnkMhL8jXrdJ9jamS58PAVdXu", genesisId: g } });
    expect(decodeFloodLink(`https://x.example/#/join?doc=4NMNnkMhL8jXrdJ9jamS58PAVdXu&g=${g}&k=x`).ok).toBe(false);
  });
});
