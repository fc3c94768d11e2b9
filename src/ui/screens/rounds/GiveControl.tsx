import { createEffect, createMemo, createSignal, on, Show } from "solid-js";
import type { BucketView, RoundView } from "../../../core/index.ts";
import type { RoundActions } from "../../../state/commands/rounds.ts";
import { givingLimit } from "../../../state/rounds.ts";
import { createAction } from "../../components/action.ts";
import { ErrorText } from "../../components/Notice.tsx";
import { formatMoney, moneyInput } from "../../format.ts";
import { parseMoney } from "../../money.ts";

/**
 * Give part of my share to one bucket: a slider and an amount field that move together. Neither
 * goes past what I may give here (what is left of my share, or the bucket's room below its
 * maximum); a typed amount over it is brought down to it, and the app says why.
 */
export function GiveControl(props: {
  round: RoundView;
  bucket: BucketView;
  me: string;
  currency: string;
  actions: RoundActions;
}) {
  const id = () => props.bucket.id;
  const money = (minor: number) => formatMoney(minor, props.currency);
  const lim = () => givingLimit(props.round, props.bucket, props.me);
  const [text, setText] = createSignal(moneyInput(lim().mine, props.currency));
  /** The slider follows the field (what I type, or my gift when the field holds no amount). */
  const sliderValue = () => Math.min(parseMoney(text(), props.currency) ?? lim().mine, lim().limit);
  const [why, setWhy] = createSignal<string>();
  // When my allocation changes (saved here, or on another of my phones), start from it. A memo,
  // so that others' gifts arriving (which change the limit, not mine) keep what I am typing.
  const mine = createMemo(() => lim().mine);
  createEffect(on(mine, (given) => setText(moneyInput(given, props.currency)), { defer: true }));
  const explain = () => {
    const l = lim();
    if (l.by === "bucket")
      return `This bucket takes at most ${money(props.bucket.maximum)} and others have given ${money(props.bucket.total - l.mine)}, so ${money(l.limit)} is the most it can take from you.`;
    const elsewhere = props.round.share - l.shareLeft;
    return `Your share is ${money(props.round.share)}${elsewhere > 0 ? ` and ${money(elsewhere)} of it is in other buckets` : ""}, so ${money(l.limit)} is the most you can give here.`;
  };
  /** Takes a wanted amount, brought down to the limit (with the reason) when over it. */
  const choose = (minor: number): number => {
    if (minor > lim().limit) {
      setWhy(explain());
      return lim().limit;
    }
    setWhy(undefined);
    return minor;
  };
  const give = createAction(async () => {
    const minor = parseMoney(text(), props.currency);
    if (minor === undefined) return { ok: false as const, error: "Type an amount like 25 or 25.50." };
    const amount = choose(minor);
    if (amount === lim().mine)
      return {
        ok: false as const,
        error: amount === 0 ? "Choose an amount to give first." : `You already give ${money(amount)} to this bucket.`,
      };
    return props.actions.allocate(id(), amount);
  });
  const takeBack = createAction(() => props.actions.takeBack(id()));
  const sliderId = () => `give-slider-${id()}`;
  const fieldId = () => `give-amount-${id()}`;
  return (
    <form
      class="give"
      aria-label={`Give to ${props.bucket.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        void give.run();
      }}
    >
      <label for={sliderId()} class="sr-only">
        How much to give to {props.bucket.title}
      </label>
      <input
        id={sliderId()}
        type="range"
        min={0}
        max={lim().limit}
        step={1}
        value={sliderValue()}
        aria-valuetext={money(sliderValue())}
        disabled={lim().limit === 0}
        onInput={(e) => {
          setText(moneyInput(choose(Number(e.currentTarget.value)), props.currency));
        }}
      />
      <div class="give-row">
        <div class="grow">
          <label for={fieldId()}>
            Amount<span class="sr-only"> for {props.bucket.title}</span> ({props.currency})
            <span class="hint">
              {lim().limit === 0
                ? explain()
                : lim().mine > 0
                  ? `You give ${money(lim().mine)} now; change it to anything up to ${money(lim().limit)}.`
                  : `You can give up to ${money(lim().limit)} here.`}
            </span>
          </label>
          <input
            id={fieldId()}
            inputmode="decimal"
            value={text()}
            disabled={lim().limit === 0 && lim().mine === 0}
            onInput={(e) => {
              const typed = e.currentTarget.value;
              const minor = parseMoney(typed, props.currency);
              if (minor === undefined) {
                setText(typed);
                return;
              }
              const kept = choose(minor);
              const shown = kept === minor ? typed : moneyInput(kept, props.currency);
              setText(shown);
              // A clamped value equal to the last one would not re-render: set the field itself.
              e.currentTarget.value = shown;
            }}
          />
        </div>
        <button type="submit" class="primary" disabled={give.busy()}>
          Give
        </button>
      </div>
      <p class="small give-why" aria-live="polite">
        {why() ?? ""}
      </p>
      <Show when={lim().mine > 0}>
        <button type="button" disabled={takeBack.busy()} onClick={() => void takeBack.run()}>
          Take back my {money(lim().mine)}
        </button>
      </Show>
      <ErrorText error={give.error() ?? takeBack.error()} />
    </form>
  );
}
