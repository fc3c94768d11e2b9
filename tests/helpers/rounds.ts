import type { EventId, SignedEvent } from "../../src/core/index.ts";
import { DAY, HOUR, World } from "./world.ts";

export const SEVEN = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"];

/** A pool of `names` holding `cents` (one confirmed donation), with rules that let a test decide quickly. */
export async function poolWithMoney(names: string[], cents: number): Promise<World> {
  const w = await World.withMembers(names, { minVotingHours: 0, sealAfterHours: 0 });
  const gift = await w.add(names[0] as string, "ledger.contribution", {
    amount: cents,
    from: { outsider: "Grant" },
    kind: "donation",
    memo: "grant",
  });
  await w.confirm(names[1] as string, gift.id);
  return w;
}

/** Proposes a round, has everyone vote yes, seals and confirms it: the round is open. */
export async function openRound(
  w: World,
  names: string[],
  amount: number,
  opts: { bucketCap?: number; roundDays?: number; bucketDays?: number } = {},
): Promise<EventId> {
  const at = w.now;
  const round = await w.add(names[0] as string, "proposal.created", {
    kind: "round",
    title: "Spring round",
    text: "What should we fund?",
    closesAt: at + DAY,
    amount,
    roundClosesAt: at + (opts.roundDays ?? 10) * DAY,
    bucketDeadline: at + (opts.bucketDays ?? 5) * DAY,
    ...(opts.bucketCap === undefined ? {} : { bucketCap: opts.bucketCap }),
  });
  for (const n of names) await w.vote(n, round.id, "yes");
  await w.decide(round.id, names[0] as string, names[1] as string);
  return round.id;
}

export async function bucket(
  w: World,
  by: string,
  round: EventId,
  minimum: number,
  maximum?: number,
  title = "A bucket",
): Promise<SignedEvent> {
  return w.add(by, "bucket.proposed", {
    round,
    title,
    description: "",
    payee: `${title} Ltd`,
    minimum,
    ...(maximum === undefined ? {} : { maximum }),
  });
}

/** Closes the round: past its close, seal with every counting allocation, confirm by another member. */
export async function closeRound(w: World, round: EventId, sealer: string, confirmer: string) {
  const s = await w.derive();
  const view = s.rounds[round];
  if (!view) throw new Error("closeRound: the round is not open");
  w.now = Math.max(w.now, view.closesAt + HOUR);
  const seal = await w.add(sealer, "round.sealed", { round, allocations: view.countingAllocations });
  const confirmation = await w.add(confirmer, "round.seal-confirmed", { seal: seal.id });
  return { seal, confirmation };
}
