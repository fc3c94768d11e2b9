import { For, type JSX, Show } from "solid-js";
import { awaitingMyVote, proposalsByStatus } from "../../state/selectors.ts";
import { Empty } from "../components/Notice.tsx";
import { href } from "../router.ts";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";
import { ProposalRow } from "./ProposalRow.tsx";
import { RoundsUnderWay } from "./rounds/RoundLinks.tsx";

/** Every proposal: open ones first, then those waiting for their seal, then decided ones. */
export function Proposals(props: PoolScreenProps) {
  return (
    <PoolFrame app={props.app} poolId={props.poolId} tab="proposals" title={() => "Proposals"}>
      {(v) => {
        const groups = () => proposalsByStatus(v().state);
        const mine = () => new Set(awaitingMyVote(v().state, v().me).map((p) => p.id));
        const section = (title: string, list: ReturnType<typeof groups>["open"], empty?: JSX.Element) => (
          <Show when={list.length > 0 || empty}>
            <h2>{title}</h2>
            <Show when={list.length > 0} fallback={<div class="card">{empty}</div>}>
              <ul class="list card" aria-label={title}>
                <For each={list}>
                  {(p) => (
                    <ProposalRow
                      poolId={props.poolId}
                      proposal={p}
                      currency={v().state.currency}
                      now={v().now}
                      awaitingMe={mine().has(p.id)}
                    />
                  )}
                </For>
              </ul>
            </Show>
          </Show>
        );
        return (
          <>
            <a class="button primary wide" href={href("pool", props.poolId, "proposals", "new")}>
              New proposal
            </a>
            <RoundsUnderWay state={v().state} poolId={props.poolId} me={v().me} now={v().now} />
            {section(
              "Open",
              groups().open,
              <Empty>No open proposals. Anything the group should decide? Propose it.</Empty>,
            )}
            {section("Closed, waiting to be sealed", groups().closed)}
            {section("Decided", groups().done)}
          </>
        );
      }}
    </PoolFrame>
  );
}
