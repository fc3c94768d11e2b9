/**
 * The causal-past machinery the fold relies on, against naive oracles: persistent bitsets
 * (chunks shared between sets) against plain sets of numbers, and the fold's "is X in the past
 * of E" (a bit for tracked events, following children forward for votes) against walking E's
 * parents backwards through valid events, on generated histories.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Bitset, EMPTY_BITSET, hasBit, unionOf } from "../../../src/core/graph/bitset.ts";
import { orderEvents } from "../../../src/core/graph/orderEvents.ts";
import type { AnyDecodedEvent, EventId } from "../../../src/core/index.ts";
import { Fold } from "../../../src/core/pool/fold.ts";
import { EventJudge } from "../../../src/core/pool/judgeEvent.ts";
import {
  buildHistory,
  decodeAll,
  permutationKeysArb,
  permute,
  propertyTimeout,
  runs,
  scriptArb,
} from "../../helpers/generators.ts";

const bits = fc.uniqueArray(fc.nat({ max: 3_000 }), { maxLength: 40 });

/** A bitset built the way the fold builds them: one bit at a time, each on top of the last. */
function build(list: readonly number[]): Bitset {
  let set = EMPTY_BITSET;
  for (const b of [...list].sort((x, y) => x - y)) set = unionOf([set], b);
  return set;
}

describe("bitsets (property)", () => {
  it("hold exactly their bits, through unions and added bits, sharing what they do not change", () => {
    fc.assert(
      fc.property(fc.array(bits, { minLength: 1, maxLength: 5 }), fc.option(fc.nat({ max: 3_100 })), (lists, extra) => {
        const sets = lists.map(build);
        const union = unionOf(sets, extra ?? undefined);
        const expected = new Set(lists.flat());
        if (extra !== null) expected.add(extra);
        const wrong: number[] = [];
        for (let b = 0; b <= 3_200; b++) if (hasBit(union, b) !== expected.has(b)) wrong.push(b);
        // The inputs are unchanged (sets are shared, never written).
        for (const [i, list] of lists.entries())
          for (let b = 0; b <= 3_200; b++) if (hasBit(sets[i] as Bitset, b) !== list.includes(b)) wrong.push(-b - 1);
        expect(wrong).toEqual([]);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe("the causal past the fold sees (property)", () => {
  it(
    "answers 'is X in the past of E' as a walk over valid parents does",
    async () => {
      await fc.assert(
        fc.asyncProperty(scriptArb(10, 40), async (script) => {
          const device = await buildHistory(script);
          const events = decodeAll(device.held.values());
          const order = orderEvents(events);
          const fold = new Fold(device.genesisId, order.held, new Map(), "pool.created", order);
          const judge = new EventJudge(fold, device.honest);
          order.placed.forEach((event, index) => {
            judge.take(event, index);
          });
          const valid = order.placed.filter((e) => fold.valid.has(e.id));
          const byId = new Map<EventId, AnyDecodedEvent>(events.map((e) => [e.id, e]));
          for (const e of order.placed) {
            // Naive: every valid event reachable from E's parents through valid events.
            const past = new Set<EventId>();
            const stack = [...e.body.parents];
            while (stack.length > 0) {
              const id = stack.pop() as EventId;
              if (past.has(id) || !fold.valid.has(id)) continue;
              past.add(id);
              stack.push(...(byId.get(id)?.body.parents ?? []));
            }
            const inPast = fold.reachQuery(e.id);
            for (const x of valid) expect(inPast(x.id)).toBe(past.has(x.id));
          }
        }),
        { numRuns: runs(25) },
      );
    },
    propertyTimeout(),
  );
});

/** Events with only what ordering reads: an id, a date and parents (some missing, some dated before a parent). */
const dagArb = fc
  .array(
    fc.record({
      at: fc.integer({ min: 0, max: 12 }),
      parents: fc.uniqueArray(fc.nat({ max: 40 }), { maxLength: 3 }),
      id: fc.string({ minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((rows) =>
    rows.map(
      (r, i) =>
        ({
          id: `${r.id}#${i}`,
          // A parent is an earlier event, or (number past the end) one never held.
          body: {
            type: "proposal.comment",
            at: r.at,
            parents: r.parents.map((p) => (p < i ? `${rows[p]?.id}#${p}` : `missing-${p}`)),
          },
        }) as unknown as AnyDecodedEvent,
    ),
  );

/** The rule itself, slowly: of the events whose parents are all placed, take the smallest (at, id). */
function naiveOrder(events: readonly AnyDecodedEvent[], notAfter: number): EventId[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  const placed = new Set<EventId>();
  const out: EventId[] = [];
  for (;;) {
    let next: AnyDecodedEvent | undefined;
    for (const e of byId.values()) {
      if (placed.has(e.id) || e.body.at > notAfter || !e.body.parents.every((p) => placed.has(p))) continue;
      if (!next || e.body.at < next.body.at || (e.body.at === next.body.at && e.id < next.id)) next = e;
    }
    if (!next) return out;
    placed.add(next.id);
    out.push(next.id);
  }
}

describe("the one order (property)", () => {
  it("rules §3 order: smallest date, then smallest id, among events whose parents are placed", () => {
    fc.assert(
      fc.property(dagArb, fc.integer({ min: 0, max: 14 }), permutationKeysArb, (events, notAfter, keys) => {
        const given = permute(events, keys);
        expect(orderEvents(given, notAfter).placed.map((e) => e.id)).toEqual(naiveOrder(given, notAfter));
      }),
      { numRuns: runs(300) },
    );
  });
});
