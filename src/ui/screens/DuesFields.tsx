import { createSignal, Show } from "solid-js";
import type { Rules } from "../../core/index.ts";
import { moneyInput } from "../format.ts";
import { parseMoney } from "../money.ts";

type Every = "" | "month" | "quarter" | "year";

/**
 * The dues rule (rules §11): how often, and how much. Nothing is proposed until both are given,
 * so choosing "every month" never proposes dues of one cent by accident.
 */
export function DuesFields(props: {
  dues: Rules["dues"];
  currency: string;
  onChange: (dues: Rules["dues"]) => void;
  onInvalid: (message: string) => void;
}) {
  const [every, setEvery] = createSignal<Every>(props.dues?.every ?? "");
  const [amount, setAmount] = createSignal(props.dues ? moneyInput(props.dues.amount, props.currency) : "");
  const report = () => {
    const e = every();
    if (e === "") return props.onChange(null);
    const minor = parseMoney(amount(), props.currency);
    if (minor === undefined || minor <= 0) return props.onInvalid("Type how much the dues are, like 10 or 12.50.");
    props.onChange({ amount: minor, every: e });
  };
  return (
    <>
      <label for="rule-dues-every">Dues</label>
      <select
        id="rule-dues-every"
        value={every()}
        onChange={(e) => {
          setEvery(e.currentTarget.value as Every);
          if (every() === "" || amount().trim() !== "") report();
        }}
      >
        <option value="">No dues</option>
        <option value="month">Every month</option>
        <option value="quarter">Every quarter</option>
        <option value="year">Every year</option>
      </select>
      <Show when={every() !== ""}>
        <label for="rule-dues-amount">Dues per period ({props.currency})</label>
        <input
          id="rule-dues-amount"
          inputmode="decimal"
          value={amount()}
          onInput={(e) => setAmount(e.currentTarget.value)}
          onChange={report}
        />
      </Show>
    </>
  );
}
