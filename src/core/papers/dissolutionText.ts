import type { MemberId } from "../events/types.ts";
import type { PoolState } from "../pool/poolState.ts";
import type { PaperBlock, PaperFormat } from "./paperDoc.ts";

/** The dissolution rule as docs/rules.md states it, for the agreement. */
export const DISSOLUTION_RULE =
  "The members may wind the pool up by a passed dissolve proposal, decided with the support needed to change the rules. Once its confirmed result applies, nothing new may be proposed and no spend authorises any further payout. What remains is owed in this order: first every buy-in not yet refunded (to members still active, and to members who left when refunds on leaving applied); then the rest is either split among the members active at the confirmation, equally or in proportion to their confirmed contributions (to the cent, by largest remainder, the odd cent going to the smaller member id), or paid to one named payee such as another co-op or a charity. Refunds and payouts are recorded and confirmed like any entry; a payout beyond what is owed is flagged. The pool is closed when its balance reaches zero.";

/** The state of a dissolution under way, if there is one. */
export function dissolutionBlocks(state: PoolState, f: PaperFormat, name: (id: MemberId) => string): PaperBlock[] {
  const d = state.dissolution;
  if (!d) return [];
  const method =
    typeof d.split === "object"
      ? `to ${d.split.payee}`
      : d.split === "equal"
        ? "equally among the members active then"
        : "in proportion to confirmed contributions";
  return [
    {
      kind: "p",
      text: `The members voted to dissolve the pool; the result was confirmed on ${f.date(d.at)}. The rest is paid ${method}. ${d.closed ? "The balance is zero: the pool is closed." : `Still held: ${f.money(state.ledger.balance)}.`}`,
    },
    {
      kind: "table",
      caption: "What the dissolution owes",
      head: ["Owed to", "For", "Amount", "Paid", "Still owed"],
      rows: [
        ...d.refunds.map((r) => [name(r.member), "Buy-in refund", f.money(r.owed), "", f.money(r.owed)]),
        ...d.shares.map((s) => [
          s.member ? name(s.member) : s.payee,
          "Share of the rest",
          f.money(s.share),
          f.money(s.paid),
          f.money(s.owed),
        ]),
      ],
    },
  ];
}
