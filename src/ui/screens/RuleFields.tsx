import { createSignal, For, Show } from "solid-js";
import { isRuleValue, type RuleKey, type Rules } from "../../core/index.ts";
import { moneyInput } from "../format.ts";
import { parseMoney } from "../money.ts";
import { DuesFields } from "./DuesFields.tsx";

type NumberKey =
  | "threshold"
  | "quorum"
  | "votingDays"
  | "minVotingHours"
  | "sealAfterHours"
  | "amendThreshold"
  | "restoreHours";
type BoolKey = "allowBlock" | "closeWhenAllVoted" | "refundOnLeave" | "duesToVote";

const NUMBERS: { key: NumberKey; label: string; hint: string }[] = [
  { key: "threshold", label: "Support needed (%)", hint: "Share of yes among yes and no votes, 50 to 100." },
  { key: "quorum", label: "Turnout needed (%)", hint: "Share of members who must vote, 0 to 100." },
  { key: "votingDays", label: "Usual voting time (days)", hint: "1 to 90." },
  {
    key: "minVotingHours",
    label: "Shortest voting time (hours)",
    hint: "0 to 168. 0 lets a meetup decide on the spot.",
  },
  { key: "sealAfterHours", label: "Wait for late offline votes (hours)", hint: "0 to 168." },
  { key: "amendThreshold", label: "Support needed to change rules (%)", hint: "50 to 100." },
  {
    key: "restoreHours",
    label: "Time to restore a vote left out of a count (hours)",
    hint: "0 to 720, counted from the count's confirmation.",
  },
];

const BOOLS: { key: BoolKey; label: string }[] = [
  { key: "allowBlock", label: "One block vote stops a proposal (consensus)" },
  { key: "closeWhenAllVoted", label: "Close a proposal as soon as everyone has voted" },
  { key: "refundOnLeave", label: "Refund the buy-in of a member who leaves" },
  { key: "duesToVote", label: "Only members up to date with dues vote" },
];

/** The rules as a form; reports only the values that differ from the rules in force. */
export function RuleFields(props: {
  rules: Rules;
  currency: string;
  members: { id: string; name: string }[];
  onChange: (changes: Partial<Rules>) => void;
}) {
  const [draft, setDraft] = createSignal<Rules>({ ...props.rules, treasurers: [...props.rules.treasurers] });
  const [bad, setBad] = createSignal<string>();
  const update = <K extends RuleKey>(key: K, value: Rules[K] | undefined) => {
    if (value === undefined || !isRuleValue(key, value)) {
      setBad(`That value for “${String(key)}” is outside what the rules allow.` as string);
      return;
    }
    setBad(undefined);
    const next = { ...draft(), [key]: value };
    setDraft(next);
    const changes: Partial<Rules> = {};
    for (const k of Object.keys(next) as RuleKey[]) {
      if (JSON.stringify(next[k]) !== JSON.stringify(props.rules[k])) (changes as Record<string, unknown>)[k] = next[k];
    }
    props.onChange(changes);
  };
  return (
    <fieldset>
      <legend>New rules</legend>
      <For each={NUMBERS}>
        {(f) => (
          <>
            <label for={`rule-${f.key}`}>
              {f.label}
              <span class="hint">{f.hint}</span>
            </label>
            <input
              id={`rule-${f.key}`}
              inputmode="numeric"
              value={draft()[f.key]}
              onChange={(e) => update(f.key, Number(e.currentTarget.value))}
            />
          </>
        )}
      </For>
      <For each={BOOLS}>
        {(f) => (
          <label class="check">
            <input type="checkbox" checked={draft()[f.key]} onChange={(e) => update(f.key, e.currentTarget.checked)} />
            <span>{f.label}</span>
          </label>
        )}
      </For>
      <label for="rule-buyIn">Buy-in ({props.currency})</label>
      <input
        id="rule-buyIn"
        inputmode="decimal"
        value={moneyInput(draft().buyIn, props.currency)}
        onChange={(e) =>
          update("buyIn", e.currentTarget.value.trim() === "" ? 0 : parseMoney(e.currentTarget.value, props.currency))
        }
      />
      <DuesFields
        dues={props.rules.dues}
        currency={props.currency}
        onChange={(dues) => update("dues", dues)}
        onInvalid={(message) => setBad(message)}
      />
      <label for="rule-admission">Newcomers are admitted</label>
      <select
        id="rule-admission"
        value={draft().admission}
        onChange={(e) => update("admission", e.currentTarget.value as Rules["admission"])}
      >
        <option value="auto">Automatically, with a valid invite</option>
        <option value="manual">By hand, by a member other than the inviter</option>
      </select>
      <label for="rule-confirmBy">Ledger entries are confirmed by</label>
      <select
        id="rule-confirmBy"
        value={draft().confirmBy}
        onChange={(e) => update("confirmBy", e.currentTarget.value as Rules["confirmBy"])}
      >
        <option value="another-member">Another member</option>
        <option value="treasurer">A treasurer</option>
        <option value="none">Nobody (entries count at once)</option>
      </select>
      <Show when={draft().confirmBy === "treasurer"}>
        <fieldset>
          <legend>Treasurers</legend>
          <For each={props.members}>
            {(m) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={draft().treasurers.includes(m.id)}
                  onChange={(e) => {
                    const set = new Set(draft().treasurers);
                    if (e.currentTarget.checked) set.add(m.id);
                    else set.delete(m.id);
                    update("treasurers", [...set].sort());
                  }}
                />
                <span>{m.name}</span>
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <Show when={bad()}>
        <p class="notice error" role="alert">
          {bad()}
        </p>
      </Show>
    </fieldset>
  );
}
