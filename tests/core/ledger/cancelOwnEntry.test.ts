/**
 * Rules "Ledger": the author of an entry nobody has confirmed yet may cancel it with a reversal
 * that counts at once. The entry never counted, so the cancellation moves no money and needs no
 * second person; a confirmed entry is still only undone by a reversal that another confirms.
 */
import { describe, expect, it } from "vitest";
import type { EventId, PoolState } from "../../../src/core/index.ts";
import { World } from "../../helpers/world.ts";

const entry = (s: PoolState, id: EventId) => s.ledger.entries.find((e) => e.id === id);

describe("cancelling one's own unconfirmed entry", () => {
  it("rules ledger: the author's reversal of their own uncounted entry counts at once and moves nothing", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const keep = await w.contribute("alice", "alice", 2_000);
    await w.confirm("bob", keep.id);
    const junk = await w.contribute("alice", "alice", 99_900);
    const cancel = await w.add("alice", "ledger.reversal", { entry: junk.id, memo: "typo" });
    const s = await w.derive();
    expect(s.audit).toEqual([]);
    expect(entry(s, cancel.id)).toMatchObject({ status: "confirmed", amount: 0 });
    expect(entry(s, junk.id)?.status).toBe("reversed");
    expect(s.ledger.balance).toBe(2_000);
    // A confirmation that arrives later changes nothing: the entry was cancelled.
    await w.confirm("bob", junk.id);
    expect((await w.derive()).ledger.balance).toBe(2_000);
  });

  it("rules ledger: someone else's reversal of an uncounted entry still needs confirming", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const e = await w.contribute("alice", "alice", 5_000);
    const r = await w.add("bob", "ledger.reversal", { entry: e.id, memo: "looks wrong" });
    const s = await w.derive();
    expect(entry(s, r.id)?.status).toBe("awaiting-confirmation");
    expect(entry(s, e.id)?.status).toBe("awaiting-confirmation");
  });

  it("rules ledger: a confirmed entry's author still needs another member to confirm its reversal", async () => {
    const w = await World.withMembers(["alice", "bob"]);
    const e = await w.contribute("alice", "alice", 5_000);
    await w.confirm("bob", e.id);
    const r = await w.add("alice", "ledger.reversal", { entry: e.id, memo: "wrong amount" });
    const s = await w.derive();
    expect(entry(s, r.id)?.status).toBe("awaiting-confirmation");
    expect(s.ledger.balance).toBe(5_000);
  });
});
