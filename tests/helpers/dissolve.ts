import type { EventId, PoolState } from "../../src/core/index.ts";
import { memberPayee } from "../../src/core/index.ts";
import type { World } from "./world.ts";

const TRIO = ["alice", "bob", "carol"];

/** `from`'s contribution, recorded and confirmed by two of alice, bob and carol who are not `from`. */
export async function fund(w: World, from: string, amount: number, kind: "buy-in" | "dues" | "donation") {
  const [recorder, confirmer] = TRIO.filter((n) => n !== from) as [string, string];
  const e = await w.contribute(recorder, from, amount, kind);
  await w.confirm(confirmer, e.id);
  return e;
}

/** A dissolve proposal that alice, bob and carol all back, decided (sealed by alice, confirmed by bob). */
export async function dissolve(
  w: World,
  split: "equal" | "contributed" | { payee: string },
  voters: Record<string, "yes" | "no"> = { alice: "yes", bob: "yes", carol: "yes" },
) {
  const p = await w.propose("alice", { kind: "dissolve", split }, { title: "Wind up the pool" });
  for (const [name, choice] of Object.entries(voters)) await w.vote(name, p.id, choice);
  await w.decide(p.id, "alice", "bob");
  return p;
}

/** A dissolution payout to a member's share (or to a named payee), recorded by `by` and confirmed by `confirmer`. */
export async function payShare(
  w: World,
  dissolveId: EventId,
  to: string | { payee: string },
  amount: number,
  by = "alice",
  confirmer = "carol",
) {
  const payee = typeof to === "string" ? memberPayee(w.id(to)) : to.payee;
  const e = await w.add(by, "ledger.payout", { spend: dissolveId, amount, payee, memo: `Share for ${payee}` });
  await w.confirm(confirmer, e.id);
  return e;
}

export async function refund(w: World, member: string, amount: number, by = "alice", confirmer = "carol") {
  const e = await w.add(by, "ledger.refund", { member: w.id(member), amount, memo: `Buy-in back to ${member}` });
  await w.confirm(confirmer, e.id);
  return e;
}

/** Everything the dissolution says is still owed: refunds plus unpaid shares. */
export function owedTotal(s: PoolState): number {
  const d = s.dissolution;
  if (!d) return 0;
  return d.refunds.reduce((a, r) => a + r.owed, 0) + d.shares.reduce((a, r) => a + r.owed, 0);
}
