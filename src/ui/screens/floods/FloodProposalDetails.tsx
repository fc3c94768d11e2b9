import { Match, Show, Switch } from "solid-js";
import type { PoolState, ProposalView } from "../../../core/index.ts";
import type { AppState } from "../../../state/app.ts";
import { Money } from "../../components/Money.tsx";
import { href } from "../../router.ts";

/** What a pool's flood.join or flood.leave proposal asks, on its detail screen. Nothing for other kinds. */
export function FloodProposalDetails(props: { app: AppState; state: PoolState; proposal: ProposalView }) {
  const spec = () => props.proposal.spec;
  const floodName = (id: string) => props.app.pool(id)?.state()?.name;
  return (
    <Switch>
      <Match when={spec().kind === "flood.join" && (spec() as { flood: string; amount: number })}>
        {(s) => (
          <p>
            Join the flood <strong>{floodName(s().flood) ?? "named in the link"}</strong>, committing up to{" "}
            <strong>
              <Money amount={s().amount} currency={props.state.currency} />
            </strong>{" "}
            of the pool's money to it.
            <Show when={props.proposal.spend}>
              {(sp) => (
                <span class="small muted">
                  {" "}
                  Paid to the flood so far: <Money amount={sp().paid} currency={props.state.currency} />.
                </span>
              )}
            </Show>
            <Show when={floodName(s().flood)}>
              {" "}
              <a href={href("pool", s().flood)}>Open the flood</a>
            </Show>
          </p>
        )}
      </Match>
      <Match when={spec().kind === "flood.leave" && (spec() as { flood: string })}>
        {(s) => (
          <p>
            Leave the flood <strong>{floodName(s().flood) ?? "this pool is in"}</strong>. The pool is then owed its part
            of the flood's unspent money, in proportion to what it put in.
          </p>
        )}
      </Match>
    </Switch>
  );
}
