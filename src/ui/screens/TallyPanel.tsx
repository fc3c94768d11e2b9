import { For, Show } from "solid-js";
import { describeBallot, type PoolState, type ProposalView } from "../../core/index.ts";
import { memberName } from "../../state/selectors.ts";
import { PollResults } from "./polls/PollResults.tsx";
import { pollOfView } from "./polls/PollVotePanel.tsx";
import { FAIL_TEXT, resultLabel, stillNeededText } from "./proposalText.ts";

/** The running count (or the sealed result), who has not voted, and what is still needed. */
export function TallyPanel(props: { state: PoolState; proposal: ProposalView; me: string }) {
  const p = () => props.proposal;
  const t = () => p().tally;
  const cast = () => t().yes + t().no + t().abstain + t().block + (t().ballots ?? 0);
  const poll = () => pollOfView(p());
  const pct = (n: number) => `${t().electorate === 0 ? 0 : (100 * n) / t().electorate}%`;
  const final = () => p().status === "decided";
  return (
    <section class="card" aria-labelledby="count-title">
      <h2 id="count-title" style={{ "margin-top": 0 }}>
        {final() ? "Result" : p().status === "open" ? "Running count" : "Count at the close"}
      </h2>
      <Show
        when={poll()}
        fallback={
          <>
            <p data-testid="vote-count">
              <strong>
                {cast()} of {t().electorate}
              </strong>{" "}
              voted: {t().yes} yes, {t().no} no, {t().abstain} abstain
              {p().rules.allowBlock ? `, ${t().block} block` : ""}.
            </p>
            <div class="meter" aria-hidden="true">
              <span class="yes" style={{ width: pct(t().yes) }} />
              <span class="no" style={{ width: pct(t().no) }} />
              <span class="abstain" style={{ width: pct(t().abstain + t().block) }} />
            </div>
          </>
        }
      >
        {(poll) => (
          <>
            <p data-testid="vote-count">
              <strong>
                {cast()} of {t().electorate}
              </strong>{" "}
              voted.
            </p>
            <Show when={p().poll}>{(r) => <PollResults poll={poll()} result={r()} final={final()} />}</Show>
          </>
        )}
      </Show>
      <p data-testid="result" style={{ "margin-top": ".6rem" }}>
        <strong>{resultLabel(p())}</strong>
        <Show when={!t().passed && t().failReason && p().status !== "open" && p().status !== "withdrawn"}>
          : {FAIL_TEXT[t().failReason!]}.
        </Show>
      </p>
      <Show when={p().status === "open"}>
        <p class="small">{stillNeededText(p())}</p>
      </Show>
      <Show when={p().notVoted.length > 0 && p().status !== "withdrawn"}>
        <p class="small muted">
          Not voted{p().status === "open" ? " yet" : ""}:{" "}
          <For each={p().notVoted}>
            {(m, i) => (
              <>
                {i() > 0 ? ", " : ""}
                {memberName(props.state, m, props.me)}
              </>
            )}
          </For>
        </p>
      </Show>
      {/* There from the start while voting is open: the first vote to arrive must not push the
          vote buttons below down the screen under someone's finger. */}
      <Show when={Object.keys(p().votes).length > 0 || p().status === "open"}>
        <details>
          <summary>How each member voted</summary>
          <Show when={Object.keys(p().votes).length === 0}>
            <p class="small muted">No votes yet.</p>
          </Show>
          <ul class="list">
            <For each={Object.entries(p().votes)}>
              {([m, v]) => (
                <li>
                  <strong>{memberName(props.state, m, props.me)}</strong>: {describeBallot(p().spec, v.choice)}
                  <Show when={v.restored}>
                    {" "}
                    <span class="badge">restored</span>
                  </Show>
                  <Show when={v.arrivedAfterClose}>
                    {" "}
                    <span class="badge warn" title="This phone first received this vote after voting closed.">
                      arrived after the close
                    </span>
                  </Show>
                  <Show when={v.reason}>
                    <span class="muted"> — “{v.reason}”</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </section>
  );
}
