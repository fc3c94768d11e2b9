import { Show } from "solid-js";
import type { ProposalView } from "../../core/index.ts";
import { Money } from "../components/Money.tsx";
import { timeLeft } from "../format.ts";
import { href } from "../router.ts";
import { KIND_LABEL, resultLabel } from "./proposalText.ts";

export function ProposalRow(props: {
  poolId: string;
  proposal: ProposalView;
  currency: string;
  now: number;
  awaitingMe?: boolean;
}) {
  const p = () => props.proposal;
  const cast = () => p().tally.yes + p().tally.no + p().tally.abstain + p().tally.block + (p().tally.ballots ?? 0);
  return (
    <li>
      <a class="link-row" href={href("pool", props.poolId, "proposal", p().id)}>
        <div class="row">
          <strong class="grow">{p().title}</strong>
          <Show when={p().spec.kind === "spend" || p().spec.kind === "round"}>
            <Money amount={(p().spec as { amount: number }).amount} currency={props.currency} />
          </Show>
        </div>
        <div class="row small muted">
          <span>
            {KIND_LABEL[p().spec.kind]} ·{" "}
            {p().status === "open" ? timeLeft(p().closedAt ?? p().closesAt, props.now) : resultLabel(p())}
          </span>
          <span>
            {cast()} of {p().tally.electorate} voted
          </span>
        </div>
        <Show when={props.awaitingMe}>
          <span class="badge warn">Awaiting your vote</span>
        </Show>
      </a>
    </li>
  );
}
