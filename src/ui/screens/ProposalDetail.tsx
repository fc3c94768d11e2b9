import { createSignal, For, Match, Show, Switch } from "solid-js";
import type { PoolState, ProposalView, Rules } from "../../core/index.ts";
import { isActiveMember, memberName } from "../../state/selectors.ts";
import { createAction } from "../components/action.ts";
import { CalendarButton } from "../components/CalendarButton.tsx";
import { Money } from "../components/Money.tsx";
import { ErrorText, Notice } from "../components/Notice.tsx";
import { formatDateTime, formatMoney, timeLeft } from "../format.ts";
import { href } from "../router.ts";
import { CollectBallots, MyBallot } from "./BallotPanel.tsx";
import { FloodProposalDetails } from "./floods/FloodProposalDetails.tsx";
import { PoolFrame, type PoolScreenProps } from "./PoolFrame.tsx";
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

const RULE_LABEL: Record<keyof Rules, string> = {
  threshold: "Support needed",
  quorum: "Turnout needed",
  allowBlock: "Block votes",
  votingDays: "Usual voting time",
  minVotingHours: "Shortest voting time",
  closeWhenAllVoted: "Close when everyone has voted",
  sealAfterHours: "Wait for late offline votes",
  buyIn: "Buy-in",
  refundOnLeave: "Refund buy-in on leaving",
  confirmBy: "Ledger entries confirmed by",
  treasurers: "Treasurers",
  amendThreshold: "Support needed to change rules",
  restoreHours: "Time to restore a vote left out of a seal",
  admission: "Admission",
  dues: "Dues",
  duesToVote: "Only members up to date with dues vote",
};

function ruleValue(state: PoolState, key: keyof Rules, value: unknown): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (key === "buyIn") return formatMoney(value as number, state.currency);
  if (key === "dues") {
    const dues = value as Rules["dues"];
    return dues ? `${formatMoney(dues.amount, state.currency)} every ${dues.every}` : "none";
  }
  if (key === "threshold" || key === "quorum" || key === "amendThreshold") return `${value}%`;
  if (key === "votingDays") return `${value} days`;
  if (key === "minVotingHours" || key === "sealAfterHours" || key === "restoreHours") return `${value} hours`;
  if (key === "treasurers") return (value as string[]).map((m) => memberName(state, m)).join(", ") || "none";
  return String(value);
}

/** What a dissolve proposal would do, in the words of docs/rules.md. */
function dissolveText(split: "equal" | "contributed" | { payee: string }): string {
  const rest =
    typeof split === "object"
      ? `everything left goes to ${split.payee}`
      : split === "equal"
        ? "what is left is split equally among the members"
        : "what is left is split in proportion to what each member contributed";
  return `Dissolve the pool: nothing new can be proposed or spent; buy-ins are refunded first, then ${rest}, to the cent.`;
}

function SpecDetails(props: { state: PoolState; proposal: ProposalView; me: string }) {
  const spec = () => props.proposal.spec;
  return (
    <Switch>
      <Match when={spec().kind === "spend" && (spec() as { amount: number; payee: string })}>
        {(s) => (
          <p>
            Spend{" "}
            <strong>
              <Money amount={s().amount} currency={props.state.currency} />
            </strong>{" "}
            paid to <strong>{s().payee}</strong>.
            <Show when={props.proposal.spend}>
              {(sp) => (
                <span class="small muted">
                  {" "}
                  Paid so far: <Money amount={sp().paid} currency={props.state.currency} />
                  {sp().cancelled ? " · cancelled" : sp().waiting ? " · waiting for funds" : ""}.
                </span>
              )}
            </Show>
          </p>
        )}
      </Match>
      <Match
        when={
          spec().kind === "poll" &&
          (spec() as { question: string }).question !== props.proposal.title &&
          (spec() as { question: string })
        }
      >
        {(s) => (
          <p>
            Poll: <strong>{s().question}</strong>
          </p>
        )}
      </Match>
      <Match when={spec().kind === "cancel-spend" && (spec() as { spend: string })}>
        {(s) => <p>Cancel the unpaid part of “{props.state.proposals[s().spend]?.title ?? "a spend"}”.</p>}
      </Match>
      <Match when={spec().kind === "remove-member" && (spec() as { member: string })}>
        {(s) => <p>Remove {memberName(props.state, s().member, props.me)} from the pool.</p>}
      </Match>
      <Match when={spec().kind === "dissolve" && (spec() as Extract<ProposalView["spec"], { kind: "dissolve" }>)}>
        {(s) => <p>{dissolveText(s().split)}</p>}
      </Match>
      <Match when={spec().kind === "rules" && (spec() as { changes: Partial<Rules> })}>
        {(s) => (
          <ul>
            <For each={Object.entries(s().changes) as [keyof Rules, unknown][]}>
              {([k, val]) => (
                <li>
                  {RULE_LABEL[k]}: {ruleValue(props.state, k, props.proposal.rules[k])} →{" "}
                  <strong>{ruleValue(props.state, k, val)}</strong>
                </li>
              )}
            </For>
          </ul>
        )}
      </Match>
    </Switch>
  );
}

function Comments(props: {
  state: PoolState;
  proposal: ProposalView;
  me: string;
  onComment: (t: string) => Promise<{ ok: true; value: string } | { ok: false; error: string }>;
}) {
  const [text, setText] = createSignal("");
  const send = createAction(
    () => props.onComment(text()),
    () => setText(""),
  );
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Discussion</h2>
      <Show when={props.proposal.comments.length > 0} fallback={<p class="muted small">No comments yet.</p>}>
        <ul class="list card">
          <For each={props.proposal.comments}>
            {(c) => (
              <li>
                <p class="small muted" style={{ margin: 0 }}>
                  {memberName(props.state, c.by, props.me)} · {formatDateTime(c.at)}
                </p>
                <p style={{ "white-space": "pre-wrap", margin: 0 }}>{c.text}</p>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={isActiveMember(props.state, props.me)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send.run();
          }}
        >
          <label for="comment-text">Add a comment</label>
          <textarea id="comment-text" maxLength={1000} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
          <ErrorText error={send.error()} />
          <button type="submit" class="wide" disabled={send.busy()}>
            Post comment
          </button>
        </form>
      </Show>
    </section>
  );
}
