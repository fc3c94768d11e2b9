import { For, Show } from "solid-js";
import type { FloodState } from "../../../core/index.ts";
import { memberName } from "../../../state/selectors.ts";
import { Notice } from "../../components/Notice.tsx";
import { href } from "../../router.ts";
import { PoolFrame, type PoolScreenProps } from "../PoolFrame.tsx";

/**
 * A flood's members: the members of its pools, by pool, each derived by the pool's own rules.
 * Nobody is invited, admitted or removed here: that happens in the pools.
 */
export function FloodMembers(props: PoolScreenProps) {
  return (
    <PoolFrame app={props.app} poolId={props.poolId} tab="members" title={() => "Members"}>
      {(v) => {
        const s = () => v().state as FloodState;
        const current = () => (s().pools ?? []).filter((p) => p.leftAt === undefined);
        return (
          <>
            <Notice>
              A flood's members are the members of its pools. Each person votes once, however many of the pools they are
              in. People join or leave through their pools.
            </Notice>
            <h2>Everyone ({s().activeMembers.length})</h2>
            <For each={current()}>
              {(p) => (
                <section class="card" aria-label={p.name}>
                  <div class="row">
                    <h3 class="grow" style={{ margin: 0 }}>
                      {p.name}
                    </h3>
                    <Show when={props.app.pool(p.pool)}>
                      <a class="small" href={href("pool", p.pool)}>
                        Open this pool
                      </a>
                    </Show>
                  </div>
                  <ul class="list" aria-label={`Members of ${p.name}`}>
                    <For each={p.members}>{(m) => <li>{memberName(s(), m, v().me)}</li>}</For>
                  </ul>
                </section>
              )}
            </For>
          </>
        );
      }}
    </PoolFrame>
  );
}
