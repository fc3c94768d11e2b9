import { createSignal, Show } from "solid-js";
import { isActiveMember, memberName } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { CalendarButton } from "../components/CalendarButton.tsx";
import { ErrorText, Notice } from "../components/Notice.tsx";
import { formatDateTime, timeLeft } from "../format.ts";
import { href } from "../router.ts";
import { CollectBallots, MyBallot } from "./BallotPanel.tsx";
import { FloodProposalDetails } from "./floods/FloodProposalDetails.tsx";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";
import { Comments } from "./ProposalComments.tsx";
import { SpecDetails } from "./ProposalSpecDetails.tsx";
import { PollVotePanel } from "./polls/PollVotePanel.tsx";
import { KIND_LABEL } from "./proposalText.ts";
import { RoundProposalDetails } from "./rounds/RoundLinks.tsx";
import { SealPanel } from "./SealPanel.tsx";
import { TallyPanel } from "./TallyPanel.tsx";
import { VotePanel } from "./VotePanel.tsx";

/** One proposal: what it asks, the count, my vote, the seal, and the discussion. */
export function ProposalDetail(props: PoolScreenProps & { proposalId: string }) {
  return (
    <PoolFrame
      app={props.app}
      poolId={props.poolId}
      tab="proposals"
      back={href("pool", props.poolId, "proposals")}
      title={() => "Proposal"}
    >
      {(v) => {
        const p = () => v().state.proposals[props.proposalId];
        return (
          <Show
            when={p()}
            fallback={<Notice>This proposal is not on this phone (yet). It appears once it syncs.</Notice>}
          >
            {(prop) => {
              const withdraw = createAction(() => v().actions.withdraw(prop().id));
              const [askWithdraw, setAskWithdraw] = createSignal(false);
              const open = () => prop().status === "open";
              const canVote = () => open() && prop().electorate.includes(v().me);
              return (
                <>
                  <article class="card">
                    <p class="small muted" style={{ margin: 0 }}>
                      <span class="badge">{KIND_LABEL[prop().spec.kind]}</span> by{" "}
                      {memberName(v().state, prop().by, v().me)} · {formatDateTime(prop().at)}
                    </p>
                    <h2 style={{ "margin-top": ".4rem" }}>{prop().title}</h2>
                    <SpecDetails state={v().state} proposal={prop()} me={v().me} />
                    <FloodProposalDetails app={props.app} state={v().state} proposal={prop()} />
                    <Show when={prop().spec.kind === "round"}>
                      <RoundProposalDetails state={v().state} proposal={prop()} poolId={props.poolId} />
                    </Show>
                    <Show when={prop().text}>
                      <p style={{ "white-space": "pre-wrap" }}>{prop().text}</p>
                    </Show>
                    <p class="small">
                      {open()
                        ? `Voting closes ${formatDateTime(prop().closedAt ?? prop().closesAt)} (${timeLeft(prop().closedAt ?? prop().closesAt, v().now)}).`
                        : prop().status === "withdrawn"
                          ? "Withdrawn by its author."
                          : `Voting closed ${formatDateTime(prop().closedAt ?? prop().closesAt)}.`}
                    </p>
                    <Show when={open()}>
                      <CalendarButton
                        proposalId={prop().id}
                        poolName={v().state.name}
                        title={prop().title}
                        closesAt={prop().closedAt ?? prop().closesAt}
                      />
                    </Show>
                  </article>
                  <TallyPanel state={v().state} proposal={prop()} me={v().me} />
                  <Show when={canVote()}>
                    <Show
                      when={prop().spec.kind === "poll"}
                      fallback={<VotePanel proposal={prop()} me={v().me} now={v().now} actions={v().actions} />}
                    >
                      <PollVotePanel proposal={prop()} me={v().me} actions={v().actions} />
                    </Show>
                  </Show>
                  <Show when={open() && isActiveMember(v().state, v().me) && !prop().electorate.includes(v().me)}>
                    <Notice>
                      You cannot vote on this proposal: it was made before you could vote in this pool
                      {prop().spec.kind === "remove-member" && (prop().spec as { member: string }).member === v().me
                        ? ", or it is about you"
                        : ""}
                      .
                    </Notice>
                  </Show>
                  <Show when={prop().status === "closed" || prop().status === "decided"}>
                    <SealPanel state={v().state} proposal={prop()} me={v().me} now={v().now} actions={v().actions} />
                  </Show>
                  <Show when={prop().electorate.includes(v().me) && (open() || prop().status === "closed")}>
                    <MyBallot proposal={prop().id} actions={v().actions} />
                  </Show>
                  <Show when={isActiveMember(v().state, v().me) && (open() || prop().status === "closed")}>
                    <details class="card">
                      <summary>Collect ballots (meetup without signal)</summary>
                      <CollectBallots actions={v().actions} poolId={props.poolId} proposal={prop().id} />
                    </details>
                  </Show>
                  <Show
                    when={prop().decided?.tally.passed && prop().spend?.kind === "spend" && prop().spend!.remaining > 0}
                  >
                    <a class="button primary wide" href={`${href("pool", props.poolId, "ledger")}?payout=${prop().id}`}>
                      Record the payout
                    </a>
                  </Show>
                  <Show when={open() && prop().by === v().me}>
                    <Show
                      when={askWithdraw()}
                      fallback={
                        <div class="actions">
                          <button class="danger" type="button" onClick={() => setAskWithdraw(true)}>
                            Withdraw proposal…
                          </button>
                        </div>
                      }
                    >
                      <div class="notice warn">
                        <p id="withdraw-ask" style={{ margin: 0 }}>
                          Withdraw “{prop().title}”? Voting stops and the votes cast so far will not count. This cannot
                          be undone.
                        </p>
                        <div class="actions">
                          <button
                            class="danger"
                            type="button"
                            disabled={withdraw.busy()}
                            onClick={() => void withdraw.run()}
                          >
                            Yes, withdraw it
                          </button>
                          <button type="button" onClick={() => setAskWithdraw(false)}>
                            Keep it open
                          </button>
                        </div>
                      </div>
                    </Show>
                    <ErrorText error={withdraw.error()} />
                  </Show>
                  <Comments
                    state={v().state}
                    proposal={prop()}
                    me={v().me}
                    onComment={(t) => v().actions.comment(prop().id, t)}
                  />
                </>
              );
            }}
          </Show>
        );
      }}
    </PoolFrame>
  );
}
