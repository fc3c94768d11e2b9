import { createSignal, For, Show } from "solid-js";
import type { PoolState, RoundView } from "../../../core/index.ts";
import { bucketsOpen, inRound, myRemaining, type RoundPhase, roundPhase, roundTitle } from "../../../state/rounds.ts";
import { isActiveMember } from "../../../state/selectors.ts";
import { Money } from "../../components/Money.tsx";
import { Empty, Notice } from "../../components/Notice.tsx";
import { formatDateTime, timeLeft } from "../../format.ts";
import { href } from "../../router.ts";
import { PoolFrame, type PoolScreenProps } from "../PoolFrame.tsx";
import { BucketCard } from "./BucketCard.tsx";
import { BucketForm } from "./BucketForm.tsx";
import { RoundSealPanel } from "./RoundSealPanel.tsx";
import "./rounds.css";

const PHASE_LABEL: Record<RoundPhase, string> = { open: "Open", closed: "Closed", decided: "Decided" };

function RoundHeader(props: { state: PoolState; round: RoundView; phase: RoundPhase; me: string; now: number }) {
  const r = () => props.round;
  const currency = () => props.state.currency;
  const reservation = () => props.state.ledger.approved.find((a) => a.id === r().id);
  return (
    <section class="card" aria-labelledby="round-title">
      <div class="row">
        <h2 id="round-title" class="grow" style={{ margin: 0 }}>
          {roundTitle(props.state, r())}
        </h2>
        <span class={props.phase === "open" ? "badge ok" : "badge"}>{PHASE_LABEL[props.phase]}</span>
      </div>
      <p class="small" data-testid="round-time">
        {props.phase === "open"
          ? `Members can give until ${formatDateTime(r().closesAt)} (${timeLeft(r().closesAt, props.now)}).`
          : props.phase === "closed"
            ? `Closed ${formatDateTime(r().closesAt)}. The result is sealed and confirmed next.`
            : `Closed ${formatDateTime(r().closesAt)}. The result is final.`}
        <Show when={props.phase === "open"}>
          {" "}
          {bucketsOpen(r(), props.now)
            ? `New buckets until ${formatDateTime(r().bucketDeadline)} (${timeLeft(r().bucketDeadline, props.now)}).`
            : "No new buckets: their deadline has passed."}
        </Show>
      </p>
      <dl class="figures">
        <div class="figure">
          <dt>Round</dt>
          <dd>
            <Money amount={r().amount} currency={currency()} />
          </dd>
        </div>
        <div class="figure">
          <dt>Your share</dt>
          <dd>
            <Money amount={inRound(r(), props.me) ? r().share : 0} currency={currency()} />
          </dd>
        </div>
        <Show
          when={props.phase === "open"}
          fallback={
            <div class="figure">
              <dt>You gave</dt>
              <dd>
                <Money amount={r().allocatedBy[props.me] ?? 0} currency={currency()} />
              </dd>
            </div>
          }
        >
          <div class="figure">
            <dt>You have left</dt>
            <dd data-testid="my-remaining">
              <Money amount={myRemaining(r(), props.me)} currency={currency()} />
            </dd>
          </div>
        </Show>
      </dl>
      <p class="small muted">
        Each of the {r().electorate.length} members who could vote on this round has the same share to give: one person,
        one vote, in money.
        <Show when={r().remainder > 0}>
          {" "}
          The <Money amount={r().remainder} currency={currency()} /> that does not split evenly stays with the pool.
        </Show>
        <Show when={r().bucketCap !== undefined}>
          {" "}
          One bucket may get at most <Money amount={r().bucketCap ?? 0} currency={currency()} />.
        </Show>
      </p>
      <Show when={!inRound(r(), props.me) && isActiveMember(props.state, props.me)}>
        <Notice>
          You have no share in this round: it was voted on before you could vote in this pool. You can still propose
          buckets.
        </Notice>
      </Show>
      <Show when={props.phase !== "decided" && reservation()?.waiting}>
        <Notice kind="warn">
          The pool does not hold enough money for this round yet. Funded buckets wait for money to come in before they
          are paid.
        </Notice>
      </Show>
    </section>
  );
}

/** A budget round: buckets and how far each is, my share to give, proposing buckets, the close. */
export function RoundScreen(props: PoolScreenProps & { roundId: string }) {
  const [proposing, setProposing] = createSignal(false);
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="proposals"
      back={href("pool", props.poolId, "proposal", props.roundId)}
      title={() => "Budget round"}
    >
      {(v) => {
        const round = () => v().state.rounds[props.roundId];
        return (
          <Show
            when={round()}
            fallback={
              <Notice>
                This budget round is not open on this phone (yet). It opens once the group approves{" "}
                <a href={href("pool", props.poolId, "proposal", props.roundId)}>its proposal</a> and the result is
                confirmed.
              </Notice>
            }
          >
            {(r) => {
              const phase = () => roundPhase(r(), v().now);
              const buckets = () =>
                [...r().buckets].sort((a, b) => Number(a.cancelled) - Number(b.cancelled) || a.at - b.at);
              const canPropose = () => bucketsOpen(r(), v().now) && isActiveMember(v().state, v().me);
              return (
                <>
                  <RoundHeader state={v().state} round={r()} phase={phase()} me={v().me} now={v().now} />
                  <Show when={phase() !== "open"}>
                    <RoundSealPanel
                      state={v().state}
                      round={r()}
                      me={v().me}
                      now={v().now}
                      actions={v().actions.rounds}
                    />
                  </Show>
                  <div class="section-head">
                    <h2>Buckets</h2>
                    <Show when={canPropose() && !proposing()}>
                      <button type="button" onClick={() => setProposing(true)}>
                        Propose a bucket
                      </button>
                    </Show>
                  </div>
                  <Show when={canPropose() && proposing()}>
                    <section class="card" aria-labelledby="new-bucket-title">
                      <div class="row">
                        <h3 id="new-bucket-title" class="grow" style={{ margin: 0 }}>
                          Propose a bucket
                        </h3>
                        <button type="button" onClick={() => setProposing(false)}>
                          Close
                        </button>
                      </div>
                      <BucketForm
                        state={v().state}
                        round={r()}
                        actions={v().actions.rounds}
                        onDone={() => setProposing(false)}
                      />
                    </section>
                  </Show>
                  <Show
                    when={buckets().length > 0}
                    fallback={
                      <div class="card">
                        <Empty>
                          No buckets yet.{" "}
                          {canPropose() ? "What should the round fund? Propose a bucket." : "None were proposed."}
                        </Empty>
                      </div>
                    }
                  >
                    <For each={buckets()}>
                      {(b) => (
                        <BucketCard
                          state={v().state}
                          poolId={props.poolId}
                          round={r()}
                          bucket={b}
                          phase={phase()}
                          me={v().me}
                          actions={v().actions.rounds}
                        />
                      )}
                    </For>
                  </Show>
                </>
              );
            }}
          </Show>
        );
      }}
    </PoolFrame>
  );
}
