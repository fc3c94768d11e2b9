import { For, Show } from "solid-js";
import type { MemberId, PoolState } from "../../core/index.ts";
import { awaitingMyVote, openProposals } from "../../state/selectors.ts";
import { Empty } from "../components/Notice.tsx";
import { href } from "../router.ts";
import { ProposalRow } from "./ProposalRow.tsx";

/** The open proposals of a pool or flood, marking those that wait for my vote, with a way to propose. */
export function OpenProposals(props: { poolId: string; state: PoolState; me: MemberId | undefined; now: number }) {
  const open = () => openProposals(props.state);
  const mine = () => new Set(awaitingMyVote(props.state, props.me).map((p) => p.id));
  return (
    <>
      <div class="section-head">
        <h2>Open proposals</h2>
        <a class="button" href={href("pool", props.poolId, "proposals", "new")}>
          Propose
        </a>
      </div>
      <Show
        when={open().length > 0}
        fallback={
          <div class="card">
            <Empty>Nothing to vote on right now.</Empty>
          </div>
        }
      >
        <ul class="list card" aria-label="Open proposals">
          <For each={open()}>
            {(p) => (
              <ProposalRow
                poolId={props.poolId}
                proposal={p}
                currency={props.state.currency}
                now={props.now}
                awaitingMe={mine().has(p.id)}
              />
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
