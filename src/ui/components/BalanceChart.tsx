import { createMemo, Show } from "solid-js";
import { formatDate, formatDateTime, formatMoney } from "../format.ts";

const W = 340;
const H = 140;
const PAD = { top: 18, right: 8, bottom: 22, left: 8 };
const SECOND_MS = 1000;
const DAY_MS = 24 * 3600_000;

interface Point {
  at: number;
  balance: number;
}

/**
 * The balance after each counted entry as a step line (hand-rolled SVG, no chart library): flat
 * between entries, a vertical step at each one, never above a real balance. The time axis runs
 * from the first counted entry to the last (and on to now when the last is recent), so a young
 * pool's entries spread across the chart instead of piling up in its last pixel. It ends at the
 * balance shown above it.
 */
export function BalanceChart(props: { history: readonly Point[]; currency: string; now: number }) {
  const geometry = createMemo(() => {
    const h = props.history;
    if (h.length === 0) return undefined;
    // Entries count in event order; a confirmation can carry an earlier clock than the one
    // before it, so time never runs backwards on the axis.
    const steps: Point[] = [];
    let t = h[0]!.at;
    for (const p of h) {
      t = Math.max(t, p.at);
      steps.push({ at: t, balance: p.balance });
    }
    const first = steps[0]!.at;
    const lastEntry = steps[steps.length - 1]!.at;
    const activity = Math.max(SECOND_MS, lastEntry - first);
    // Carry the line on to now only while now is close to the activity, or it squeezes it again.
    const last = props.now - lastEntry <= activity / 4 ? Math.max(props.now, lastEntry) : lastEntry + activity / 20;
    const start = first - Math.max(SECOND_MS, last - first) / 20;
    const span = last - start;
    const max = Math.max(1, ...steps.map((p) => p.balance));
    const min = Math.min(0, ...steps.map((p) => p.balance));
    const x = (at: number) => PAD.left + ((at - start) / span) * (W - PAD.left - PAD.right);
    const y = (v: number) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
    let d = `M ${x(start)} ${y(0)}`;
    for (const p of steps) d += ` H ${x(p.at)} V ${y(p.balance)}`;
    d += ` H ${x(last)}`;
    const area = `${d} V ${y(min)} H ${x(start)} Z`;
    const label = lastEntry - first < DAY_MS ? formatDateTime : formatDate;
    return { d, area, zero: y(0), first, lastEntry, max, label, end: steps[steps.length - 1]!.balance };
  });
  const summary = () => {
    const g = geometry();
    if (!g) return "";
    return `Balance over time: from ${formatMoney(0, props.currency)} on ${formatDate(g.first)} to ${formatMoney(g.end, props.currency)} now, after ${props.history.length} counted entries; highest ${formatMoney(g.max, props.currency)}.`;
  };
  return (
    <Show
      when={geometry()}
      fallback={<p class="muted small">The chart of the balance appears once an entry is confirmed.</p>}
    >
      {(g) => (
        <figure style={{ margin: 0 }}>
          <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary()} data-testid="balance-chart">
            <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={g().zero} y2={g().zero} />
            <path class="area" d={g().area} />
            <path class="line" d={g().d} />
            <text x={PAD.left} y={H - 6}>
              {g().label(g().first)}
            </text>
            <text x={W - PAD.right} y={H - 6} text-anchor="end">
              {formatMoney(g().end, props.currency)} now
            </text>
            <text x={PAD.left} y={12}>
              {formatMoney(g().max, props.currency)}
            </text>
          </svg>
        </figure>
      )}
    </Show>
  );
}
