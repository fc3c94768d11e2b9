import { describe, expect, it } from "vitest";
import {
  docIdOf,
  FloodWorld,
  poolJoinsFlood,
  poolPaysFlood,
  twoPoolsInAFlood as sharedSetting,
  syncClocks,
} from "../../helpers/floods.ts";
import { DAY, HOUR, World } from "../../helpers/world.ts";

const twoPoolsInAFlood = () => sharedSetting(100_000, 60_000, 40_000);

describe("floods (docs/rules.md §5)", () => {
  it("the electorate is the union of the pools' members, each person once: carol, in both pools, counts once", async () => {
    const { a, b, flood } = await twoPoolsInAFlood();
    const p = await flood.propose("alice", { kind: "decision" }, { closesIn: DAY });
    const s = await flood.deriveFlood([a, b]);
    expect(s.audit).toEqual([]);
    expect(s.proposals[p.id]?.electorate).toHaveLength(5);
    expect(s.activeMembers.sort()).toEqual(["alice", "bob", "carol", "dave", "erin"].map((n) => flood.id(n)).sort());
    expect(s.pools.map((x) => x.name)).toHaveLength(2);
  });

  it("a person in two pools votes once in the flood: their second vote replaces the first", async () => {
    const { a, b, flood } = await twoPoolsInAFlood();
    const p = await flood.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    await flood.vote("carol", p.id, "yes");
    await flood.vote("carol", p.id, "no");
    const s = await flood.deriveFlood([a, b]);
    expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 0, no: 1, electorate: 5 });
  });

  it("a pool joins only with its own passed and confirmed flood.join; a typed roster counts for nothing", async () => {
    const a = await World.withMembers(["alice", "bob"]);
    const flood = await FloodWorld.foundFlood("alice");
    const open = await a.propose("alice", {
      kind: "flood.join",
      flood: flood.genesisId,
      floodDoc: "4abcdefghijkmnopqrstuvwx",
      amount: 100,
    });
    syncClocks(a, flood);
    const early = await flood.add("alice", "flood.pool-joined", {
      pool: a.genesisId,
      poolDoc: "4abcdefghijkmnopqrstuvwx",
      proposal: open.id,
    });
    const stranger = await flood.add("mallory", "flood.pool-joined", {
      pool: a.genesisId,
      poolDoc: "4abcdefghijkmnopqrstuvwx",
      proposal: open.id,
    });
    const s = await flood.deriveFlood([a]);
    expect(World.refusal(s, early.id)).toBe("pool-not-approved");
    expect(World.refusal(s, stranger.id)).toBe("not-a-member");
    expect(s.activeMembers).toEqual([]);
  });

  it("a member who leaves their pool leaves the flood's electorate, and their vote goes with them", async () => {
    const { a, b, flood } = await twoPoolsInAFlood();
    const p = await flood.propose("alice", { kind: "decision" }, { closesIn: 3 * DAY });
    await flood.vote("bob", p.id, "yes");
    syncClocks(a, b, flood);
    await a.add("bob", "member.left", {});
    syncClocks(a, b, flood);
    const s = await flood.deriveFlood([a, b]);
    expect(s.proposals[p.id]?.electorate).not.toContain(flood.id("bob"));
    expect(s.proposals[p.id]?.electorate).toHaveLength(4);
    expect(s.proposals[p.id]?.votes[flood.id("bob")]).toBeUndefined();
  });

  it("carol leaving one of her two pools keeps her in the flood's electorate", async () => {
    const { a, b, flood } = await twoPoolsInAFlood();
    const p = await flood.propose("alice", { kind: "decision" }, { closesIn: 3 * DAY });
    await a.add("carol", "member.left", {});
    syncClocks(a, b, flood);
    const s = await flood.deriveFlood([a, b]);
    expect(s.proposals[p.id]?.electorate).toContain(flood.id("carol"));
  });

  it("money moves pool → flood: a pool payout against its flood.join, then a flood contribution naming it", async () => {
    const { a, b, flood, joinA } = await twoPoolsInAFlood();
    const { payout, contribution } = await poolPaysFlood(a, ["alice", "bob"], flood, joinA, 60_000, "dave");
    const pool = await a.derive();
    const s = await flood.deriveFlood([a, b]);
    expect(pool.ledger.entries.find((e) => e.id === payout.id)?.notAuthorised).toBeUndefined();
    expect(pool.ledger.balance).toBe(40_000);
    expect(s.ledger.balance).toBe(60_000);
    expect(s.pools.find((x) => x.pool === a.genesisId)?.contributed).toBe(60_000);
    // the same payout cannot be counted twice
    const again = await flood.add("bob", "ledger.contribution", {
      amount: 60_000,
      from: { pool: a.genesisId, payout: payout.id },
      kind: "dues",
      memo: "again",
    });
    expect(World.refusal(await flood.deriveFlood([a, b]), again.id)).toBe("payout-already-counted");
    expect(contribution.id).toBeTruthy();
  });

  it("a contribution naming a payout that does not match is refused", async () => {
    const { a, b, flood, joinA } = await twoPoolsInAFlood();
    const payout = await a.add("alice", "ledger.payout", {
      spend: joinA,
      amount: 10_000,
      payee: `flood:${flood.genesisId}`,
      memo: "",
    });
    syncClocks(a, flood);
    const unconfirmed = await flood.add("alice", "ledger.contribution", {
      amount: 10_000,
      from: { pool: a.genesisId, payout: payout.id },
      kind: "dues",
      memo: "",
    });
    const s = await flood.deriveFlood([a, b]);
    expect(World.refusal(s, unconfirmed.id)).toBe("payout-missing");
  });

  it("a pool that leaves gets back its part of the unreserved money, by largest remainder, to the cent", async () => {
    const { a, b, flood, joinA, joinB } = await twoPoolsInAFlood();
    await poolPaysFlood(a, ["alice", "bob"], flood, joinA, 20_000, "dave");
    syncClocks(a, b, flood);
    await poolPaysFlood(b, ["dave", "erin"], flood, joinB, 10_001, "alice");
    syncClocks(a, b, flood);
    const leave = await b.propose("dave", { kind: "flood.leave", flood: flood.genesisId }, { closesIn: DAY });
    for (const m of ["dave", "erin", "carol"]) await b.vote(m, leave.id, "yes");
    await b.decide(leave.id, "dave", "erin");
    syncClocks(a, b, flood);
    const left = await flood.add("erin", "flood.pool-left", { pool: b.genesisId, proposal: leave.id });
    const s = await flood.deriveFlood([a, b]);
    expect(World.refusal(s, left.id)).toBeUndefined();
    // 30,001 unreserved, 20,000 : 10,001 → A 20,000 and B 10,001 exactly
    const owedB = s.pools.find((x) => x.pool === b.genesisId)?.owed;
    expect(owedB).toEqual({ amount: 10_001, remaining: 10_001 });
    expect(s.ledger.available).toBe(20_000);
    // dave and erin are no longer in the flood; carol still is, through pool A
    expect(s.activeMembers).not.toContain(flood.id("dave"));
    expect(s.activeMembers).toContain(flood.id("carol"));
  });

  it("a pool leaving in the middle of a flood proposal takes its members' votes along (those not in another pool)", async () => {
    const { a, b, flood } = await twoPoolsInAFlood();
    const p = await flood.propose("alice", { kind: "decision" }, { closesIn: 5 * DAY });
    await flood.vote("dave", p.id, "yes");
    await flood.vote("carol", p.id, "yes");
    syncClocks(a, b, flood);
    const leave = await b.propose("dave", { kind: "flood.leave", flood: flood.genesisId }, { closesIn: DAY });
    for (const m of ["dave", "erin", "carol"]) await b.vote(m, leave.id, "yes");
    await b.decide(leave.id, "dave", "erin");
    syncClocks(a, b, flood);
    await flood.add("erin", "flood.pool-left", { pool: b.genesisId, proposal: leave.id });
    flood.tick(HOUR);
    const s = await flood.deriveFlood([a, b]);
    const view = s.proposals[p.id];
    expect(view?.electorate.sort()).toEqual(["alice", "bob", "carol"].map((n) => flood.id(n)).sort());
    expect(view?.tally).toMatchObject({ yes: 1 });
  });

  it("events of the wrong document are refused: a pool-joined in a pool, an invite in a flood", async () => {
    const { a, b, flood } = await twoPoolsInAFlood();
    const inPool = await a.add("alice", "flood.pool-joined", {
      pool: a.genesisId,
      poolDoc: "4abcdefghijkmnopqrstuvwx",
      proposal: a.genesisId,
    });
    const inFlood = await flood.invite("alice");
    expect(World.refusal(await a.derive(), inPool.id)).toBe("wrong-document");
    expect(World.refusal(await flood.deriveFlood([a, b]), inFlood.id)).toBe("wrong-document");
  });
});

describe("floods of three pools (docs/rules.md §5)", () => {
  it("three pools that share members: each person votes once, and the electorate counts each person once", async () => {
    const a = await World.withMembers(["alice", "bob", "carol"], { minVotingHours: 0, sealAfterHours: 0 });
    const b = await World.withMembers(["dave", "carol", "erin"], { minVotingHours: 0, sealAfterHours: 0 });
    const c = await World.withMembers(["frank", "carol", "bob"], { minVotingHours: 0, sealAfterHours: 0 });
    const flood = await FloodWorld.foundFlood("alice", "Three Rivers Flood", { minVotingHours: 0, sealAfterHours: 0 });
    syncClocks(a, b, c, flood);
    await poolJoinsFlood(a, ["alice", "bob", "carol"], flood, 100);
    syncClocks(a, b, c, flood);
    await poolJoinsFlood(b, ["dave", "carol", "erin"], flood, 100);
    syncClocks(a, b, c, flood);
    await poolJoinsFlood(c, ["frank", "carol", "bob"], flood, 100);
    syncClocks(a, b, c, flood);
    const p = await flood.propose("dave", { kind: "decision" }, { closesIn: DAY });
    // carol is in all three pools and bob in two: one vote each; carol's second vote replaces her
    // first (before everyone has voted: the last vote closes the proposal)
    await flood.vote("carol", p.id, "yes");
    await flood.vote("carol", p.id, "no");
    for (const name of ["alice", "bob", "dave", "erin", "frank"]) await flood.vote(name, p.id, "yes");
    const s = await flood.deriveFlood([a, b, c]);
    expect(s.audit).toEqual([]);
    expect(s.pools).toHaveLength(3);
    expect(s.proposals[p.id]?.electorate).toHaveLength(6);
    expect(s.proposals[p.id]?.tally).toMatchObject({ yes: 5, no: 1, electorate: 6, passed: true });
  });

  it("when carol leaves two of her three pools she still votes, once, through the third", async () => {
    const a = await World.withMembers(["alice", "carol"], { minVotingHours: 0, sealAfterHours: 0 });
    const b = await World.withMembers(["dave", "carol"], { minVotingHours: 0, sealAfterHours: 0 });
    const c = await World.withMembers(["frank", "carol"], { minVotingHours: 0, sealAfterHours: 0 });
    const flood = await FloodWorld.foundFlood("alice", "Three Rivers Flood", { minVotingHours: 0, sealAfterHours: 0 });
    syncClocks(a, b, c, flood);
    await poolJoinsFlood(a, ["alice", "carol"], flood, 100);
    syncClocks(a, b, c, flood);
    await poolJoinsFlood(b, ["dave", "carol"], flood, 100);
    syncClocks(a, b, c, flood);
    await poolJoinsFlood(c, ["frank", "carol"], flood, 100);
    syncClocks(a, b, c, flood);
    const p = await flood.propose("alice", { kind: "decision" }, { closesIn: 3 * DAY });
    await flood.vote("carol", p.id, "yes");
    syncClocks(a, b, c, flood);
    await a.add("carol", "member.left", {});
    await b.add("carol", "member.left", {});
    syncClocks(a, b, c, flood);
    const s = await flood.deriveFlood([a, b, c]);
    expect(s.proposals[p.id]?.electorate).toContain(flood.id("carol"));
    expect(s.proposals[p.id]?.tally.yes).toBe(1);
  });

  it("a pool is in a flood once, however many of its members record the join from their own phones", async () => {
    const a = await World.withMembers(["alice", "bob", "carol"]);
    const flood = await FloodWorld.foundFlood("alice", "River Cleanup Flood", { minVotingHours: 0, sealAfterHours: 0 });
    syncClocks(a, flood);
    const p = await a.propose(
      "alice",
      { kind: "flood.join", flood: flood.genesisId, floodDoc: docIdOf("flood"), amount: 100 },
      { closesIn: DAY },
    );
    for (const m of ["alice", "bob", "carol"]) await a.vote(m, p.id, "yes");
    await a.decide(p.id, "alice", "bob");
    syncClocks(a, flood);
    // Three phones, none of which has seen the others' record yet.
    const data = { pool: a.genesisId, poolDoc: docIdOf(a.genesisId), proposal: p.id };
    const records = [];
    for (const m of ["alice", "bob", "carol"])
      records.push(await flood.add(m, "flood.pool-joined", data, { parents: [flood.genesisId] }));
    const s = await flood.deriveFlood([a]);
    expect(s.audit).toEqual([]);
    expect(s.pools).toHaveLength(1);
    expect(s.activeMembers).toHaveLength(3);
    // A later record, written seeing one of them, is refused as already joined.
    const late = await flood.add("bob", "flood.pool-joined", data);
    expect(World.refusal(await flood.deriveFlood([a]), late.id)).toBe("pool-already-joined");
    expect((await flood.deriveFlood([a])).pools).toHaveLength(1);
  });

  it("a pool leaves once, even when its departure follows only a second record of its join", async () => {
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
    const data = { pool: a.genesisId, poolDoc: docIdOf(a.genesisId), proposal: p.id };
    await flood.add("alice", "flood.pool-joined", data, { parents: [flood.genesisId] });
    const second = await flood.add("bob", "flood.pool-joined", data, { parents: [flood.genesisId] });
    const leave = await a.propose("bob", { kind: "flood.leave", flood: flood.genesisId }, { closesIn: DAY });
    for (const m of ["alice", "bob"]) await a.vote(m, leave.id, "yes");
    await a.decide(leave.id, "bob", "alice");
    syncClocks(a, flood);
    await flood.add("bob", "flood.pool-left", { pool: a.genesisId, proposal: leave.id }, { parents: [second.id] });
    const s = await flood.deriveFlood([a]);
    expect(s.audit).toEqual([]);
    expect(s.pools).toHaveLength(1);
    expect(s.pools[0]?.leftAt).toBeDefined();
    expect(s.activeMembers).toEqual([]);
  });
});
