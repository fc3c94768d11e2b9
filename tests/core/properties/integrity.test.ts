/**
 * docs/rules.md §3 "Time from the future waits" and §4 "Seal" (restoring a vote), as properties:
 * the derived state does not depend on delivery order under any clock at least as late as every
 * event; a vote restored by its voter always counts; no future-dated event changes any close.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Choice, derivePool, type EventId, type PoolState } from "../../../src/core/index.ts";
import {
  buildHistory,
  decodeAll,
  idOf,
  permutationKeysArb,
  permute,
  propertyTimeout,
  runs,
  scriptArb,
} from "../../helpers/generators.ts";
import { closesAtOf, DAY, HOUR, World } from "../../helpers/world.ts";

const RUNS = runs(20);
const YEAR = 365 * DAY;

/** What does not depend on the clock: which events count, what was refused, members, money. */
const timeless = (s: PoolState) => ({
  order: s.order,
  audit: s.audit,
  members: s.members,
  balance: s.ledger.balance,
  entries: s.ledger.entries,
});

describe("rules §3 and §4 integrity (property)", () => {
  it(
    "rules §3: under any delivery order and any clock at least as late as every event, the derived state is the same",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scriptArb(10, 30),
          permutationKeysArb,
          fc.integer({ min: 0, max: 10 * YEAR }),
          fc.integer({ min: 0, max: 10 * YEAR }),
          async (script, keys, lateA, lateB) => {
            const device = await buildHistory(script);
            const events = decodeAll(device.held.values());
            const latest = Math.max(...events.map((e) => e.body.at));
            const input = { genesisId: device.genesisId, verified: device.honest };
            const a = derivePool({ ...input, events, now: latest + lateA });
            expect(derivePool({ ...input, events: permute(events, keys), now: latest + lateA })).toStrictEqual(a);
            const b = derivePool({ ...input, events: [...events].reverse(), now: latest + lateB });
            expect(timeless(b)).toStrictEqual(timeless(a));
          },
        ),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );

  it(
    "rules §3: no future-dated event changes any close, the clock for new events, or what counts",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scriptArb(10, 30),
          fc.integer({ min: 11 * 60_000, max: 100 * YEAR }),
          fc.nat(),
          async (script, ahead, pick) => {
            const device = await buildHistory(script);
            const before = device.state();
            const clock = device.clock;
            const proposals = Object.values(before.proposals);
            // A member writes a valid event dated ahead: a vote on some proposal, or a comment.
            const voter = before.activeMembers[pick % Math.max(1, before.activeMembers.length)];
            const target = proposals[pick % Math.max(1, proposals.length)];
            if (!voter) return;
            const name = ["alice", "bob", "carol", "dave", "erin"].find((n) => idOf(n) === voter) as string;
            if (target?.electorate.includes(voter))
              await device.write(
                name,
                "vote.cast",
                { proposal: target.id, choice: "yes" },
                {
                  parents: [target.id],
                  at: device.clock + ahead,
                },
              );
            else await device.write(name, "member.left", {}, { at: device.clock + ahead });
            const after = derivePool({
              genesisId: device.genesisId,
              events: decodeAll(device.held.values()),
              verified: device.honest,
              now: clock,
            });
            for (const p of proposals) expect(after.proposals[p.id]?.closedAt).toBe(p.closedAt);
            expect(after.latestAt).toBe(before.latestAt);
            expect(after.order).toEqual(before.order);
            expect(after.audit.at(-1)?.reason).toBe("dated-in-the-future");
          },
        ),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );

  it(
    "rules §4: a vote restored by its voter always counts, whatever the seal left out",
    async () => {
      const choiceArb = fc.constantFrom<Choice>("yes", "no", "abstain");
      await fc.assert(
        fc.asyncProperty(
          fc.array(choiceArb, { minLength: 3, maxLength: 5 }),
          fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
          fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
          async (choices, leftOut, restores) => {
            const names = ["alice", "bob", "carol", "dave", "erin"].slice(0, choices.length);
            const w = await World.withMembers(names);
            const p = await w.propose("alice", { kind: "decision" }, { closesIn: 2 * DAY });
            const votes = new Map<string, EventId>();
            for (const [i, name] of names.entries())
              votes.set(name, (await w.vote(name, p.id, choices[i] as Choice)).id);
            // alice seals and bob confirms; either may leave out anyone else's vote.
            const omitted = names.filter((_, i) => i >= 2 && leftOut[i]);
            const listed = names.filter((n) => !omitted.includes(n)).map((n) => votes.get(n) as EventId);
            w.now = closesAtOf(p);
            const seal = await w.add(
              "alice",
              "proposal.sealed",
              { proposal: p.id, votes: [...listed].sort() },
              { parents: [...listed].sort() },
            );
            w.tick(DAY + HOUR);
            const conf = await w.add("bob", "proposal.seal-confirmed", { seal: seal.id }, { parents: [seal.id] });
            const restorers = omitted.filter((_, i) => restores[i]);
            for (const name of restorers) {
              const vote = votes.get(name) as EventId;
              await w.add(
                name,
                "proposal.vote-restored",
                { proposal: p.id, vote },
                {
                  parents: [conf.id, vote].sort(),
                },
              );
            }
            const s = await w.derive();
            const view = s.proposals[p.id];
            expect(s.audit).toEqual([]);
            for (const name of restorers) expect(view?.votes[w.id(name)]?.vote).toBe(votes.get(name));
            const counted = names.filter((n) => !omitted.includes(n) || restorers.includes(n));
            const count = (c: Choice) => counted.filter((n) => choices[names.indexOf(n)] === c).length;
            expect(view?.decided?.tally).toMatchObject({
              yes: count("yes"),
              no: count("no"),
              abstain: count("abstain"),
            });
            expect(view?.decided?.missing.map((m) => m.voter).sort()).toEqual(
              omitted
                .filter((n) => !restorers.includes(n))
                .map((n) => w.id(n))
                .sort(),
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );
});
