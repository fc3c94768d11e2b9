import { For, Show } from "solid-js";
import { needsSeal, type PoolState, type ProposalView, sealsToConfirm } from "../../core/index.ts";
import { whyNotConfirmable } from "../../state/commands/proposals.ts";
import type { PoolActions } from "../../state/poolActions.ts";
import { isActiveMember, memberName } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { ErrorText, Notice } from "../components/Notice.tsx";
import { SealActions } from "../components/SealActions.tsx";
import { formatDateTime, plural } from "../format.ts";

/**
 * After the close: any member seals the count they hold; another member confirms it, and then
 * the result is final. A phone confirms only a seal that misses no vote it holds.
 */
export function SealPanel(props: {
  state: PoolState;
  proposal: ProposalView;
  me: string;
  now: number;
  actions: PoolActions;
}) {
  const p = () => props.proposal;
  const name = (m: string) => memberName(props.state, m, props.me);
  const canAct = () => isActiveMember(props.state, props.me);
  const seal = createAction(() => props.actions.seal(p().id));
  const confirm = createAction(() => props.actions.confirmSeal(p().id));
  const confirmable = () => sealsToConfirm(props.state, props.me, props.now).some((s) => s.proposal === p().id);
  const myVote = () => p().votes[props.me]?.vote;
  const sealsMissingMine = () => (myVote() ? p().seals.filter((s) => !s.votes.includes(myVote()!)) : []);
  return (
    <section class="card" aria-labelledby="seal-title">
      <h2 id="seal-title" style={{ "margin-top": 0 }}>
        {p().decided ? "Final result" : "Sealing the result"}
      </h2>
      <Show
        when={p().decided}
        fallback={
          <>
            <p class="small">
              Votes cast offline before the close still count when they arrive. A member seals the count, another
              confirms it, and then the result is final.
            </p>
            <Show when={p().stale}>
              <Notice kind="warn">
                This phone treats this proposal as stale (it left out members or rules this phone already knew, or
                arrived too late to consider). It is shown, but this phone will not confirm it.
              </Notice>
            </Show>
            <ul class="list">
              <For each={p().seals}>
                {(s) => (
                  <li class="small">
                    Sealed by {name(s.by)} on {formatDateTime(s.at)}, counting {plural(s.votes.length, "vote")}.
                  </li>
                )}
              </For>
            </ul>
            <Show when={sealsMissingMine().length > 0}>
              <Notice kind="warn">
                Your vote is missing from {sealsMissingMine().length === p().seals.length ? "the seal" : "a seal"}. Seal
                the result again so it counts.
              </Notice>
            </Show>
            <Show when={canAct()}>
              <SealActions
                sealLabel="Seal the result"
                canSeal={needsSeal(p(), props.now)}
                canConfirm={confirmable()}
                seal={seal}
                confirm={confirm}
                whyNot={
                  !confirmable() && p().seals.some((s) => s.by !== props.me)
                    ? whyNotConfirmable(p(), props.me, props.now)
                    : undefined
                }
              />
              <Show
                when={!needsSeal(p(), props.now) && p().seals.every((s) => s.by === props.me) && p().seals.length > 0}
              >
                <p class="small muted">You sealed the count. Another member confirms it.</p>
              </Show>
            </Show>
            <ErrorText error={seal.error() ?? confirm.error()} />
          </>
        }
      >
        {(d) => {
          const s = () => p().seals.find((x) => x.id === d().seal);
          return (
            <p>
              Sealed by {name(s()?.by ?? "")} and confirmed. This result is final: votes that arrive later change
              nothing.
            </p>
          );
        }}
      </Show>
    </section>
  );
}
