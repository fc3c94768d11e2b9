/**
 * docs/rules.md §11 "Polls": every phone counts a poll the same, whatever order its ballots
 * arrived in, and each person's last ballot is the only one of theirs that counts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countPoll, type PollData } from "../../../src/core/index.ts";
import { permutationKeysArb, permute, propertyTimeout, runs } from "../../helpers/generators.ts";
import { DAY, World } from "../../helpers/world.ts";

const RUNS = runs(15);
const VOTERS = ["alice", "bob", "carol", "dave", "erin"];
const POLL: PollData = {
  question: "Which trip?",
  options: ["Coast", "Hills", "Lake", "City"],
  method: { kind: "ranked" },
};

/** Each voter casts 0–3 rankings, in the order listed. */
const ballotsArb = fc.array(
  fc.record({
    voter: fc.integer({ min: 0, max: VOTERS.length - 1 }),
    ranking: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 1 }),
  }),
  { maxLength: 12 },
);

let world: Promise<World> | undefined;
/** Signing the members in is the slow part: every run starts from a copy of one pool. */
async function freshPool(): Promise<World> {
  world ??= World.withMembers(VOTERS);
  const base = await world;
  const w = new World();
  for (const [id, e] of base.events) w.put({ ...e, id });
  w.genesisId = base.genesisId;
  w.now = base.now;
  return w;
}

describe("rules §11 polls (property)", () => {
  it(
    "any delivery order gives the same poll result, and it is the count of each voter's last ballot",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          ballotsArb,
          fc.array(permutationKeysArb, { minLength: 1, maxLength: 3 }),
          async (cast, shuffles) => {
            const w = await freshPool();
            const p = await w.propose("alice", { kind: "poll", ...POLL }, { closesIn: 3 * DAY });
            const last = new Map<string, number[]>();
            for (const b of cast) {
              const name = VOTERS[b.voter] as string;
              await w.vote(name, p.id, { ranking: b.ranking });
              last.set(w.id(name), b.ranking);
            }
            const reference = (await w.derive()).proposals[p.id];
            expect(reference?.poll).toStrictEqual(
              countPoll(
                POLL,
                [...last].map(([by, ranking]) => ({ by, choice: { ranking } })),
              ),
            );
            // One ballot per person: as many counted ballots as voters, never more.
            expect(Object.keys(reference?.votes ?? {}).length).toBe(last.size);
            for (const keys of shuffles) {
              const shuffled = await w.derive(w.now, permute([...w.events.keys()], keys));
              expect(shuffled.proposals[p.id]?.poll).toStrictEqual(reference?.poll);
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    propertyTimeout(),
  );
});
