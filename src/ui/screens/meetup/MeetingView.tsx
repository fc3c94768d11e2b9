import { createSignal, onCleanup, onMount, Show } from "solid-js";
import type { AppState } from "../../../state/app.ts";
import { memberName } from "../../../state/selectors.ts";
import { TopBar } from "../../components/TopBar.tsx";
import { formatDateTime, timeLeft } from "../../format.ts";
import { href } from "../../router.ts";
import { KIND_LABEL } from "../proposalText.ts";
import { CountTiles, countOf, outlookSentence, ResultLine, votedSentence, waitingSentence } from "./LiveCount.tsx";
import { keepScreenOn } from "./wakeLock.ts";

/**
 * The count for the room (docs/rules.md §1): the proposal being decided, large and high-contrast,
 * updating live as ballots are collected or synced, with how many eligible members have not
 * voted and what the proposal still needs. No tabs, nothing to tap by accident.
 */
export function MeetingView(props: { app: AppState; poolId: string; proposalId: string }) {
  keepScreenOn();
  const state = () => props.app.pool(props.poolId)?.state();
  const proposal = () => state()?.proposals[props.proposalId];
  const back = href("pool", props.poolId, "proposal", props.proposalId);
  const [full, setFull] = createSignal(typeof document !== "undefined" && document.fullscreenElement !== null);
  const onFull = () => setFull(document.fullscreenElement !== null);
  onMount(() => document.addEventListener("fullscreenchange", onFull));
  onCleanup(() => document.removeEventListener("fullscreenchange", onFull));
  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  return (
    <>
      <TopBar title="Meeting view" back={back} sync={props.app.sync()} />
      <main class="meeting-view">
        <Show
          when={state() && proposal()}
          fallback={
            <p role="status">
              {state() ? "This proposal is not on this phone (yet). It appears once it syncs." : "Opening the pool…"}
            </p>
          }
        >
          {(p) => (
            <div class="meeting-inner">
              <p class="meeting-pool">
                {state()?.name} · {KIND_LABEL[p().spec.kind]}
              </p>
              <h2 class="meeting-title">{p().title}</h2>
              <CountTiles proposal={p()} size="room" />
              <div class="meeting-meter" aria-hidden="true">
                <span class="yes" style={{ width: share(countOf(p()).yes, countOf(p()).electorate) }} />
                <span class="no" style={{ width: share(countOf(p()).no, countOf(p()).electorate) }} />
                <span
                  class="abstain"
                  style={{ width: share(countOf(p()).abstain + countOf(p()).block, countOf(p()).electorate) }}
                />
              </div>
              <p class="meeting-voted" data-testid="meeting-count" aria-live="polite">
                <span class="sr-only">{votedSentence(p())} </span>
                <span aria-hidden="true">
                  <strong>{countOf(p()).cast}</strong> of <strong>{countOf(p()).electorate}</strong> voted
                </span>
              </p>
              <p class="meeting-waiting" data-testid="meeting-not-voted">
                {waitingSentence(p())}
              </p>
              <Show when={countOf(p()).waiting > 0 && countOf(p()).waiting <= 12}>
                <p class="meeting-names">
                  {p()
                    .notVoted.map((m) => memberName(state()!, m))
                    .join(", ")}
                </p>
              </Show>
              <ResultLine proposal={p()} class="meeting-result" />
              <Show when={outlookSentence(p())}>
                <p class="meeting-outlook" data-testid="meeting-needed">
                  {outlookSentence(p())}
                </p>
              </Show>
              <p class="meeting-close">
                {p().status === "open"
                  ? `Voting closes ${formatDateTime(p().closedAt ?? p().closesAt)} (${timeLeft(p().closedAt ?? p().closesAt, props.app.now())}).`
                  : p().status === "withdrawn"
                    ? "Withdrawn by its author."
                    : `Voting closed ${formatDateTime(p().closedAt ?? p().closesAt)}.`}
              </p>
              <div class="actions meeting-actions">
                <Show when={p().status === "open" || p().status === "closed"}>
                  <a class="button primary" href={href("pool", props.poolId, "proposal", p().id, "collect")}>
                    Collect ballots
                  </a>
                </Show>
                <Show when={typeof document !== "undefined" && document.fullscreenEnabled}>
                  <button type="button" onClick={toggleFull}>
                    {full() ? "Leave full screen" : "Full screen"}
                  </button>
                </Show>
              </div>
            </div>
          )}
        </Show>
      </main>
    </>
  );
}

function share(n: number, of: number): string {
  return `${of === 0 ? 0 : (100 * n) / of}%`;
}
