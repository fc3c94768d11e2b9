import type { Rules } from "../../core/index.ts";

/** How long a new proposal stays open, with the pool's own default and minimum spelled out. */
export function VotingHoursField(props: { id: string; rules: Rules; value: string; onInput: (value: string) => void }) {
  const days = () => props.rules.votingDays;
  const hours = () => props.rules.minVotingHours;
  return (
    <>
      <label for={props.id}>
        Voting stays open for (hours)
        <span class="hint">
          Leave empty for {days()} day{days() === 1 ? "" : "s"}. At least {hours()} hour{hours() === 1 ? "" : "s"}.
          {props.rules.closeWhenAllVoted ? " It closes early once everyone has voted." : ""}
        </span>
      </label>
      <input
        id={props.id}
        inputmode="numeric"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </>
  );
}
