import { For, Show } from "solid-js";
import type { PoolState, ProposalView } from "../../../core/index.ts";
import { memberName } from "../../../state/selectors.ts";
import { plural } from "../../format.ts";
import { resultLabel, stillNeededText } from "../proposalText.ts";
import "./meetup.css";

/** The numbers a room wants to see, from the proposal's own tally (provisional until sealed). */
export function countOf(p: ProposalView) {
  const t = p.decided?.tally ?? p.tally;
  const cast = t.yes + t.no + t.abstain + t.block + (t.ballots ?? 0);
  return { ...t, cast, waiting: p.status === "open" || p.status === "closed" ? p.notVoted.length : 0 };
}

/** "7 of 12 voted", the sentence a screen reader hears when the count changes. */
export function votedSentence(p: ProposalView): string {
  const c = countOf(p);
  // A poll's ballots are not yes or no (rules §11); its results screen shows the options.
  if (p.spec.kind === "poll") return `${c.cast} of ${c.electorate} voted.`;
  const block = p.rules.allowBlock ? `, ${c.block} block` : "";
  return `${c.cast} of ${c.electorate} voted: ${c.yes} yes, ${c.no} no, ${c.abstain} abstain${block}.`;
}

/** Who may still vote and has not, in plain words. */
export function waitingSentence(p: ProposalView): string {
  const n = countOf(p).waiting;
  if (p.status !== "open") return n === 0 ? "Everyone voted." : `${plural(n, "member")} did not vote.`;
  return n === 0 ? "Everyone has voted." : `${plural(n, "eligible member")} ${n === 1 ? "has" : "have"} not voted yet.`;
}

/** What the result is now and, while voting is open, what it still needs. */
export function outlookSentence(p: ProposalView): string {
  if (p.status === "open") return stillNeededText(p);
  if (p.status === "closed") return "Voting has closed; the result is final once it is sealed and confirmed.";
  return "";
}

/**
 * The count as large tiles: yes, no, abstain (and block where the rules allow it). Words, not
 * only colours, say which is which.
 */
export function CountTiles(props: { proposal: ProposalView; size: "room" | "compact" }) {
  const c = () => countOf(props.proposal);
  const tiles = () =>
    props.proposal.spec.kind === "poll" ? [{ key: "ballots", label: "Ballots", n: c().ballots ?? 0 }] : yesNoTiles();
  const yesNoTiles = () => [
    { key: "yes", label: "Yes", n: c().yes },
    { key: "no", label: "No", n: c().no },
    { key: "abstain", label: "Abstain", n: c().abstain },
    ...(props.proposal.rules.allowBlock ? [{ key: "block", label: "Block", n: c().block }] : []),
  ];
  return (
    <dl class={`count-tiles ${props.size}`} data-tiles={tiles().length}>
      <For each={tiles()}>
        {(t) => (
          <div class={`count-tile ${t.key}`}>
            <dt>{t.label}</dt>
            <dd data-testid={`count-${t.key}`}>{t.n}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}

/** Names of eligible members who have not voted, for the chair to call on. */
export function NotVotedNames(props: { state: PoolState; proposal: ProposalView; me: string }) {
  return (
    <Show when={countOf(props.proposal).waiting > 0}>
      <p class="not-voted-names">
        Not voted{props.proposal.status === "open" ? " yet" : ""}:{" "}
        {props.proposal.notVoted.map((m) => memberName(props.state, m, props.me)).join(", ")}
      </p>
    </Show>
  );
}

/** The result so far as a badge-like line: passing, not passing, passed, failed. */
export function ResultLine(props: { proposal: ProposalView; class?: string }) {
  const passed = () => (props.proposal.decided?.tally ?? props.proposal.tally).passed;
  return (
    <p class={`result-line ${passed() ? "passing" : "not-passing"} ${props.class ?? ""}`} data-testid="meetup-result">
      <Show when={passed() || props.proposal.status !== "open"}>
        <span aria-hidden="true" class="result-mark">
          {passed() ? "✓" : "✗"}
        </span>
      </Show>
      <span>{resultLabel(props.proposal)}</span>
    </p>
  );
}
