import { createSignal, For, Index, Show } from "solid-js";
import { POLL_LIMITS, type PollMethodName, type ProposalSpec, validatePollData } from "../../../core/index.ts";
import { reasonText } from "./pollText.ts";

export const METHOD_LABEL: Record<PollMethodName, string> = {
  "choose-one": "Choose one",
  "choose-many": "Choose several",
  ranked: "Rank them (instant runoff)",
  score: "Score each from 0 to 5",
  "meeting-time": "Find a meeting time",
};

const METHODS = Object.keys(METHOD_LABEL) as PollMethodName[];

/** What a person is typing for a new poll; `spec` turns it into a proposal or says what is missing. */
export function createPollDraft() {
  const [question, setQuestion] = createSignal("");
  const [method, setMethod] = createSignal<PollMethodName>("choose-one");
  const [options, setOptions] = createSignal<string[]>(["", ""]);
  const [max, setMax] = createSignal("2");
  const spec = (): { ok: true; spec: ProposalSpec } | { ok: false; error: string } => {
    const m = method();
    // A meeting time is typed in the phone's own time zone and stored as an exact instant.
    const opts = options()
      .map((o) => o.trim())
      .filter((o) => o !== "")
      .map((o) => (m === "meeting-time" ? new Date(o).toISOString() : o));
    const methodSpec = m === "choose-many" ? { kind: m, max: Number(max()) } : { kind: m };
    const data = { question: question().trim(), options: opts, method: methodSpec };
    const checked = validatePollData(data);
    if (!checked.ok) return { ok: false, error: reasonText(checked) };
    return { ok: true, spec: { kind: "poll", ...checked.value } };
  };
  return { question, setQuestion, method, setMethod, options, setOptions, max, setMax, spec };
}

export type PollDraft = ReturnType<typeof createPollDraft>;

/** The fields of a new poll: the question, its options (date-times for a meeting), and how to count. */
export function PollFields(props: { draft: PollDraft }) {
  const d = props.draft;
  const setOption = (i: number, value: string) => d.setOptions(d.options().map((o, k) => (k === i ? value : o)));
  const meeting = () => d.method() === "meeting-time";
  return (
    <fieldset>
      <legend>Poll</legend>
      <label for="poll-question">Question</label>
      <input
        id="poll-question"
        value={d.question()}
        maxLength={POLL_LIMITS.questionChars}
        placeholder="Where do we eat on Saturday?"
        onInput={(e) => d.setQuestion(e.currentTarget.value)}
      />
      <label for="poll-method">How members answer</label>
      <select
        id="poll-method"
        value={d.method()}
        onChange={(e) => d.setMethod(e.currentTarget.value as PollMethodName)}
      >
        <For each={METHODS}>{(m) => <option value={m}>{METHOD_LABEL[m]}</option>}</For>
      </select>
      <Show when={d.method() === "choose-many"}>
        <label for="poll-max">Most options one member may choose</label>
        <input id="poll-max" inputmode="numeric" value={d.max()} onInput={(e) => d.setMax(e.currentTarget.value)} />
      </Show>
      <Index each={d.options()}>
        {(o, i) => (
          <div class="row">
            <div class="grow">
              <label for={`poll-option-${i}`}>{meeting() ? `Date and time ${i + 1}` : `Option ${i + 1}`}</label>
              <input
                id={`poll-option-${i}`}
                type={meeting() ? "datetime-local" : "text"}
                maxLength={POLL_LIMITS.optionChars}
                value={o()}
                onInput={(e) => setOption(i, e.currentTarget.value)}
              />
            </div>
            <Show when={d.options().length > POLL_LIMITS.minOptions}>
              <button
                type="button"
                aria-label={`Remove option ${i + 1}`}
                style={{ "align-self": "flex-end" }}
                onClick={() => d.setOptions(d.options().filter((_, k) => k !== i))}
              >
                ✕
              </button>
            </Show>
          </div>
        )}
      </Index>
      <Show when={d.options().length < POLL_LIMITS.maxOptions}>
        <div class="actions">
          <button type="button" onClick={() => d.setOptions([...d.options(), ""])}>
            Add {meeting() ? "a date" : "an option"}
          </button>
        </div>
      </Show>
    </fieldset>
  );
}
