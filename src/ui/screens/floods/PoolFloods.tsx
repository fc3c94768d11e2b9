import { For, Show } from "solid-js";
import type { EventId, FloodState } from "../../../core/index.ts";
import type { AppState } from "../../../state/app.ts";
import { createAction } from "../../components/action.ts";
import { ErrorText } from "../../components/Notice.tsx";
import { href, navigate } from "../../router.ts";

/**
 * A pool's floods, on its overview: the floods it is in, a passed join waiting to be recorded in
 * the flood ("Record that we joined"), a passed departure likewise, and the ways to start or join one.
 */
export function PoolFloods(props: { app: AppState; poolId: string }) {
  const floods = () => props.app.floods;
  const inFloods = () =>
    floods()
      .floods()
      .filter((f) => {
        const s = floods().floodState(f.id);
        return s?.pools.some((p) => p.pool === props.poolId && p.leftAt === undefined);
      });
  const toRecord = () =>
    floods()
      .joins(props.poolId)
      .filter((j) => j.recorded !== true);
  const leaves = () => {
    const state = props.app.pool(props.poolId)?.state();
    if (!state) return [];
    return Object.values(state.proposals).filter((p) => {
      if (p.spec.kind !== "flood.leave" || p.status !== "decided" || !p.decided?.tally.passed) return false;
      const f = floods().floodState(p.spec.flood) as FloodState | undefined;
      return f?.pools.some((x) => x.pool === props.poolId && x.leftAt === undefined) ?? false;
    });
  };
  const join = createAction(
    (proposal: EventId) => floods().recordJoin(props.poolId, proposal),
    (flood) => navigate(href("pool", flood)),
  );
  const left = createAction((proposal: EventId) => floods().recordLeft(props.poolId, proposal));
  return (
    <section class="card" aria-labelledby="pool-floods-title">
      <h2 id="pool-floods-title" style={{ "margin-top": 0 }}>
        Floods
      </h2>
      <Show when={inFloods().length > 0}>
        <ul class="list" aria-label="Floods of this pool">
          <For each={inFloods()}>
            {(f) => (
              <li class="row">
                <span class="grow">
                  <a href={href("pool", f.id)}>{f.name}</a>
                  <span class="small muted"> · our join is already recorded</span>
                </span>
                <a class="small" href={href("pool", props.poolId, "leave-flood", f.id)}>
                  Leave the flood
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <For each={toRecord()}>
        {(j) => (
          <div class="notice ok">
            <p style={{ margin: 0 }}>The pool voted to join: “{j.proposal.title}”.</p>
            <Show
              when={j.recorded === false}
              fallback={<p class="small muted">Opening the flood on this phone to see whether the join is recorded…</p>}
            >
              <button type="button" class="primary" disabled={join.busy()} onClick={() => void join.run(j.proposal.id)}>
                Record that we joined
              </button>
            </Show>
          </div>
        )}
      </For>
      <ErrorText error={join.error()} />
      <For each={leaves()}>
        {(p) => (
          <div class="notice">
            <p style={{ margin: 0 }}>The pool voted to leave: “{p.title}”.</p>
            <button type="button" disabled={left.busy()} onClick={() => void left.run(p.id)}>
              Record that we left
            </button>
          </div>
        )}
      </For>
      <ErrorText error={left.error()} />
      <div class="actions">
        <a class="button" href={href("pool", props.poolId, "start-flood")}>
          Start a flood
        </a>
        <a class="button" href={href("pool", props.poolId, "join-flood")}>
          Join a flood
        </a>
      </div>
    </section>
  );
}
