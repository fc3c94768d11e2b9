import { Show } from "solid-js";
import type { BucketView } from "../../../core/index.ts";
import { formatMoney, fractionDigits } from "../../format.ts";

/**
 * How far a bucket is: one bar up to its maximum, with its minimum marked. A progressbar for
 * assistive technology (values in the currency's major unit, and the same sentence as on screen).
 */
export function BucketProgress(props: { bucket: BucketView; currency: string; labelledBy: string }) {
  const b = () => props.bucket;
  const money = (minor: number) => formatMoney(minor, props.currency);
  const major = (minor: number) => minor / 10 ** fractionDigits(props.currency);
  const pct = (minor: number) => `${b().maximum > 0 ? Math.min(100, (100 * minor) / b().maximum) : 0}%`;
  const reached = () => b().total >= b().minimum;
  const sentence = () =>
    reached()
      ? `${money(b().total)} given; its minimum of ${money(b().minimum)} is reached; it takes up to ${money(b().maximum)}.`
      : `${money(b().total)} given of the ${money(b().minimum)} it needs; it takes up to ${money(b().maximum)}.`;
  return (
    <div class="bucket-progress">
      <div
        class="bucket-bar"
        classList={{ reached: reached(), cancelled: b().cancelled }}
        role="progressbar"
        aria-labelledby={props.labelledBy}
        aria-valuemin={0}
        aria-valuemax={major(b().maximum)}
        aria-valuenow={major(b().total)}
        aria-valuetext={sentence()}
      >
        <span class="fill" style={{ width: pct(b().total) }} />
        <Show when={b().minimum < b().maximum}>
          <span class="min-mark" style={{ left: pct(b().minimum) }} />
        </Show>
      </div>
      <p class="small bar-label" data-testid="bucket-progress" aria-hidden="true">
        <strong>{money(b().total)}</strong> given · needs {money(b().minimum)} · up to {money(b().maximum)}
      </p>
    </div>
  );
}
