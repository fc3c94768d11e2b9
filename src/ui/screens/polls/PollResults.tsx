import { For, Index, Show } from "solid-js";
import type { PollData, PollResult, RunoffRound } from "../../../core/index.ts";
import { plural } from "../../format.ts";
import { optionLabel } from "./PollVotePanel.tsx";

/** A share as a CSS width; bars are relative to the largest so the leader fills the row. */
const width = (n: number, of: number) => `${of <= 0 ? 0 : Math.round((100 * n) / of)}%`;

/**
 * A poll's result as bars that need no explanation: one bar per option with its number written
 * beside it, the leader marked in words; for a ranked poll every round, with who went out.
 */
export function PollResults(props: { poll: PollData; result: PollResult; final: boolean }) {
  const r = () => props.result;
  const label = (i: number) => optionLabel(props.poll, i);
  const leadWord = () => (r().leaders.length > 1 ? "Tied first" : props.final ? "Winner" : "Leading");
  const kind = () => props.poll.method.kind;
  return (
    <div class="poll-results" data-testid="poll-results">
      <p>
        <strong>{plural(r().ballots, "ballot")}</strong>
        <Show when={r().leaders.length > 0} fallback=" · nobody leads yet">
          {" "}
          · {leadWord()}: <strong data-testid="poll-leader">{r().leaders.map(label).join(", ")}</strong>
        </Show>
      </p>
      <Show when={kind() === "ranked" && r().ballots > 0 && r().runoff}>
        {(runoff) => (
          <For each={runoff().rounds}>
            {(round, i) => <RoundBars poll={props.poll} round={round} n={i() + 1} winner={runoff().winner} />}
          </For>
        )}
      </Show>
      <Show when={kind() === "meeting-time"}>
        <ul class="bars" aria-label="Answers per date">
          <For each={r().options}>
            {(o) => (
              <li classList={{ leader: r().leaders.includes(o.option) }}>
                <span class="bar-label">{label(o.option)}</span>
                <span class="bar stacked" aria-hidden="true">
                  <span class="yes" style={{ width: width(o.yes ?? 0, r().ballots) }} />
                  <span class="maybe" style={{ width: width(o.ifNeedBe ?? 0, r().ballots) }} />
                  <span class="no" style={{ width: width(o.no ?? 0, r().ballots) }} />
                </span>
                <span class="bar-value">
                  {o.yes ?? 0} yes, {o.ifNeedBe ?? 0} if need be, {o.no ?? 0} no
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={kind() === "score"}>
        <ul class="bars" aria-label="Scores">
          <For each={r().options}>
            {(o) => (
              <li classList={{ leader: r().leaders.includes(o.option) }}>
                <span class="bar-label">{label(o.option)}</span>
                <span class="bar" aria-hidden="true">
                  <span style={{ width: width(o.scoreSum ?? 0, 5 * r().ballots) }} />
                </span>
                <span class="bar-value">
                  {o.scoreSum ?? 0} points, average {((o.meanHundredths ?? 0) / 100).toFixed(2)} of 5
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={kind() === "choose-one" || kind() === "choose-many"}>
        <ul class="bars" aria-label="Ballots per option">
          <For each={r().options}>
            {(o) => (
              <li classList={{ leader: r().leaders.includes(o.option) }}>
                <span class="bar-label">{label(o.option)}</span>
                <span class="bar" aria-hidden="true">
                  <span style={{ width: width(o.votes, r().ballots) }} />
                </span>
                <span class="bar-value">{plural(o.votes, "vote")}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

function RoundBars(props: { poll: PollData; round: RunoffRound; n: number; winner?: number }) {
  const out = (i: number) => props.round.eliminated.includes(i);
  const deciding = () => props.round.eliminated.length === 0;
  return (
    <section class="runoff-round" aria-label={`Round ${props.n}`}>
      <h3>
        Round {props.n}
        <span class="small muted">
          {" "}
          · {plural(props.round.live, "ballot")} counted
          {props.round.exhausted > 0 ? `, ${props.round.exhausted} with no choice left` : ""}
        </span>
      </h3>
      <ul class="bars">
        <Index each={props.round.counts}>
          {(c, i) => (
            <Show when={c() !== null}>
              <li classList={{ leader: deciding() && props.winner === i, out: out(i) }}>
                <span class="bar-label">{optionLabel(props.poll, i)}</span>
                <span class="bar" aria-hidden="true">
                  <span style={{ width: width(c() ?? 0, props.round.live) }} />
                </span>
                <span class="bar-value">
                  {plural(c() ?? 0, "vote")}
                  {out(i) ? " · out" : deciding() && props.winner === i ? " · wins" : ""}
                </span>
              </li>
            </Show>
          )}
        </Index>
      </ul>
    </section>
  );
}
