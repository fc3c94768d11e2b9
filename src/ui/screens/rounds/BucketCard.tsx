import { For, Show } from "solid-js";
import type { BucketView, PoolState, RoundView } from "../../../core/index.ts";
import type { RoundActions } from "../../../state/commands/rounds.ts";
import { inRound, type RoundPhase } from "../../../state/rounds.ts";
import { memberName } from "../../../state/selectors.ts";
import { createAction } from "../../components/action.ts";
import { Money } from "../../components/Money.tsx";
import { ErrorText } from "../../components/Notice.tsx";
import { href } from "../../router.ts";
import { BucketProgress } from "./BucketProgress.tsx";
import { GiveControl } from "./GiveControl.tsx";

function Status(props: { bucket: BucketView; phase: RoundPhase; currency: string }) {
  const b = () => props.bucket;
  return (
    <Show when={!b().cancelled} fallback={<span class="badge">Cancelled</span>}>
      <Show
        when={props.phase === "decided"}
        fallback={
          <Show
            when={b().total >= b().minimum}
            fallback={
              <span class="badge warn">
                Needs <Money amount={b().minimum - b().total} currency={props.currency} /> more
              </span>
            }
          >
            <span class="badge ok">Minimum reached</span>
          </Show>
        }
      >
        <span class={b().funded ? "badge ok" : "badge"}>{b().funded ? "Funded" : "Not funded"}</span>
      </Show>
    </Show>
  );
}

/** One bucket: what it is, who proposed it, how far it is, and my part in it. */
export function BucketCard(props: {
  state: PoolState;
  poolId: string;
  round: RoundView;
  bucket: BucketView;
  phase: RoundPhase;
  me: string;
  actions: RoundActions;
}) {
  const b = () => props.bucket;
  const currency = () => props.state.currency;
  const titleId = () => `bucket-${b().id}`;
  const mine = () => b().allocations[props.me] ?? 0;
  const givers = () => Object.entries(b().allocations).filter(([, amount]) => amount > 0);
  const open = () => props.phase === "open" && !b().cancelled;
  const cancel = createAction(() => props.actions.cancelBucket(b().id));
  const unpaid = () => props.state.ledger.approved.find((a) => a.id === b().id && a.remaining > 0);
  return (
    <article class="card bucket" aria-labelledby={titleId()} classList={{ cancelled: b().cancelled }}>
      <div class="row bucket-head">
        <h3 id={titleId()} class="grow">
          {b().title}
        </h3>
        <Status bucket={b()} phase={props.phase} currency={currency()} />
      </div>
      <p class="small muted">
        Proposed by {memberName(props.state, b().by, props.me)} · pays {b().payee}
      </p>
      <Show when={b().description}>
        <p style={{ "white-space": "pre-wrap" }}>{b().description}</p>
      </Show>
      <Show when={!b().cancelled}>
        <BucketProgress bucket={b()} currency={currency()} labelledBy={titleId()} />
      </Show>
      <Show when={mine() > 0 && !open()}>
        <p class="small">
          You gave <Money amount={mine()} currency={currency()} />.
        </p>
      </Show>
      <Show when={open() && inRound(props.round, props.me)}>
        <GiveControl round={props.round} bucket={b()} me={props.me} currency={currency()} actions={props.actions} />
      </Show>
      <Show when={givers().length > 0}>
        <details>
          <summary>Who gave ({givers().length})</summary>
          <ul class="list">
            <For each={givers()}>
              {([member, amount]) => (
                <li class="row small">
                  <span>{memberName(props.state, member, props.me)}</span>
                  <Money amount={amount} currency={currency()} />
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
      <Show when={open() && b().by === props.me}>
        <div class="actions">
          <button class="danger" type="button" disabled={cancel.busy()} onClick={() => void cancel.run()}>
            Cancel this bucket
          </button>
        </div>
        <p class="small muted">What members gave to it goes back to them.</p>
        <ErrorText error={cancel.error()} />
      </Show>
      <Show when={props.phase === "decided" && unpaid()}>
        {(spend) => (
          <a class="button primary wide" href={`${href("pool", props.poolId, "ledger")}?payout=${b().id}`}>
            {/* One flex item: a button lays out its children side by side. */}
            <span>
              Record the <Money amount={spend().remaining} currency={currency()} /> payout
            </span>
          </a>
        )}
      </Show>
    </article>
  );
}
