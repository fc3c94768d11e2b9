import { describe, expect, it } from "vitest";
import type { EventId, PoolState } from "../../../src/core/index.ts";
import { FloodWorld, poolJoinsFlood, syncClocks } from "../../helpers/floods.ts";
import { poolWithMoney } from "../../helpers/rounds.ts";
import { World } from "../../helpers/world.ts";

/**
 * A phone holds a flood's document and its member pools' documents, which sync on their own: it can
 * hold a pool's transfer into the flood before that pool's payout. What it writes then must still
 * count, and the transfer must count once the payout arrives.
 */
describe("a flood on a phone that does not hold a pool's payout yet (rules §3.5, §5)", () => {
  it("rules §5: carol's own transfer, written on what counts on her phone, counts; alice's counts once pool A's payout arrives", async () => {
    const a = await poolWithMoney(["alice", "bob"], 100_000);
    const b = await poolWithMoney(["carol", "dave"], 100_000);
    const flood = await FloodWorld.foundFlood("alice", "River Cleanup Flood", { minVotingHours: 0, sealAfterHours: 0 });
    syncClocks(a, b, flood);
    const joinA = await poolJoinsFlood(a, ["alice", "bob"], flood, 60_000);
    syncClocks(a, b, flood);
    const joinB = await poolJoinsFlood(b, ["carol", "dave"], flood, 40_000);
    syncClocks(a, b, flood);

    // Pool A pays the flood; carol's phone holds pool A only as it was before the payout.
    const aBeforePayout = [...a.events.keys()];
    const payoutA = await a.add("alice", "ledger.payout", {
      spend: joinA,
      amount: 60_000,
      payee: `flood:${flood.genesisId}`,
      memo: "our share",
    });
    await a.confirm("bob", payoutA.id);
    syncClocks(a, b, flood);
    const transferA = await flood.add("alice", "ledger.contribution", {
      amount: 60_000,
      from: { pool: a.genesisId, payout: payoutA.id },
      kind: "dues",
      memo: "transfer",
    });
    const confirmA = await flood.confirm("bob", transferA.id);
    const payoutB = await b.add("carol", "ledger.payout", {
      spend: joinB,
      amount: 40_000,
      payee: `flood:${flood.genesisId}`,
      memo: "our share",
    });
    await b.confirm("dave", payoutB.id);
    syncClocks(a, b, flood);

    const onCarolsPhone = new Map<EventId, PoolState>([
      [a.genesisId, await a.derive(a.now, aBeforePayout)],
      [b.genesisId, await b.derive()],
    ]);
    const before = await flood.deriveFloodHolding(onCarolsPhone);
    expect(World.refusal(before, transferA.id)).toBe("payout-missing");

    // carol's phone writes on the heads that count there, so her transfer's past holds both joins.
    const transferB = await flood.add(
      "carol",
      "ledger.contribution",
      { amount: 40_000, from: { pool: b.genesisId, payout: payoutB.id }, kind: "dues", memo: "transfer" },
      { parents: before.heads },
    );
    const confirmB = await flood.add("dave", "ledger.confirmed", { entry: transferB.id }, { parents: [transferB.id] });
    // A phone that counted alice's transfer writes on it: on carol's phone that parent adds nothing
    // to the causal past (rules §3.5), so this waits for pool A's payout like the transfer does.
    const gift = await flood.add(
      "bob",
      "ledger.contribution",
      { amount: 5_000, from: { outsider: "Grant" }, kind: "donation", memo: "" },
      { parents: [confirmA.id] },
    );

    const held = await flood.deriveFloodHolding(onCarolsPhone);
    expect(World.refusal(held, transferB.id)).toBeUndefined();
    expect(World.refusal(held, confirmB.id)).toBeUndefined();
    expect(World.refusal(held, gift.id)).toBe("not-a-member");
    expect(held.ledger.balance).toBe(40_000);

    // Pool A's payout reaches carol's phone: the same flood document now counts everything.
    const after = await flood.deriveFlood([a, b]);
    expect(after.audit).toEqual([]);
    expect(after.ledger.balance).toBe(100_000);
    expect(after.pools.map((p) => p.contributed).sort()).toEqual([40_000, 60_000]);
  });
});
