import { createSignal, For, Show } from "solid-js";
import { type Choice, describeBallot, type ProposalView } from "../../core/index.ts";
import type { PoolActions } from "../../state/poolActions.ts";
import { createAction } from "../components/action.ts";
import { ErrorText, Notice } from "../components/Notice.tsx";

const LABEL: Record<Choice, string> = { yes: "Vote yes", no: "Vote no", abstain: "Abstain", block: "Block" };

/**
 * Vote or change a vote until the close. Before a vote that closes the proposal (the last one
 * under "close when all voted") the app says so: nobody can change their mind after it.
 */
export function VotePanel(props: { proposal: ProposalView; me: string; now: number; actions: PoolActions }) {
  const p = () => props.proposal;
  const mine = () => p().votes[props.me];
  const [reason, setReason] = createSignal("");
  const vote = createAction(
    (c: Choice) => props.actions.castVote(p().id, c, reason()),
    () => setReason(""),
  );
  const choices = (): Choice[] => (p().rules.allowBlock ? ["yes", "no", "abstain", "block"] : ["yes", "no", "abstain"]);
  const closesWithMine = () =>
    p().rules.closeWhenAllVoted && !mine() && p().notVoted.length === 1 && p().notVoted[0] === props.me;
  const minCloseReached = () => props.now >= p().at + p().rules.minVotingHours * 3600_000;
  return (
    <section class="card" aria-labelledby="vote-title">
      <h2 id="vote-title" style={{ "margin-top": 0 }}>
        Your vote
      </h2>
      <Show when={mine()} fallback={<p>You have not voted yet.</p>}>
        <p>
          You voted <strong>{describeBallot(p().spec, mine()!.choice)}</strong>. You can change your vote until voting
          closes.
        </p>
      </Show>
      <Show when={closesWithMine()}>
        <Notice kind="warn">
          You are the last to vote:{" "}
          {minCloseReached() ? "voting closes with your vote" : "once the shortest voting time is over, voting closes"},
          and after that nobody can change their vote.
        </Notice>
      </Show>
      <fieldset class="choices">
        <legend class="sr-only">Choices</legend>
        <For each={choices()}>
          {(c) => (
            <button
              type="button"
              class={mine()?.choice === c ? "primary" : undefined}
              aria-pressed={mine()?.choice === c}
              disabled={vote.busy()}
              onClick={() => void vote.run(c)}
            >
              {mine()?.choice === c ? (
                <span class="check-mark" aria-hidden="true">
                  ✓
                </span>
              ) : null}
              {LABEL[c]}
            </button>
          )}
        </For>
      </fieldset>
      <label for="vote-reason">
        Reason (optional)<span class="hint">Up to 200 characters, shown with your vote.</span>
      </label>
      <input id="vote-reason" maxLength={200} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      <ErrorText error={vote.error()} />
    </section>
  );
}
