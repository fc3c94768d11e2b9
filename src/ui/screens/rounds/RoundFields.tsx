/**
 * The fields of a "Budget round" proposal on the New proposal screen: how much, until when
 * buckets may be proposed, when the round closes, and an optional cap per bucket. Dates are the
 * phone's local time; they prefill so that a round is one tap away (voting, then a week for
 * buckets, then a week to give).
 */
import { createSignal, Show } from "solid-js";
import { equalShares, limits, type PoolState, type ProposalSpec } from "../../../core/index.ts";
import { Money } from "../../components/Money.tsx";
import { parseMoney } from "../../money.ts";

type RoundSpec = Extract<ProposalSpec, { kind: "round" }>;
export type RoundSpecResult = { ok: true; spec: RoundSpec } | { ok: false; error: string };

const pad = (n: number) => String(n).padStart(2, "0");

/** A time as a `datetime-local` value, in the phone's time zone. */
export function toLocalInput(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time, no zone) as a time, or undefined. */
export function fromLocalInput(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
  const t = new Date(text).getTime();
  return Number.isFinite(t) ? t : undefined;
}

export interface RoundDraft {
  /** The round's spec from the fields, or what is wrong with them in plain words. */
  spec: (currency: string) => RoundSpecResult;
  amount: () => string;
  setAmount: (v: string) => void;
  deadline: () => string;
  setDeadline: (v: string) => void;
  closes: () => string;
  setCloses: (v: string) => void;
  cap: () => string;
  setCap: (v: string) => void;
}

export function createRoundDraft(votingDays: number, now = Date.now()): RoundDraft {
  const nextHour = Math.ceil(now / limits.HOUR_MS) * limits.HOUR_MS;
  const deadlineAt = nextHour + (votingDays + 7) * limits.DAY_MS;
  const [amount, setAmount] = createSignal("");
  const [deadline, setDeadline] = createSignal(toLocalInput(deadlineAt));
  const [closes, setCloses] = createSignal(toLocalInput(deadlineAt + 7 * limits.DAY_MS));
  const [cap, setCap] = createSignal("");
  return {
    amount,
    setAmount,
    deadline,
    setDeadline,
    closes,
    setCloses,
    cap,
    setCap,
    spec(currency) {
      const minor = parseMoney(amount(), currency);
      if (minor === undefined || minor <= 0)
        return { ok: false, error: "Type the amount the round hands out, like 1200 or 1200.50." };
      const capMinor = cap().trim() === "" ? undefined : parseMoney(cap(), currency);
      if (cap().trim() !== "" && (capMinor === undefined || capMinor <= 0))
        return {
          ok: false,
          error: "The most one bucket may get is not an amount. Type it like 300, or leave it empty.",
        };
      const bucketDeadline = fromLocalInput(deadline());
      const roundClosesAt = fromLocalInput(closes());
      if (bucketDeadline === undefined) return { ok: false, error: "Pick the deadline for proposing buckets." };
      if (roundClosesAt === undefined) return { ok: false, error: "Pick when the round closes." };
      return {
        ok: true,
        spec: {
          kind: "round",
          amount: minor,
          bucketDeadline,
          roundClosesAt,
          ...(capMinor === undefined ? {} : { bucketCap: capMinor }),
        },
      };
    },
  };
}

export function RoundFields(props: { state: PoolState; draft: RoundDraft }) {
  const d = props.draft;
  // Who would vote on it now: active members whose buy-in is met (the electorate is fixed when it is published).
  const voters = () => props.state.activeMembers.filter((m) => props.state.members[m]?.buyInMet).length;
  const preview = () => {
    const minor = parseMoney(d.amount(), props.state.currency);
    return minor && voters() > 0 ? equalShares(minor, voters()) : undefined;
  };
  return (
    <>
      <p class="small">
        A budget round asks “we have this much: what should we fund?”. Once the group approves it, members propose
        buckets (things to fund) and each member hands out the same share of the money to the buckets they like.
      </p>
      <label for="round-amount">
        Amount for the round ({props.state.currency})
        <span class="hint">
          Set aside when the round is approved. The pool has{" "}
          <Money amount={props.state.ledger.available} currency={props.state.currency} /> available now.
        </span>
      </label>
      <input
        id="round-amount"
        inputmode="decimal"
        value={d.amount()}
        onInput={(e) => d.setAmount(e.currentTarget.value)}
      />
      <Show when={preview()}>
        {(p) => (
          <p class="small muted" data-testid="round-share-preview">
            Each of the {voters()} members who can vote gets{" "}
            <Money amount={p().share} currency={props.state.currency} /> to hand out
            {p().remainder > 0 ? (
              <>
                ; <Money amount={p().remainder} currency={props.state.currency} /> that does not split evenly stays with
                the pool
              </>
            ) : null}
            .
          </p>
        )}
      </Show>
      <label for="round-deadline">
        Buckets can be proposed until
        <span class="hint">Buckets can be proposed once the round is approved, so pick a time after voting ends.</span>
      </label>
      <input
        id="round-deadline"
        type="datetime-local"
        value={d.deadline()}
        onInput={(e) => d.setDeadline(e.currentTarget.value)}
      />
      <label for="round-closes">
        The round closes
        <span class="hint">
          Members can give their share until then. Buckets that reach their minimum are funded; the rest of the money
          stays in the pool.
        </span>
      </label>
      <input
        id="round-closes"
        type="datetime-local"
        value={d.closes()}
        onInput={(e) => d.setCloses(e.currentTarget.value)}
      />
      <label for="round-cap">
        Most one bucket may get ({props.state.currency}, optional)
        <span class="hint">So that one idea cannot take the whole round. Leave empty for no cap.</span>
      </label>
      <input id="round-cap" inputmode="decimal" value={d.cap()} onInput={(e) => d.setCap(e.currentTarget.value)} />
    </>
  );
}
