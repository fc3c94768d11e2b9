import { createSignal, For, Index, Match, Show, Switch } from "solid-js";
import {
  describePollChoice,
  MEETING_MARKS,
  type MeetingMark,
  type PollChoice,
  type PollData,
  type ProposalView,
  validatePollChoice,
} from "../../../core/index.ts";
import type { PoolActions } from "../../../state/poolActions.ts";
import { createAction } from "../../components/action.ts";
import { ErrorText } from "../../components/Notice.tsx";
import { formatDateTime } from "../../format.ts";
import { reasonText } from "./pollText.ts";
import { RankingList } from "./RankingList.tsx";

export const MARK_LABEL: Record<MeetingMark, string> = { yes: "Yes", "if-need-be": "If need be", no: "No" };
const SCORES = [0, 1, 2, 3, 4, 5];

/** The poll a proposal view asks. */
export function pollOfView(p: ProposalView): PollData | undefined {
  const s = p.spec;
  return s.kind === "poll" ? { question: s.question, options: s.options, method: s.method } : undefined;
}

/** An option as people read it: a meeting time in this phone's time zone. */
export function optionLabel(poll: PollData, i: number): string {
  const o = poll.options[i] ?? "";
  return poll.method.kind === "meeting-time" ? formatDateTime(Date.parse(o)) : o;
}

/**
 * Vote on a poll with a thumb: big toggle buttons to choose, 0–5 segmented buttons to score,
 * yes / if need be / no per date, and a ranking to drag or move with buttons. Nothing is sent
 * until "Cast my ballot"; until the close the ballot can be changed.
 */
export function PollVotePanel(props: { proposal: ProposalView; me: string; actions: PoolActions }) {
  const p = () => props.proposal;
  const poll = () => pollOfView(p()) as PollData;
  const n = () => poll().options.length;
  const labels = () => poll().options.map((_, i) => optionLabel(poll(), i));
  const mine = () => {
    const c = p().votes[props.me]?.choice;
    return c !== undefined && typeof c !== "string" ? c : undefined;
  };
  const start = mine();
  const [picks, setPicks] = createSignal<number[]>(
    start && "pick" in start ? [start.pick] : start && "picks" in start ? start.picks : [],
  );
  const [order, setOrder] = createSignal<number[]>(
    start && "ranking" in start
      ? [...start.ranking, ...Array.from({ length: n() }, (_, i) => i).filter((i) => !start.ranking.includes(i))]
      : Array.from({ length: n() }, (_, i) => i),
  );
  const [scores, setScores] = createSignal<(number | undefined)[]>(
    start && "scores" in start ? start.scores : Array.from({ length: n() }, () => undefined),
  );
  const [marks, setMarks] = createSignal<(MeetingMark | undefined)[]>(
    start && "marks" in start ? start.marks : Array.from({ length: n() }, () => undefined),
  );
  const max = () => (poll().method.kind === "choose-many" ? (poll().method as { max: number }).max : 1);

  const toggle = (i: number) => {
    if (poll().method.kind === "choose-one") return setPicks([i]);
    const now = picks();
    if (now.includes(i)) setPicks(now.filter((x) => x !== i));
    else if (now.length < max()) setPicks([...now, i]);
  };
  const ballot = (): PollChoice | string => {
    const kind = poll().method.kind;
    if (kind === "choose-one")
      return picks()[0] === undefined ? "Choose an option first." : { pick: picks()[0] as number };
    if (kind === "choose-many") return { picks: [...picks()].sort((a, b) => a - b) };
    if (kind === "ranked") return { ranking: order() };
    if (kind === "score") {
      const s = scores();
      return s.every((x) => x !== undefined) ? { scores: s as number[] } : "Give every option a score from 0 to 5.";
    }
    const m = marks();
    return m.every((x) => x !== undefined)
      ? { marks: m as MeetingMark[] }
      : "Answer yes, if need be or no for every date.";
  };
  const cast = createAction(async () => {
    const b = ballot();
    if (typeof b === "string") return { ok: false as const, error: b };
    const checked = validatePollChoice(poll(), b);
    if (!checked.ok) return { ok: false as const, error: reasonText(checked) };
    return props.actions.castVote(p().id, checked.value);
  });

  return (
    <section class="card" aria-labelledby="ballot-title">
      <h2 id="ballot-title" style={{ "margin-top": 0 }}>
        Your ballot
      </h2>
      <Show when={mine()} fallback={<p>You have not voted yet.</p>}>
        {(c) => (
          <p data-testid="my-ballot">
            You voted: <strong>{describePollChoice({ ...poll(), options: labels() }, c())}</strong>. You can change it
            until voting closes.
          </p>
        )}
      </Show>
      <Switch>
        <Match when={poll().method.kind === "choose-one" || poll().method.kind === "choose-many"}>
          <p class="small muted">{poll().method.kind === "choose-one" ? "Choose one." : `Choose up to ${max()}.`}</p>
          <fieldset class="choices poll-choices">
            <legend class="sr-only">Options</legend>
            <Index each={labels()}>
              {(label, i) => (
                <button type="button" aria-pressed={picks().includes(i)} onClick={() => toggle(i)}>
                  <Show when={picks().includes(i)}>
                    <span class="check-mark" aria-hidden="true">
                      ✓
                    </span>
                  </Show>
                  {label()}
                </button>
              )}
            </Index>
          </fieldset>
        </Match>
        <Match when={poll().method.kind === "ranked"}>
          <p class="small muted">
            Drag the options into your order, or move them with the arrows. Most preferred first.
          </p>
          <RankingList options={labels()} order={order()} onChange={setOrder} />
        </Match>
        <Match when={poll().method.kind === "score"}>
          <Index each={labels()}>
            {(label, i) => (
              <fieldset class="poll-line">
                <legend class="poll-line-label">{label()}</legend>
                <div class="segmented">
                  <For each={SCORES}>
                    {(s) => (
                      <button
                        type="button"
                        aria-pressed={scores()[i] === s}
                        aria-label={`${label()}: ${s} of 5`}
                        onClick={() => setScores(scores().map((x, k) => (k === i ? s : x)))}
                      >
                        {s}
                      </button>
                    )}
                  </For>
                </div>
              </fieldset>
            )}
          </Index>
        </Match>
        <Match when={poll().method.kind === "meeting-time"}>
          <Index each={labels()}>
            {(label, i) => (
              <fieldset class="poll-line">
                <legend class="poll-line-label">{label()}</legend>
                <div class="segmented">
                  <For each={MEETING_MARKS}>
                    {(m) => (
                      <button
                        type="button"
                        aria-pressed={marks()[i] === m}
                        aria-label={`${label()}: ${MARK_LABEL[m]}`}
                        onClick={() => setMarks(marks().map((x, k) => (k === i ? m : x)))}
                      >
                        {MARK_LABEL[m]}
                      </button>
                    )}
                  </For>
                </div>
              </fieldset>
            )}
          </Index>
        </Match>
      </Switch>
      <ErrorText error={cast.error()} />
      <button class="primary wide" type="button" disabled={cast.busy()} onClick={() => void cast.run()}>
        {mine() ? "Change my ballot" : "Cast my ballot"}
      </button>
    </section>
  );
}
