/** What a proposal would do, spelled out by kind: the spend, the rule changes, the dissolution. */
import { For, Match, Show, Switch } from "solid-js";
import type { PoolState, ProposalView, Rules } from "../../core/index.ts";
import { memberName } from "../../state/selectors.ts";
import { Money } from "../components/Money.tsx";
import { formatMoney } from "../format.ts";

const RULE_LABEL: Record<keyof Rules, string> = {
  threshold: "Support needed",
  quorum: "Turnout needed",
  allowBlock: "Block votes",
  votingDays: "Usual voting time",
  minVotingHours: "Shortest voting time",
  closeWhenAllVoted: "Close when everyone has voted",
  sealAfterHours: "Wait for late offline votes",
  buyIn: "Buy-in",
  refundOnLeave: "Refund buy-in on leaving",
  confirmBy: "Ledger entries confirmed by",
  treasurers: "Treasurers",
  amendThreshold: "Support needed to change rules",
  restoreHours: "Time to restore a vote left out of a seal",
  admission: "Admission",
  dues: "Dues",
  duesToVote: "Only members up to date with dues vote",
};

function ruleValue(state: PoolState, key: keyof Rules, value: unknown): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (key === "buyIn") return formatMoney(value as number, state.currency);
  if (key === "dues") {
    const dues = value as Rules["dues"];
    return dues ? `${formatMoney(dues.amount, state.currency)} every ${dues.every}` : "none";
  }
  if (key === "threshold" || key === "quorum" || key === "amendThreshold") return `${value}%`;
  if (key === "votingDays") return `${value} days`;
  if (key === "minVotingHours" || key === "sealAfterHours" || key === "restoreHours") return `${value} hours`;
  if (key === "treasurers") return (value as string[]).map((m) => memberName(state, m)).join(", ") || "none";
  return String(value);
}

/** What a dissolve proposal would do, in the words of docs/rules.md. */
function dissolveText(split: "equal" | "contributed" | { payee: string }): string {
  const rest =
    typeof split === "object"
      ? `everything left goes to ${split.payee}`
      : split === "equal"
        ? "what is left is split equally among the members"
        : "what is left is split in proportion to what each member contributed";
  return `Dissolve the pool: nothing new can be proposed or spent; buy-ins are refunded first, then ${rest}, to the cent.`;
}

export function SpecDetails(props: { state: PoolState; proposal: ProposalView; me: string }) {
  const spec = () => props.proposal.spec;
  return (
    <Switch>
      <Match when={spec().kind === "spend" && (spec() as { amount: number; payee: string })}>
        {(s) => (
          <p>
            Spend{" "}
            <strong>
              <Money amount={s().amount} currency={props.state.currency} />
            </strong>{" "}
            paid to <strong>{s().payee}</strong>.
            <Show when={props.proposal.spend}>
              {(sp) => (
                <span class="small muted">
                  {" "}
                  Paid so far: <Money amount={sp().paid} currency={props.state.currency} />
                  {sp().cancelled ? " · cancelled" : sp().waiting ? " · waiting for funds" : ""}.
                </span>
              )}
            </Show>
          </p>
        )}
      </Match>
      <Match
        when={
          spec().kind === "poll" &&
          (spec() as { question: string }).question !== props.proposal.title &&
          (spec() as { question: string })
        }
      >
        {(s) => (
          <p>
            Poll: <strong>{s().question}</strong>
          </p>
        )}
      </Match>
      <Match when={spec().kind === "cancel-spend" && (spec() as { spend: string })}>
        {(s) => <p>Cancel the unpaid part of “{props.state.proposals[s().spend]?.title ?? "a spend"}”.</p>}
      </Match>
      <Match when={spec().kind === "remove-member" && (spec() as { member: string })}>
        {(s) => <p>Remove {memberName(props.state, s().member, props.me)} from the pool.</p>}
      </Match>
      <Match when={spec().kind === "dissolve" && (spec() as Extract<ProposalView["spec"], { kind: "dissolve" }>)}>
        {(s) => <p>{dissolveText(s().split)}</p>}
      </Match>
      <Match when={spec().kind === "rules" && (spec() as { changes: Partial<Rules> })}>
        {(s) => (
          <ul>
            <For each={Object.entries(s().changes) as [keyof Rules, unknown][]}>
              {([k, val]) => (
                <li>
                  {RULE_LABEL[k]}: {ruleValue(props.state, k, props.proposal.rules[k])} →{" "}
                  <strong>{ruleValue(props.state, k, val)}</strong>
                </li>
              )}
            </For>
          </ul>
        )}
      </Match>
    </Switch>
  );
}
