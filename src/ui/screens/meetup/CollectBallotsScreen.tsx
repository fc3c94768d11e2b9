import { createSignal, For, Show } from "solid-js";
import type { ProposalView } from "../../../core/index.ts";
import type { BallotOutcome } from "../../../state/commands/meetup.ts";
import type { PoolActions } from "../../../state/poolActions.ts";
import { CameraScanner } from "../../components/CameraScanner.tsx";
import { Notice } from "../../components/Notice.tsx";
import { plural } from "../../format.ts";
import { href } from "../../router.ts";
import { BallotFallbacks } from "../BallotPanel.tsx";
import { PoolFrame, type PoolScreenProps, type PoolView } from "../PoolFrame.tsx";
import {
  CountTiles,
  countOf,
  NotVotedNames,
  outlookSentence,
  ResultLine,
  votedSentence,
  waitingSentence,
} from "./LiveCount.tsx";
import { keepScreenOn } from "./wakeLock.ts";

/**
 * The chair's phone at a meetup with no network (docs/rules.md §1, §6): the live camera reads
 * each voter's ballot QR code, this phone checks it (signature, pool, proposal, electorate)
 * and adds it, and the count above updates at once. A refused ballot says why.
 */
export function CollectBallotsScreen(props: PoolScreenProps & { proposalId: string }) {
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="proposals"
      back={href("pool", props.poolId, "proposal", props.proposalId)}
      title={() => "Collect ballots"}
    >
      {(v) => (
        <Show
          when={v().state.proposals[props.proposalId]}
          fallback={<Notice>This proposal is not on this phone (yet). It appears once it syncs.</Notice>}
        >
          {(p) => <Collector view={v} proposal={p} poolId={props.poolId} />}
        </Show>
      )}
    </PoolFrame>
  );
}

type ScanStatus = BallotOutcome["status"] | "error";

interface Scan {
  /** The scanned text: one entry per distinct ballot, however often it is scanned. */
  key: string;
  status: ScanStatus;
  message: string;
  times: number;
}

const MARK: Record<ScanStatus, string> = {
  counted: "✓",
  already: "=",
  superseded: "=",
  refused: "✗",
  error: "!",
};

function Collector(props: { view: () => PoolView; proposal: () => ProposalView; poolId: string }) {
  keepScreenOn();
  const p = () => props.proposal();
  const actions = () => props.view().actions as PoolActions;
  const [camera, setCamera] = createSignal(true);
  const [latest, setLatest] = createSignal<{ status: ScanStatus; message: string }>();
  const [scans, setScans] = createSignal<Scan[]>([]);
  const accepting = () => p().status === "open" || p().status === "closed";

  // One ballot at a time, in the order scanned, so "already counted" is always right.
  let queue: Promise<void> = Promise.resolve();
  const handle = async (text: string) => {
    const r = await actions().collectBallot(text, p().id);
    const outcome = r.ok
      ? { status: r.value.status as ScanStatus, message: r.value.message }
      : { status: "error" as const, message: r.error };
    setLatest(outcome);
    if (outcome.status === "counted") (navigator as { vibrate?: (ms: number) => boolean }).vibrate?.(80);
    const before = scans().find((s) => s.key === text);
    // A ballot counted earlier keeps saying so; a later scan only adds to its count of scans.
    const entry: Scan =
      before && before.status === "counted" && outcome.status === "already"
        ? { ...before, times: before.times + 1 }
        : { key: text, ...outcome, times: (before?.times ?? 0) + 1 };
    setScans([entry, ...scans().filter((s) => s.key !== text)].slice(0, 50));
  };
  const add = (text: string) => {
    queue = queue.then(() => handle(text)).catch(console.error);
    return queue;
  };
  const tally = () => {
    const list = scans();
    const counted = list.filter((s) => s.status === "counted").length;
    const refused = list.filter((s) => s.status === "refused" || s.status === "error").length;
    return `${plural(list.length, "ballot")} scanned here: ${counted} counted, ${refused} refused.`;
  };

  return (
    <>
      <h2 class="collect-title">{p().title}</h2>
      <Show
        when={accepting()}
        fallback={
          <Notice>
            {p().status === "withdrawn"
              ? "This proposal was withdrawn; there is nothing to collect."
              : "The result is final; ballots can no longer change it."}
          </Notice>
        }
      >
        <section class="card collect-camera" aria-label="Camera">
          <Show when={camera()}>
            <CameraScanner label="Camera view for scanning ballots" onCode={(t) => void add(t)} />
          </Show>
          <div class="row camera-row">
            <p class="small grow" style={{ margin: 0 }}>
              Hold each voter's ballot QR code in view. Each ballot is checked on this phone before it counts.
            </p>
            <button type="button" aria-pressed={!camera()} onClick={() => setCamera(!camera())}>
              {camera() ? "Pause" : "Start camera"}
            </button>
          </div>
        </section>
        <p
          class={`scan-result ${latest()?.status ?? "idle"}`}
          role="status"
          data-testid="scan-result"
          aria-live="polite"
        >
          <Show when={latest()} fallback="No ballot scanned yet.">
            {(l) => (
              <>
                <span class="scan-mark" aria-hidden="true">
                  {MARK[l().status]}
                </span>
                <span>{l().message}</span>
              </>
            )}
          </Show>
        </p>
      </Show>

      <section class="card collect-count" aria-labelledby="live-count-title">
        <h3 id="live-count-title" class="sr-only">
          {p().status === "open" ? "Live count" : "Count"}
        </h3>
        <div class="row">
          <p class="collect-voted" aria-live="polite">
            <span class="sr-only" data-testid="collect-count">
              {votedSentence(p())}
            </span>
            <span aria-hidden="true">
              {countOf(p()).cast} of {countOf(p()).electorate} voted
            </span>
          </p>
          <a class="button" href={href("pool", props.poolId, "proposal", p().id, "meeting")}>
            Meeting view
          </a>
        </div>
        <CountTiles proposal={p()} size="compact" />
        <ResultLine proposal={p()} />
        <p class="small">
          {waitingSentence(p())} {outlookSentence(p())}
        </p>
        <NotVotedNames state={props.view().state} proposal={p()} me={props.view().me} />
      </section>

      <Show when={scans().length > 0}>
        <section aria-labelledby="scanned-title">
          <h3 id="scanned-title">Scanned on this phone</h3>
          <p class="small muted">{tally()}</p>
          <ul class="list card scan-log" aria-label="Scanned ballots">
            <For each={scans()}>
              {(s) => (
                <li class={`scan-entry ${s.status}`}>
                  <span class="scan-mark" aria-hidden="true">
                    {MARK[s.status]}
                  </span>
                  <span>
                    {s.message}
                    <Show when={s.times > 1}>
                      <span class="muted">
                        {" "}
                        Scanned {s.times} times{s.status === "counted" ? "; counted once" : ""}.
                      </span>
                    </Show>
                  </span>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>

      <Show when={accepting()}>
        <details class="card">
          <summary>No camera? Add a ballot from a photo or as text</summary>
          <BallotFallbacks onText={add} onProblem={(message) => setLatest({ status: "error", message })} />
        </details>
      </Show>
    </>
  );
}
