/**
 * Where a budget round shows up outside its own screen: the overview and proposals list (rounds
 * under way, each a link) and the round proposal itself (what it asks, and the way in once the
 * round is open).
 */
import { For, Show } from "solid-js";
import type { PoolState, ProposalView } from "../../../core/index.ts";
import { myRemaining, needsRoundSeal, roundPhase, roundsUnderWay, roundTitle } from "../../../state/rounds.ts";
import { Money } from "../../components/Money.tsx";
import { formatDateTime, timeLeft } from "../../format.ts";
import { href } from "../../router.ts";
import "./rounds.css";

export function RoundsUnderWay(props: { state: PoolState; poolId: string; me: string; now: number }) {
  const rounds = () => roundsUnderWay(props.state);
  return (
    <Show when={rounds().length > 0}>
      <h2>Budget rounds</h2>
      <ul class="list card" aria-label="Budget rounds">
        <For each={rounds()}>
          {(r) => (
            <li>
              <a class="link-row" href={href("pool", props.poolId, "round", r.id)}>
                <div class="row">
                  <strong class="grow">{roundTitle(props.state, r)}</strong>
                  <Money amount={r.amount} currency={props.state.currency} />
                </div>
                <div class="row small muted">
                  <span>
                    {roundPhase(r, props.now) === "open"
                      ? `Budget round open · ${timeLeft(r.closesAt, props.now)}`
                      : needsRoundSeal(r, props.now)
                        ? "Budget round closed · seal the result"
                        : "Budget round closed · waiting for confirmation"}
                  </span>
                  <span>{r.buckets.filter((b) => !b.cancelled).length} buckets</span>
                </div>
                <Show when={roundPhase(r, props.now) === "open" && myRemaining(r, props.me) > 0}>
                  <span class="badge warn">
                    You have <Money amount={myRemaining(r, props.me)} currency={props.state.currency} /> to give
                  </span>
                </Show>
              </a>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

/** On a `round` proposal: the amount, the dates and the cap; once the round is open, the way in. */
export function RoundProposalDetails(props: { state: PoolState; proposal: ProposalView; poolId: string }) {
  const spec = () =>
    props.proposal.spec as { amount: number; roundClosesAt: number; bucketDeadline: number; bucketCap?: number };
  const round = () => props.state.rounds[props.proposal.id];
  return (
    <>
      <p>
        A budget round of{" "}
        <strong>
          <Money amount={spec().amount} currency={props.state.currency} />
        </strong>
        : buckets can be proposed until {formatDateTime(spec().bucketDeadline)}, and members give their share until{" "}
        {formatDateTime(spec().roundClosesAt)}.
        <Show when={spec().bucketCap !== undefined}>
          {" "}
          One bucket may get at most <Money amount={spec().bucketCap ?? 0} currency={props.state.currency} />.
        </Show>
      </p>
      <Show when={round()}>
        <a class="button primary wide" href={href("pool", props.poolId, "round", props.proposal.id)}>
          {round()?.status === "decided" ? "See the budget round" : "Open the budget round"}
        </a>
      </Show>
    </>
  );
}
