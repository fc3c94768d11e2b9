import { For, Show } from "solid-js";
import {
  type DecidedView,
  isContested,
  myMissingVote,
  needsSeal,
  type PoolState,
  type ProposalView,
  sealsToConfirm,
} from "../../core/index.ts";
import { whyNotConfirmable } from "../../state/commands/proposals.ts";
import type { PoolActions } from "../../state/poolActions.ts";
import { isActiveMember, memberName } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { ErrorText, Notice } from "../components/Notice.tsx";
import { SealActions } from "../components/SealActions.tsx";
import { formatDateTime, plural } from "../format.ts";

/**
 * After the close: a member of the proposal's electorate seals the count they hold; another one
 * confirms it, and then the result is final. A phone confirms only a seal that misses no vote it holds.
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
                canSeal={needsSeal(p(), props.now) && p().electorate.includes(props.me)}
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
        {(d) => <DecidedResult {...props} decided={d()} />}
      </Show>
    </section>
  );
}

/**
 * A confirmed result: final, except that a voter the seal left out may restore their own vote
 * within the pool's restore window. This phone says so when it holds such a vote ("contested"),
 * offers the restore to its voter, and shows a result that restorations flipped as overturned.
 */
function DecidedResult(props: {
  state: PoolState;
  proposal: ProposalView;
  me: string;
  now: number;
  actions: PoolActions;
  decided: DecidedView;
}) {
  const p = () => props.proposal;
  const d = () => props.decided;
  const name = (m: string) => memberName(props.state, m, props.me);
  const sealer = () => p().seals.find((x) => x.id === d().seal)?.by ?? "";
  const mine = () => myMissingVote(p(), props.me, props.now);
  const restore = createAction(() => props.actions.restoreMyVote(p().id));
  return (
    <>
      <Show when={d().overturned}>
        <div data-testid="overturned">
          <Notice kind="warn">
            Result overturned: {plural(d().restored.length, "vote")} left out of the seal{" "}
            {d().restored.length === 1 ? "was" : "were"} restored by{" "}
            {d().restored.length === 1 ? "its voter" : "their voters"}, and the result is now{" "}
            {d().tally.passed ? "passed" : "failed"} (the seal said {d().sealTally.passed ? "passed" : "failed"}).
          </Notice>
        </div>
      </Show>
      <Show when={isContested(d(), props.now)}>
        <div data-testid="contested">
          <Notice kind="warn">
            Contested: this phone holds {plural(d().missing.length, "vote")} cast before the close that the confirmed
            count leaves out (
            {d()
              .missing.map((m) => name(m.voter))
              .join(", ")}
            ). Until {formatDateTime(d().restoreUntil)} {d().missing.length === 1 ? "its voter" : "each voter"} may
            restore it, and the result is counted again.
          </Notice>
        </div>
      </Show>
      <Show when={mine()}>
        <div class="actions">
          <button class="primary" type="button" disabled={restore.busy()} onClick={() => void restore.run()}>
            Restore my vote
          </button>
        </div>
        <p class="small muted">
          Your vote was left out of the confirmed count. Restoring it puts it back, for everyone.
        </p>
        <ErrorText error={restore.error()} />
      </Show>
      <p>
        Sealed by {name(sealer())} and confirmed. Votes that arrive later change nothing, except a vote left out of the
        seal that its voter restores within {plural(p().rules.restoreHours, "hour")} of the confirmation.
      </p>
    </>
  );
}
