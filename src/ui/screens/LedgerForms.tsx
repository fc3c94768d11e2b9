import { createSignal, For, Show } from "solid-js";
import type { ContributionKind, PoolState } from "../../core/index.ts";
import type { PoolActions } from "../../state/poolActions.ts";
import { memberName, payableApproved, payeeName, refundsDue } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { Money } from "../components/Money.tsx";
import { ErrorText } from "../components/Notice.tsx";
import { moneyInput } from "../format.ts";
import { amountOrError } from "../money.ts";

const OUTSIDER = "outsider";

/**
 * What a contribution most likely is: the member's buy-in while it is unpaid; dues once the pool
 * collects dues (a dues rule is set, or some were recorded); otherwise a donation.
 */
function defaultKind(state: PoolState, buyInOwed: number): ContributionKind {
  if (buyInOwed > 0) return "buy-in";
  if (state.rules.dues) return "dues";
  return state.ledger.entries.some((e) => e.contribution?.kind === "dues") ? "dues" : "donation";
}

/** Money that came in: from a member (buy-in, dues, donation) or a named outsider (donation). */
export function ContributionForm(props: {
  state: PoolState;
  me: string;
  actions: PoolActions;
  onDone: () => void;
  /** Opened from "Record my buy-in": the buy-in, for its amount. */
  buyIn?: boolean;
}) {
  const owedBuyIn = (m: string) => {
    const view = props.state.members[m];
    return props.state.rules.buyIn > 0 && view !== undefined && !view.buyInMet
      ? Math.max(0, props.state.rules.buyIn - view.buyInHeld)
      : 0;
  };
  const [amount, setAmount] = createSignal(
    props.buyIn && owedBuyIn(props.me) > 0 ? moneyInput(owedBuyIn(props.me), props.state.currency) : "",
  );
  const [from, setFrom] = createSignal(props.me);
  const [outsider, setOutsider] = createSignal("");
  const [kind, setKind] = createSignal<ContributionKind>(defaultKind(props.state, owedBuyIn(props.me)));
  const pickMember = (m: string) => {
    setFrom(m);
    if (m !== OUTSIDER) setKind(defaultKind(props.state, owedBuyIn(m)));
  };
  const [memo, setMemo] = createSignal("");
  const save = createAction(async () => {
    const read = amountOrError(amount(), props.state.currency);
    if (!read.ok) return read;
    const minor = read.value;
    const source = from() === OUTSIDER ? { outsider: outsider() } : { member: from() };
    return props.actions.recordContribution({
      amount: minor,
      from: source,
      kind: from() === OUTSIDER ? "donation" : kind(),
      memo: memo(),
    });
  }, props.onDone);
  return (
    <form
      class="card"
      aria-label="Record a contribution"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <label for="contribution-amount">Amount ({props.state.currency})</label>
      <input
        id="contribution-amount"
        inputmode="decimal"
        value={amount()}
        onInput={(e) => setAmount(e.currentTarget.value)}
      />
      <label for="contribution-from">From</label>
      <select id="contribution-from" value={from()} onChange={(e) => pickMember(e.currentTarget.value)}>
        <For each={props.state.activeMembers}>
          {(m) => <option value={m}>{memberName(props.state, m, props.me)}</option>}
        </For>
        <option value={OUTSIDER}>Someone outside the pool</option>
      </select>
      <Show
        when={from() === OUTSIDER}
        fallback={
          <>
            <label for="contribution-kind">Kind</label>
            <select
              id="contribution-kind"
              value={kind()}
              onChange={(e) => setKind(e.currentTarget.value as ContributionKind)}
            >
              <option value="dues">Dues</option>
              <option value="buy-in">Buy-in</option>
              <option value="donation">Donation</option>
            </select>
          </>
        }
      >
        <label for="contribution-outsider">Their name</label>
        <input
          id="contribution-outsider"
          value={outsider()}
          onInput={(e) => setOutsider(e.currentTarget.value)}
          maxLength={100}
        />
      </Show>
      <label for="contribution-memo">Note (optional)</label>
      <input id="contribution-memo" value={memo()} onInput={(e) => setMemo(e.currentTarget.value)} maxLength={500} />
      <p class="small muted">It counts once another member confirms it (unless your pool's rules say otherwise).</p>
      <ErrorText error={save.error()} />
      <button class="primary wide" type="submit" disabled={save.busy()}>
        Save contribution
      </button>
    </form>
  );
}

/** Paying out a passed spend or a funded bucket, by default all that is left of it, to its payee. */
export function PayoutForm(props: {
  state: PoolState;
  actions: PoolActions;
  spend?: string;
  onDone: () => void;
  floodName?: (id: string) => string | undefined;
}) {
  const spends = () => payableApproved(props.state);
  const [spend, setSpend] = createSignal(
    props.spend && spends().some((p) => p.id === props.spend) ? props.spend : (spends()[0]?.id ?? ""),
  );
  const chosen = () => spends().find((p) => p.id === spend());
  const [amount, setAmount] = createSignal(
    chosen()?.spend ? moneyInput(chosen()!.spend.remaining, props.state.currency) : "",
  );
  const [payee, setPayee] = createSignal(chosen()?.spend?.payee ?? "");
  const [memo, setMemo] = createSignal("");
  const pick = (id: string) => {
    setSpend(id);
    const p = spends().find((x) => x.id === id);
    if (p?.spend) {
      setAmount(moneyInput(p.spend.remaining, props.state.currency));
      setPayee(p.spend.payee);
    }
  };
  // A payout above what the approved spend has left is warned before it is saved: the ledger
  // must match the real cash box, so it can still be recorded, but only on purpose.
  const over = () => {
    const read = amountOrError(amount(), props.state.currency);
    const left = chosen()?.spend?.remaining;
    return read.ok && left !== undefined && read.value > left ? { amount: read.value, left } : undefined;
  };
  const save = createAction(async () => {
    const read = amountOrError(amount(), props.state.currency);
    if (!read.ok) return read;
    const minor = read.value;
    return props.actions.recordPayout({ spend: spend(), amount: minor, payee: payee(), memo: memo() });
  }, props.onDone);
  return (
    <form
      class="card"
      aria-label="Record a payout"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <label for="payout-spend">For the approved spend</label>
      <select id="payout-spend" value={spend()} onChange={(e) => pick(e.currentTarget.value)}>
        <For each={spends()}>{(p) => <option value={p.id}>{p.title}</option>}</For>
      </select>
      <Show when={chosen()?.spend}>
        {(sp) => (
          <p class="small muted">
            Approved <Money amount={sp().amount} currency={props.state.currency} /> to {sp().payee}; left to pay{" "}
            <Money amount={sp().remaining} currency={props.state.currency} />
            {sp().waiting ? " (waiting for funds)" : ""}.
          </p>
        )}
      </Show>
      <label for="payout-amount">Amount paid ({props.state.currency})</label>
      <input
        id="payout-amount"
        inputmode="decimal"
        value={amount()}
        onInput={(e) => setAmount(e.currentTarget.value)}
      />
      <Show
        when={/^(flood|pool):/.test(payee())}
        fallback={
          <>
            <label for="payout-payee">Paid to</label>
            <input id="payout-payee" value={payee()} onInput={(e) => setPayee(e.currentTarget.value)} maxLength={200} />
          </>
        }
      >
        <p data-testid="payout-payee">Paid to {payeeName(props.state, payee(), props.floodName)}</p>
      </Show>
      <label for="payout-memo">Note (optional)</label>
      <input id="payout-memo" value={memo()} onInput={(e) => setMemo(e.currentTarget.value)} maxLength={500} />
      <Show when={over()}>
        {(o) => (
          <div class="notice warn" role="alert">
            This payout is <Money amount={o().amount - o().left} currency={props.state.currency} /> more than the
            approved spend has left (<Money amount={o().left} currency={props.state.currency} />
            ). Record it anyway only if that much really left the cash box: every member will see it flagged as not
            authorised until a spend covers it.
          </div>
        )}
      </Show>
      <ErrorText error={save.error()} />
      <button class={over() ? "danger wide" : "primary wide"} type="submit" disabled={save.busy()}>
        {over() ? "Record anyway" : "Save payout"}
      </button>
    </form>
  );
}

/** Giving back the buy-in of a member who left or was removed. */
export function RefundForm(props: { state: PoolState; me: string; actions: PoolActions; onDone: () => void }) {
  const due = () => refundsDue(props.state);
  const [member, setMember] = createSignal(due()[0]?.member ?? "");
  const owed = () => due().find((d) => d.member === member())?.owed ?? 0;
  const [amount, setAmount] = createSignal(moneyInput(owed(), props.state.currency));
  const [memo, setMemo] = createSignal("");
  const save = createAction(async () => {
    const read = amountOrError(amount(), props.state.currency);
    if (!read.ok) return read;
    const minor = read.value;
    return props.actions.refund({ member: member(), amount: minor, memo: memo() });
  }, props.onDone);
  return (
    <form
      class="card"
      aria-label="Record a refund"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <label for="refund-member">Refund to</label>
      <select
        id="refund-member"
        value={member()}
        onChange={(e) => {
          setMember(e.currentTarget.value);
          setAmount(moneyInput(owed(), props.state.currency));
        }}
      >
        <For each={due()}>{(d) => <option value={d.member}>{memberName(props.state, d.member, props.me)}</option>}</For>
      </select>
      <p class="small muted">
        Owed: <Money amount={owed()} currency={props.state.currency} />
      </p>
      <label for="refund-amount">Amount ({props.state.currency})</label>
      <input
        id="refund-amount"
        inputmode="decimal"
        value={amount()}
        onInput={(e) => setAmount(e.currentTarget.value)}
      />
      <label for="refund-memo">Note (optional)</label>
      <input id="refund-memo" value={memo()} onInput={(e) => setMemo(e.currentTarget.value)} maxLength={500} />
      <ErrorText error={save.error()} />
      <button class="primary wide" type="submit" disabled={save.busy()}>
        Save refund
      </button>
    </form>
  );
}
