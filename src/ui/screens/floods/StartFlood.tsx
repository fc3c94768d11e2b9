import { createSignal } from "solid-js";
import { createAction } from "../../components/action.ts";
import { ErrorText } from "../../components/Notice.tsx";
import { href, navigate } from "../../router.ts";
import { PoolFrame, type PoolScreenProps } from "../PoolFrame.tsx";

/** From a pool: start a flood (name, purpose). It takes the pool's currency and rules; the pool joins by its own vote. */
export function StartFlood(props: PoolScreenProps) {
  const [name, setName] = createSignal("");
  const [purpose, setPurpose] = createSignal("");
  const start = createAction(
    () => props.app.floods.start(props.poolId, { name: name(), purpose: purpose() }),
    (id) => navigate(href("pool", id)),
  );
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab=""
      back={href("pool", props.poolId)}
      title={() => "Start a flood"}
    >
      {(v) => (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start.run();
          }}
        >
          <p class="muted">
            A flood joins several pools' forces: its members are the members of its pools, and each pool decides by its
            own vote to join and how much money to put in. It uses {v().state.name}'s currency ({v().state.currency})
            and voting rules.
          </p>
          <label for="flood-name">Flood name</label>
          <input
            id="flood-name"
            placeholder="River Cleanup Flood"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
            maxLength={100}
          />
          <label for="flood-purpose">
            Purpose <span class="hint">What the pools will do together.</span>
          </label>
          <textarea
            id="flood-purpose"
            value={purpose()}
            onInput={(e) => setPurpose(e.currentTarget.value)}
            maxLength={2000}
          />
          <ErrorText error={start.error()} />
          <button class="primary wide" type="submit" disabled={start.busy()} style={{ "margin-top": "1rem" }}>
            Start the flood
          </button>
        </form>
      )}
    </PoolFrame>
  );
}
