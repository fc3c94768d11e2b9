import { createMemo, Show } from "solid-js";
import { formatDate, formatMoney } from "../format.ts";

const W = 340;
const H = 140;
const PAD = { top: 18, right: 8, bottom: 22, left: 8 };
const WEEK_MS = 7 * 24 * 3600_000;

/** The balance after each counted entry, as a small step line (hand-rolled SVG, no chart library). */
export function BalanceChart(props: {
  history: readonly { at: number; balance: number }[];
  currency: string;
  now: number;
}) {
  const geometry = createMemo(() => {
    const h = props.history;
    if (h.length === 0) return undefined;
    const last = Math.max(props.now, h[h.length - 1]!.at);
    // At least a week wide, so a young pool's first entries read as steps, not as a wall.
    const first = Math.min(h[0]!.at, last - WEEK_MS);
    const span = Math.max(1, last - first);
    const max = Math.max(1, ...h.map((p) => p.balance));
    const min = Math.min(0, ...h.map((p) => p.balance));
    const x = (t: number) => PAD.left + ((t - first) / span) * (W - PAD.left - PAD.right);
    const y = (v: number) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
    let d = `M ${x(first)} ${y(0)}`;
    for (const p of h) d += ` L ${x(p.at)} ${y(prev(h, p))} L ${x(p.at)} ${y(p.balance)}`;
    d += ` L ${x(last)} ${y(h[h.length - 1]!.balance)}`;
    const area = `${d} L ${x(last)} ${y(min)} L ${x(first)} ${y(min)} Z`;
    return { d, area, zero: y(0), first, last, max };
  });
  const summary = () => {
    const h = props.history;
    if (h.length === 0) return "";
    return `Balance over time: from ${formatMoney(0, props.currency)} on ${formatDate(h[0]!.at)} to ${formatMoney(h[h.length - 1]!.balance, props.currency)} now, after ${h.length} counted entries.`;
  };
  return (
    <Show
      when={geometry()}
      fallback={<p class="muted small">The chart of the balance appears once an entry is confirmed.</p>}
    >
      {(g) => (
        <figure style={{ margin: 0 }}>
          <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary()}>
            <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={g().zero} y2={g().zero} />
            <path class="area" d={g().area} />
            <path class="line" d={g().d} />
            <text x={PAD.left} y={H - 6}>
              {formatDate(g().first)}
            </text>
            <text x={W - PAD.right} y={H - 6} text-anchor="end">
              Today
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

function prev(h: readonly { at: number; balance: number }[], p: { at: number; balance: number }): number {
  const i = h.indexOf(p);
  return i <= 0 ? 0 : h[i - 1]!.balance;
}
