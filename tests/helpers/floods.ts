import {
  DEFAULT_RULES,
  deriveFlood,
  type EventId,
  type FloodState,
  type PoolState,
  type Rules,
} from "../../src/core/index.ts";
import { poolWithMoney } from "./rounds.ts";
import { DAY, World } from "./world.ts";

/** Document ids are only data to the core; these look like automerge-repo's. */
export const docIdOf = (name: string) =>
  `4${Buffer.from(name).toString("hex").replace(/[0O]/g, "1").slice(0, 24).padEnd(24, "z")}`;

/** A flood under test: a World whose genesis is `flood.created` and whose members come from pools. */
export class FloodWorld extends World {
  static async foundFlood(
    founder: string,
    name = "River Cleanup Flood",
    rules: Partial<Rules> = {},
  ): Promise<FloodWorld> {
    const world = new FloodWorld();
    const g = await world.add(
      founder,
      "flood.created",
      {
        name,
        purpose: "Clean the river together",
        currency: "USD",
        rules: { ...DEFAULT_RULES, treasurers: [], ...rules },
        bylawsVersion: 1,
      },
      { parents: [], pool: "" },
    );
    world.genesisId = g.id;
    return world;
  }

  async deriveFlood(pools: World[], now = this.now): Promise<FloodState> {
    const states = new Map<EventId, PoolState>();
    for (const pool of pools) states.set(pool.genesisId, await pool.derive(now));
    const state = await this.deriveFloodHolding(states, now);
    this.forgetRefused(state.audit.map((a) => a.id));
    return state;
  }

  /**
   * The flood as a phone derives it from the member pools' states it holds, which may lag behind
   * the pools (their documents sync on their own). Unlike `deriveFlood`, what it refuses does not
   * change the heads later events name: that is this phone's view, not the world's.
   */
  async deriveFloodHolding(pools: ReadonlyMap<EventId, PoolState>, now = this.now): Promise<FloodState> {
    const events = this.decoded();
    await this.verifyOnce(events);
    return deriveFlood({ genesisId: this.genesisId, events, verified: this.verified, now, pools });
  }
}

/** The pool proposes to join the flood with `amount`, everyone votes yes, and it is decided. */
export async function poolJoinsFlood(
  pool: World,
  members: string[],
  flood: FloodWorld,
  amount: number,
): Promise<EventId> {
  const p = await pool.propose(
    members[0] as string,
    { kind: "flood.join", flood: flood.genesisId, floodDoc: docIdOf("flood"), amount },
    { closesIn: DAY },
  );
  for (const m of members) await pool.vote(m, p.id, "yes");
  await pool.decide(p.id, members[0] as string, members[1] as string);
  syncClocks(pool, flood);
  await flood.add(members[0] as string, "flood.pool-joined", {
    pool: pool.genesisId,
    poolDoc: docIdOf(pool.genesisId),
    proposal: p.id,
  });
  return p.id;
}

/** The pool pays `amount` to the flood against its flood.join, and the flood records it. */
export async function poolPaysFlood(
  pool: World,
  members: [string, string],
  flood: FloodWorld,
  join: EventId,
  amount: number,
  floodConfirmer: string,
) {
  const payout = await pool.add(members[0], "ledger.payout", {
    spend: join,
    amount,
    payee: `flood:${flood.genesisId}`,
    memo: "our share",
  });
  await pool.confirm(members[1], payout.id);
  syncClocks(pool, flood);
  const contribution = await flood.add(members[0], "ledger.contribution", {
    amount,
    from: { pool: pool.genesisId, payout: payout.id },
    kind: "dues",
    memo: "transfer",
  });
  await flood.confirm(floodConfirmer, contribution.id);
  return { payout, contribution };
}

/** Separate documents share one wall clock in a test. */
export function syncClocks(...worlds: World[]): void {
  const now = Math.max(...worlds.map((w) => w.now));
  for (const w of worlds) w.now = now;
}

/**
 * Two pools that share carol (A = alice, bob, carol; B = dave, erin, carol), each holding `cents`,
 * both joined to a new flood with the amounts committed: the setting of most flood stories.
 */
export async function twoPoolsInAFlood(cents: number, commitA: number, commitB: number, name = "River Cleanup Flood") {
  const a = await poolWithMoney(["alice", "bob", "carol"], cents);
  const b = await poolWithMoney(["dave", "erin", "carol"], cents);
  const flood = await FloodWorld.foundFlood("alice", name, { minVotingHours: 0, sealAfterHours: 0 });
  syncClocks(a, b, flood);
  const joinA = await poolJoinsFlood(a, ["alice", "bob", "carol"], flood, commitA);
  syncClocks(a, b, flood);
  const joinB = await poolJoinsFlood(b, ["dave", "erin", "carol"], flood, commitB);
  syncClocks(a, b, flood);
  return { a, b, flood, joinA, joinB };
}
