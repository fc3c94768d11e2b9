import { createSignal } from "solid-js";
import type { PoolState, RoundView } from "../../../core/index.ts";
import type { RoundActions } from "../../../state/commands/rounds.ts";
import { createAction } from "../../components/action.ts";
import { Money } from "../../components/Money.tsx";
import { ErrorText } from "../../components/Notice.tsx";
import { parseMoney } from "../../money.ts";

/** Propose a bucket: something to fund, who gets paid, the least it needs and the most it takes. */
export function BucketForm(props: { state: PoolState; round: RoundView; actions: RoundActions; onDone: () => void }) {
  const currency = () => props.state.currency;
  const ceiling = () => Math.min(props.round.bucketCap ?? props.round.amount, props.round.amount);
  const [title, setTitle] = createSignal("");
  const [description, setDescription] = createSignal("");
  const [payee, setPayee] = createSignal("");
  const [minimum, setMinimum] = createSignal("");
  const [maximum, setMaximum] = createSignal("");
  const save = createAction(
    async () => {
      const min = parseMoney(minimum(), currency());
      if (min === undefined) return { ok: false as const, error: "Type the minimum like 120 or 120.50." };
      const max = maximum().trim() === "" ? undefined : parseMoney(maximum(), currency());
      if (maximum().trim() !== "" && max === undefined)
        return { ok: false as const, error: "Type the maximum like 150 or 150.50, or leave it empty." };
      return props.actions.proposeBucket(props.round.id, {
        title: title(),
        description: description(),
        payee: payee(),
        minimum: min,
        ...(max === undefined ? {} : { maximum: max }),
      });
    },
    () => {
      setTitle("");
      setDescription("");
      setPayee("");
      setMinimum("");
      setMaximum("");
      props.onDone();
    },
  );
  return (
    <form
      aria-label="Propose a bucket"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <label for="bucket-title">Title</label>
      <input
        id="bucket-title"
        value={title()}
        maxLength={200}
        placeholder="A camp stove"
        onInput={(e) => setTitle(e.currentTarget.value)}
      />
      <label for="bucket-description">What it is and why (optional)</label>
      <textarea
        id="bucket-description"
        value={description()}
        maxLength={2000}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <label for="bucket-payee">
        Who will be paid<span class="hint">If the bucket is funded, the pool pays them.</span>
      </label>
      <input id="bucket-payee" value={payee()} maxLength={200} onInput={(e) => setPayee(e.currentTarget.value)} />
      <label for="bucket-minimum">
        Minimum ({currency()})
        <span class="hint">
          The least it needs. If members give less, nothing is spent and the money goes back to the pool.
        </span>
      </label>
      <input
        id="bucket-minimum"
        inputmode="decimal"
        value={minimum()}
        onInput={(e) => setMinimum(e.currentTarget.value)}
      />
      <label for="bucket-maximum">
        Maximum ({currency()}, optional)
        <span class="hint">
          The most it takes. Leave empty for <Money amount={ceiling()} currency={currency()} />
          {props.round.bucketCap !== undefined ? ", the most one bucket may get in this round" : ", the whole round"}.
        </span>
      </label>
      <input
        id="bucket-maximum"
        inputmode="decimal"
        value={maximum()}
        onInput={(e) => setMaximum(e.currentTarget.value)}
      />
      <ErrorText error={save.error()} />
      <button class="primary wide" type="submit" disabled={save.busy()}>
        Propose bucket
      </button>
    </form>
  );
}
