import { describe, expect, it } from "vitest";
import type { EventId } from "../../../src/core/index.ts";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

/** docs/rules.md §3 "Arrival is recorded": a vote that reached this device after its proposal closed shows. */

describe("rules §3 arrival is recorded", () => {
  it("rules §3 attack: a backdated vote (cast after the close, dated before it) is counted but marked arrived after the close", async () => {
    const w = await World.withMembers(["alice", "bob", "carol"]);
    const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
    const a = await w.vote("alice", p.id, "yes");
    const b = await w.vote("bob", p.id, "no");
    const close = closesAtOf(p);
    // This device records when it first held each event, as the sync session does.
    const arrivals = new Map<EventId, number>();
    for (const id of w.events.keys()) arrivals.set(id, w.events.get(id)?.body.at as number);
    // carol writes her vote two hours after the close, dated an hour before it.
    w.now = close + 2 * HOUR;
    const c = await w.vote("carol", p.id, "yes", { at: close - HOUR });
    arrivals.set(c.id, close + 2 * HOUR);
    w.now = close + 2 * HOUR + 1;
    const s = await w.derive(w.now, undefined, arrivals);
    const view = s.proposals[p.id];
    expect(view?.tally).toMatchObject({ yes: 2, no: 1 });
    expect(view?.votes[w.id("carol")]).toMatchObject({ vote: c.id, arrivedAfterClose: true });
    expect(view?.votes[w.id("alice")]?.arrivedAfterClose).toBeUndefined();
    expect(view?.votes[w.id("bob")]?.vote).toBe(b.id);
    expect(s.lateVotes).toEqual([{ vote: c.id, proposal: p.id, by: w.id("carol"), at: close - HOUR }]);
    // Still marked once sealed with it.
    const seal = await w.add("alice", "proposal.sealed", { proposal: p.id, votes: [a.id, b.id, c.id].sort() });
    arrivals.set(seal.id, w.now);
    const sealed = await w.derive(w.now, undefined, arrivals);
    expect(sealed.proposals[p.id]?.seals[0]?.votes).toContain(c.id);
    expect(sealed.proposals[p.id]?.votes[w.id("carol")]?.arrivedAfterClose).toBe(true);
  });
});
