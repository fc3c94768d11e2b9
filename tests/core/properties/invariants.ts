/**
 * What must hold in every derived state, whatever the history: checked by the property tests
 * on whole histories, on every prefix a device might hold, and after merges. Each check throws
 * with a message that names the rule it guards.
 */
import type { EventBody, EventId, LedgerEntryView, PoolState } from "../../../src/core/index.ts";

export type Bodies = ReadonlyMap<EventId, { body: EventBody }>;

function fail(rule: string, detail: unknown): never {
  throw new Error(`${rule}: ${JSON.stringify(detail, (_k, v) => (v === Number.POSITIVE_INFINITY ? "Infinity" : v))}`);
}

/** Every held event is counted, refused or pending, exactly once; the order respects parents. */
export function checkStructure(s: PoolState, held: Bodies): void {
  const seen = new Map<EventId, string>();
  const note = (id: EventId, where: string) => {
    if (seen.has(id)) fail("an event is in two places", { id, first: seen.get(id), second: where });
    seen.set(id, where);
  };
  for (const id of s.order) note(id, "order");
  for (const a of s.audit) note(a.id, "audit");
  for (const p of s.pending) note(p.id, "pending");
  if (seen.size !== held.size) fail("every event is counted, refused or pending", { seen: seen.size, held: held.size });
  const position = new Map(s.order.map((id, i) => [id, i]));
  for (const [i, id] of s.order.entries()) {
    for (const parent of held.get(id)?.body.parents ?? []) {
      const at = position.get(parent);
      if (at !== undefined && at >= i) fail("a parent comes before its child in the order", { id, parent });
    }
  }
  const referenced = new Set(s.order.flatMap((id) => held.get(id)?.body.parents ?? []));
  for (const h of s.heads) {
    if (!position.has(h)) fail("heads are valid events", h);
    if (referenced.has(h)) fail("a head has no valid child", h);
  }
  if ([...s.heads].sort().join() !== s.heads.join()) fail("heads are sorted", s.heads);
}

/** One person, one vote: counted votes come from the electorate, once each, and add up. */
export function checkVotes(s: PoolState, held: Bodies): void {
  for (const p of Object.values(s.proposals)) {
    const electorate = new Set(p.electorate);
    if (electorate.size !== p.electorate.length) fail("nobody is in an electorate twice", p.electorate);
    const voters = Object.keys(p.votes);
    for (const m of voters) if (!electorate.has(m)) fail("every counted voter is in the electorate", { p: p.id, m });
    const counts = { yes: 0, no: 0, abstain: 0, block: 0 };
    for (const [m, v] of Object.entries(p.votes)) {
      const e = held.get(v.vote)?.body;
      const d = e?.data as { proposal?: string; choice?: string } | undefined;
      if (e?.type !== "vote.cast" || e.by !== m || d?.proposal !== p.id || d.choice !== v.choice)
        fail("a counted vote is that member's own ballot on this proposal", { p: p.id, m, v });
      if (!s.order.includes(v.vote)) fail("only valid ballots count", v.vote);
      if (p.closedAt !== undefined && v.at > p.closedAt)
        fail("no ballot after the close counts", { v, closedAt: p.closedAt });
      counts[v.choice]++;
    }
    const t = p.tally;
    const cast = t.yes + t.no + t.abstain + t.block;
    if (t.electorate !== p.electorate.length) fail("the tally's electorate is the electorate", { p: p.id, t });
    if (cast > t.electorate) fail("counted votes never exceed the electorate", { p: p.id, t });
    if (t.yes !== counts.yes || t.no !== counts.no || t.abstain !== counts.abstain || t.block !== counts.block)
      fail("the tally counts each counted ballot once", { p: p.id, t, counts });
    if (t.passed && !(t.electorate > 0 && t.yes > t.no && t.yes * 100 >= 50 * (t.yes + t.no)))
      fail("a pass needs an electorate and more yes than no", { p: p.id, t });
    const notVoted = p.electorate.filter((m) => !(m in p.votes));
    if (notVoted.join() !== p.notVoted.join()) fail("notVoted is the electorate less the voters", { p: p.id });
    for (const seal of p.seals) {
      const st = seal.tally;
      const sc = st.yes + st.no + st.abstain + st.block;
      if (sc !== seal.votes.length || sc > st.electorate)
        fail("a seal counts its listed ballots, within its electorate", seal);
      const sealVoters = seal.votes.map((v) => held.get(v)?.body.by);
      if (new Set(sealVoters).size !== sealVoters.length) fail("a seal counts nobody twice", seal);
    }
    if (p.decided) {
      const seal = p.seals.find((x) => x.id === p.decided?.seal);
      if (!seal?.confirmed) fail("the decided seal is the confirmed one", p.decided);
      if (p.seals.filter((x) => x.confirmed).length !== 1) fail("exactly one seal is confirmed", p.seals);
      if (!s.order.includes(p.decided.confirmation)) fail("a decision comes from a valid confirmation", p.decided);
    }
  }
}

/** What an entry adds to the balance when counted, read from its own event (not from the view). */
function effectOf(entry: LedgerEntryView, held: Bodies, countedBefore: ReadonlyMap<EventId, number>): number {
  const d = held.get(entry.id)?.body.data as { amount?: number; entry?: EventId };
  switch (entry.type) {
    case "contribution":
      return d.amount as number;
    case "payout":
    case "refund":
      return -(d.amount as number);
    case "reversal": {
      // A reversal undoes its target if the target had counted; a target that had not never will.
      const undone = countedBefore.get(d.entry as EventId);
      return undone === undefined ? 0 : -undone;
    }
  }
}

/** The balance is the sum of counted entries, to the cent; reserved and available stay in bounds. */
export function checkLedger(s: PoolState, held: Bodies): void {
  const l = s.ledger;
  const byId = new Map(l.entries.map((e) => [e.id, e]));
  const counted = new Map<EventId, number>();
  let running = 0;
  for (const h of l.history) {
    const entry = byId.get(h.entry);
    if (!entry) fail("history lists ledger entries", h);
    if (counted.has(h.entry)) fail("an entry counts once", h);
    if (!s.order.includes(h.entry)) fail("only valid entries count", h);
    const effect = effectOf(entry, held, counted);
    counted.set(h.entry, effect);
    running += effect;
    if (h.balance !== running) fail("history balances are running sums", { h, running });
    if (entry.amount !== effect) fail("an entry's shown amount is its effect", { entry, effect });
  }
  if (l.balance !== running) fail("balance = confirmed in - confirmed out", { balance: l.balance, sum: running });
  for (const e of l.entries) {
    if (e.status === "confirmed" && !counted.has(e.id)) fail("a confirmed entry counts", e);
    if (e.status === "awaiting-confirmation" && counted.has(e.id))
      fail("an entry awaiting confirmation does not count", e);
  }
  if (l.available < 0) fail("available is never negative", l);
  if (l.reserved < 0 || l.reserved > Math.max(l.balance, 0)) fail("reserved is within the money in hand", l);
  if (l.available !== Math.max(0, l.balance - l.reserved)) fail("available = balance - reserved", l);
  if (l.shortfall < 0 || l.refundsOwed < 0) fail("shortfall and refunds owed are not negative", l);
  const owedByMembers = Object.values(s.members).reduce((sum, m) => sum + m.refundOwed, 0);
  if (owedByMembers !== l.refundsOwed) fail("refunds owed add up over members", { owedByMembers, l: l.refundsOwed });

  let paidToSpends = 0;
  let reservedForSpends = 0;
  for (const p of Object.values(s.proposals)) {
    const sp = p.spend;
    if (!sp) continue;
    if (sp.paid < 0) fail("a spend's paid part is never negative", { p: p.id, sp });
    if (sp.remaining < 0 || sp.remaining > sp.amount)
      fail("a spend's remaining part is within its amount", { p: p.id, sp });
    if (sp.reserved < 0 || sp.reserved > sp.remaining) fail("a spend reserves at most what remains", { p: p.id, sp });
    paidToSpends += sp.paid;
    reservedForSpends += sp.reserved;
  }
  if (reservedForSpends > l.reserved) fail("spend reservations are part of reserved", { reservedForSpends, l });
  // Every cent paid out counts against at most one spend, and only while the payout stands.
  let attributable = 0;
  for (const e of l.entries) {
    if (e.type !== "payout" || !counted.has(e.id) || e.status === "reversed") continue;
    if (e.notAuthorised === "no-passed-spend" || e.notAuthorised === "other-payee") continue;
    attributable += -e.amount;
  }
  if (paidToSpends !== attributable)
    fail("spends' paid parts are the payouts counted against them", { paidToSpends, attributable });
}

export function checkAll(s: PoolState, held: Bodies): void {
  checkStructure(s, held);
  checkVotes(s, held);
  checkLedger(s, held);
}
