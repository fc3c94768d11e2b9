import { createSignal, Show } from "solid-js";
import type { PoolState } from "../../core/index.ts";
import type { PoolActions } from "../../state/poolActions.ts";
import { createAction } from "../components/action.ts";
import { Money } from "../components/Money.tsx";
import { ErrorText } from "../components/Notice.tsx";

/** Leaving, with a plain statement of what happens to the buy-in. */
export function LeavePanel(props: { state: PoolState; me: string; actions: PoolActions }) {
  const [asking, setAsking] = createSignal(false);
  const leave = createAction(
    () => props.actions.leave(),
    () => setAsking(false),
  );
  const held = () => props.state.members[props.me]?.buyInHeld ?? 0;
  return (
    <section class="card" aria-labelledby="leave-title" style={{ "margin-top": "1.25rem" }}>
      <h2 id="leave-title" style={{ "margin-top": 0 }}>
        Leave this pool
      </h2>
      <p class="small">
        <Show
          when={held() > 0}
          fallback={<>You have no buy-in in this pool. Dues and donations you paid stay with the pool.</>}
        >
          <Show
            when={props.state.rules.refundOnLeave}
            fallback={
              <>
                This pool's rules do not refund buy-ins: your <Money amount={held()} currency={props.state.currency} />{" "}
                stays with the pool.
              </>
            }
          >
            You will be owed your buy-in of <Money amount={held()} currency={props.state.currency} />. It is set aside
            before any other spending, and a member records the refund when they pay you. Dues and donations are not
            refunded.
          </Show>
        </Show>{" "}
        Your votes on proposals still open no longer count. You can rejoin later with a new invite.
      </p>
      <Show
        when={asking()}
        fallback={
          <button type="button" class="danger wide" onClick={() => setAsking(true)}>
            Leave pool…
          </button>
        }
      >
        <div class="actions">
          <button type="button" class="danger" disabled={leave.busy()} onClick={() => void leave.run()}>
            Yes, leave {props.state.name}
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Stay
          </button>
        </div>
      </Show>
      <ErrorText error={leave.error()} />
    </section>
  );
}
