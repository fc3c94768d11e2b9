import { type JSX, Show, untrack } from "solid-js";
import type { PoolState } from "../../core/index.ts";
import type { AppState } from "../../state/app.ts";
import type { PoolActions } from "../../state/poolActions.ts";
import { Notice } from "../components/Notice.tsx";
import { PoolTabs } from "../components/PoolTabs.tsx";
import { TopBar } from "../components/TopBar.tsx";

export interface PoolScreenProps {
  app: AppState;
  poolId: string;
}

export interface PoolView {
  state: PoolState;
  actions: PoolActions;
  me: string;
  now: number;
}

/** The frame of every pool screen: header with sync state, the content, and the section tabs. */
export function PoolFrame(props: {
  app: AppState;
  poolId: string;
  title: (state: PoolState) => string;
  tab: string;
  back?: string;
  children: (view: () => PoolView) => JSX.Element;
}) {
  const model = () => props.app.pool(props.poolId);
  const state = () => model()?.state();
  const view = (): PoolView => ({
    state: state() as PoolState,
    actions: props.app.actions(props.poolId) as PoolActions,
    me: props.app.me()?.id ?? "",
    now: props.app.now(),
  });
  return (
    <>
      <TopBar title={state() ? props.title(state() as PoolState) : "Pool"} back={props.back} sync={props.app.sync()} />
      <main>
        <Show when={model()?.moved()}>
          <Notice kind="warn">
            <span data-testid="pool-moved">
              This pool moved to an encrypted copy. Ask a member for a new invite link.
            </span>{" "}
            It opens here by itself as soon as a member's phone hands this phone its key.
          </Notice>
        </Show>
        <Show
          when={state() ? props.poolId : undefined}
          keyed
          fallback={
            <p role="status">
              {props.app.pools().some((p) => p.id === props.poolId) ||
              props.app.floods.floods().some((f) => f.id === props.poolId) ||
              props.app.phase() === "booting"
                ? "Opening the pool…"
                : "This pool is not on this phone."}
            </p>
          }
        >
          {/* Built once per pool: a screen's own signals (a half-filled form) must survive the
              clock's tick and every sync, which only its reactive parts follow. */}
          {(_id: string) => untrack(() => props.children(view))}
        </Show>
      </main>
      <PoolTabs poolId={props.poolId} current={props.tab} />
    </>
  );
}
