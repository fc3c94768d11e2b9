import { createSignal, Show } from "solid-js";
import type { FloodState, LedgerEntryView, PoolState } from "../../core/index.ts";
import type { PoolActions } from "../../state/poolActions.ts";
import { bucketById } from "../../state/rounds.ts";
import { confirmability, isActiveMember, memberName, payeeName } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { Money } from "../components/Money.tsx";
import { ErrorText } from "../components/Notice.tsx";
import { formatDateTime, formatMoney } from "../format.ts";

const FLAG_TEXT: Record<NonNullable<LedgerEntryView["notAuthorised"]>, string> = {
  "no-passed-spend": "Not authorised: no passed spend allows this payout.",
  "beyond-approved": "Not authorised: more than the group approved or had reserved.",
  "other-payee": "Not authorised: paid to someone other than the approved payee.",
  "refund-not-owed": "Not authorised: this member was not owed a refund.",
  "refund-beyond-owed": "Not authorised: more than this member was owed.",
  "result-overturned": "Result overturned: restored votes mean the spend this paid no longer passes.",
};

const STATUS: Record<LedgerEntryView["status"], { text: string; cls: string }> = {
  "awaiting-confirmation": { text: "Awaiting confirmation", cls: "badge warn" },
  confirmed: { text: "Confirmed", cls: "badge ok" },
  reversed: { text: "Reversed", cls: "badge" },
};

type FloodName = (id: string) => string | undefined;

function describe(state: PoolState, e: LedgerEntryView, me: string, floodName?: FloodName): string {
  const name = (m: string) => memberName(state, m, me);
  if (e.contribution) {
    const src = e.contribution.from;
    if ("pool" in src) {
      // In a flood: money a member pool paid in (its payout, recorded here).
      const pool = (state as Partial<FloodState>).pools?.find((p) => p.pool === src.pool);
      return `Transfer from ${pool?.name ?? "a member pool"}`;
    }
    const from = "member" in src ? name(src.member) : "outsider" in src ? src.outsider : "a member pool";
    const kind = e.contribution.kind === "buy-in" ? "Buy-in" : e.contribution.kind === "dues" ? "Dues" : "Donation";
    return `${kind} from ${from}`;
  }
  if (e.payout) {
    const title = state.proposals[e.payout.spend]?.title ?? bucketById(state, e.payout.spend)?.bucket.title;
    return `Payout to ${payeeName(state, e.payout.payee, floodName, me)}${title ? ` for “${title}”` : ""}`;
  }
  if (e.refund) return `Refund to ${name(e.refund.member)}`;
  const target = state.ledger.entries.find((x) => x.id === e.reversal?.entry);
  if (!target) return "Reversal";
  // A reversal that counted while its target never had: the target was cancelled, not undone.
  const cancelled = e.status === "confirmed" && e.amount === 0 && target.status === "reversed";
  return `${cancelled ? "Cancellation of" : "Reversal of"}: ${describe(state, target, me, floodName)}`;
}

/** The entry in one phrase with its amount, so each Confirm button says which entry it confirms. */
function summary(state: PoolState, e: LedgerEntryView, amount: number, me: string, floodName?: FloodName): string {
  const money = formatMoney(Math.abs(amount), state.currency);
  if (e.contribution) {
    const what = describe(state, e, me, floodName);
    const cut = what.indexOf(" from ");
    return cut < 0 ? `${what} of ${money}` : `${what.slice(0, cut)} of ${money}${what.slice(cut)}`;
  }
  if (e.payout) return `Payout of ${money} to ${payeeName(state, e.payout.payee, floodName, me)}`;
  if (e.refund) return `Refund of ${money} to ${memberName(state, e.refund.member, me)}`;
  return describe(state, e, me, floodName);
}

/** One entry: what, how much, its status, a "not authorised" flag, and Confirm / Reverse. */
export function EntryRow(props: {
  state: PoolState;
  entry: LedgerEntryView;
  me: string;
  actions: PoolActions;
  floodName?: FloodName;
}) {
  const e = () => props.entry;
  const confirm = createAction(() => props.actions.confirmEntry(e().id));
  const [reversing, setReversing] = createSignal(false);
  const [memo, setMemo] = createSignal("");
  const reverse = createAction(
    () => props.actions.reverse(e().id, memo()),
    () => setReversing(false),
  );
  const can = () => confirmability(props.state, e(), props.me);
  const amount = () => {
    // A counted entry shows what it moved; a reversal still waiting shows what it will take back
    // (nothing, when its target never counted).
    if (!e().reversal || e().status !== "awaiting-confirmation") return e().amount;
    const target = props.state.ledger.entries.find((x) => x.id === e().reversal?.entry);
    return target?.status === "confirmed" ? -target.amount : 0;
  };
  // An entry nobody has confirmed yet never counted: its author may cancel it outright
  // (rules: a reversal of one's own uncounted entry counts at once), without a second confirmation.
  const cancellable = () =>
    e().by === props.me && e().status === "awaiting-confirmation" && !e().reversal && !e().reversedBy;
  const reversible = () => isActiveMember(props.state, props.me) && !e().reversal && !e().reversedBy && !cancellable();
  const [cancelling, setCancelling] = createSignal(false);
  /** Reversed before it ever counted: its reversal moved nothing. */
  const neverCounted = () =>
    e().status === "reversed" && props.state.ledger.entries.find((x) => x.id === e().reversedBy)?.amount === 0;
  const cancel = createAction(
    () => props.actions.reverse(e().id, "Cancelled by the person who recorded it, before anyone confirmed it."),
    () => setCancelling(false),
  );
  return (
    <li data-testid="ledger-entry">
      <div class="row">
        <strong class="grow">{describe(props.state, e(), props.me, props.floodName)}</strong>
        <Money amount={amount()} currency={props.state.currency} signed />
      </div>
      <div class="row small muted">
        <span>
          {formatDateTime(e().at)} · by {memberName(props.state, e().by, props.me)}
          {e().confirmedBy ? ` · confirmed by ${memberName(props.state, e().confirmedBy, props.me)}` : ""}
        </span>
        <span class={STATUS[e().status].cls}>{neverCounted() ? "Cancelled" : STATUS[e().status].text}</span>
      </div>
      <Show when={e().memo}>
        <p class="small" style={{ margin: ".2rem 0 0" }}>
          {e().memo}
        </p>
      </Show>
      <Show when={e().notAuthorised}>
        <p class="small" style={{ margin: ".3rem 0 0" }}>
          <span class="badge danger">{FLAG_TEXT[e().notAuthorised!]}</span>
        </p>
      </Show>
      <div class="actions">
        <Show when={can().ok}>
          <button
            type="button"
            class="primary"
            aria-label={`Confirm entry: ${summary(props.state, e(), amount(), props.me, props.floodName)}`}
            disabled={confirm.busy()}
            onClick={() => void confirm.run()}
          >
            Confirm entry
          </button>
        </Show>
        <Show when={cancellable() && !cancelling()}>
          <button type="button" onClick={() => setCancelling(true)}>
            Cancel entry…
          </button>
        </Show>
        <Show when={reversible() && !reversing()}>
          <button type="button" onClick={() => setReversing(true)}>
            Reverse…
          </button>
        </Show>
      </div>
      <Show when={!can().ok && (can() as { why: string }).why}>
        <p class="small muted" style={{ margin: ".3rem 0 0" }}>
          {(can() as { why: string }).why}
        </p>
      </Show>
      <Show when={cancelling()}>
        <div class="notice warn">
          <p style={{ margin: 0 }}>
            Cancel this entry? Nobody has confirmed it, so it never counted: cancelling moves no money and needs no
            confirmation. It stays in the ledger, marked as cancelled.
          </p>
          <div class="actions">
            <button type="button" class="danger" disabled={cancel.busy()} onClick={() => void cancel.run()}>
              Yes, cancel it
            </button>
            <button type="button" onClick={() => setCancelling(false)}>
              Keep it
            </button>
          </div>
        </div>
      </Show>
      <Show when={reversing()}>
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            void reverse.run();
          }}
        >
          <label for={`reverse-${e().id}`}>Why reverse it?</label>
          <input
            id={`reverse-${e().id}`}
            value={memo()}
            onInput={(ev) => setMemo(ev.currentTarget.value)}
            maxLength={500}
          />
          <p class="small muted">
            Mistakes are reversed, never edited or deleted. The reversal needs confirming like any entry.
          </p>
          <div class="actions">
            <button type="submit" class="danger" disabled={reverse.busy()}>
              Reverse entry
            </button>
            <button type="button" onClick={() => setReversing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
      <ErrorText error={confirm.error() ?? reverse.error() ?? cancel.error()} />
    </li>
  );
}
