import { For, Show } from "solid-js";
import type { EventId, PoolState, RoundView } from "../../../core/index.ts";
import type { RoundActions } from "../../../state/commands/rounds.ts";
import {
  needsRoundSeal,
  roundConfirmOpensAt,
  roundSealToConfirm,
  sealCountsAsThisPhone,
  whyRoundNotConfirmable,
} from "../../../state/rounds.ts";
import { isActiveMember, memberName } from "../../../state/selectors.ts";
import { createAction } from "../../components/action.ts";
import { Money } from "../../components/Money.tsx";
import { ErrorText } from "../../components/Notice.tsx";
import { SealActions } from "../../components/SealActions.tsx";
import { formatDateTime, plural } from "../../format.ts";

/** Who gave what to which bucket, as this phone counts it now (what a seal would list). */
function Counting(props: { state: PoolState; round: RoundView; me: string }) {
  const rows = () =>
    props.round.buckets.flatMap((b) =>
      Object.entries(b.allocations).map(([member, amount]) => ({ bucket: b.title, member, amount })),
    );
  return (
    <details>
      <summary>What this phone counts ({plural(rows().length, "allocation")})</summary>
      <ul class="list">
        <For each={rows()}>
          {(r) => (
            <li class="row small">
              <span>
                {memberName(props.state, r.member, props.me)} → {r.bucket}
              </span>
              <Money amount={r.amount} currency={props.state.currency} />
            </li>
          )}
        </For>
      </ul>
    </details>
  );
}

/**
 * After the close, like a proposal's seal (SealPanel): any member seals the allocations their
 * phone counts; another member confirms it once late offline allocations had time to arrive;
 * then funded buckets become approved spends and the rest of the money returns to the pool.
 */
export function RoundSealPanel(props: {
  state: PoolState;
  round: RoundView;
  me: string;
  now: number;
  actions: RoundActions;
}) {
  const r = () => props.round;
  const name = (m: string) => memberName(props.state, m, props.me);
  const canAct = () => isActiveMember(props.state, props.me);
  const seal = createAction(() => props.actions.seal(r().id));
  const confirm = createAction(() => props.actions.confirmSeal(r().id));
  const confirmable = () => roundSealToConfirm(props.state, r(), props.me, props.now) !== undefined;
  const titleOf = (bucket: EventId) => r().buckets.find((b) => b.id === bucket)?.title ?? "A bucket";
  return (
    <section class="card" aria-labelledby="round-seal-title">
      <h2 id="round-seal-title" style={{ "margin-top": 0 }}>
        {r().decided ? "Final result" : "Sealing the result"}
      </h2>
      <Show
        when={r().decided}
        fallback={
          <>
            <p class="small">
              Allocations made offline before the close still count when they arrive. A member seals the count, another
              confirms it from {formatDateTime(roundConfirmOpensAt(props.state, r()))}, and then the result is final.
            </p>
            <Counting state={props.state} round={r()} me={props.me} />
            <ul class="list">
              <For each={r().seals}>
                {(s) => (
                  <li class="small">
                    Sealed by {name(s.by)} on {formatDateTime(s.at)}:{" "}
                    {s.funded.length > 0 ? `it funds ${s.funded.map(titleOf).join(", ")}` : "it funds no bucket"}.{" "}
                    {sealCountsAsThisPhone(r(), s)
                      ? "It counts the same allocations as this phone."
                      : "It counts different allocations from this phone."}
                  </li>
                )}
              </For>
            </ul>
            <Show when={canAct()}>
              <SealActions
                sealLabel="Seal the round"
                canSeal={needsRoundSeal(r(), props.now)}
                canConfirm={confirmable()}
                seal={seal}
                confirm={confirm}
                whyNot={
                  !confirmable() && r().seals.some((s) => s.by !== props.me)
                    ? whyRoundNotConfirmable(props.state, r(), props.me, props.now)
                    : undefined
                }
                whyNotTestId="round-confirm-why"
              />
              <Show
                when={
                  !needsRoundSeal(r(), props.now) && r().seals.length > 0 && r().seals.every((s) => s.by === props.me)
                }
              >
                <p class="small muted">You sealed the count. Another member confirms it.</p>
              </Show>
            </Show>
            <ErrorText error={seal.error() ?? confirm.error()} />
          </>
        }
      >
        {(d) => (
          <>
            <p>
              Sealed by {name(r().seals.find((s) => s.id === d().seal)?.by ?? "")} and confirmed. This result is final.
            </p>
            <Show
              when={d().funded.length > 0}
              fallback={<p>No bucket reached its minimum; all the money stays in the pool.</p>}
            >
              <ul class="list" aria-label="Funded buckets">
                <For each={d().funded}>
                  {(f) => (
                    <li class="row">
                      <span>{titleOf(f.bucket)}</span>
                      <Money amount={f.amount} currency={props.state.currency} />
                    </li>
                  )}
                </For>
              </ul>
              <p class="small muted">
                Funded buckets are approved spends now: record each payout in the ledger. The rest of the round's money
                is available to the pool again.
              </p>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
