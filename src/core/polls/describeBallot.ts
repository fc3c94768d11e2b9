import type { BallotChoice, ProposalSpec } from "../events/types.ts";
import { pollOf } from "./pollOf.ts";
import type { PollChoice, PollData } from "./pollTypes.ts";

const MARK_WORDS = { yes: "yes", "if-need-be": "if need be", no: "no" } as const;

/** A ballot in words, as a voter or a meetup's chair reads it back ("yes"; "ranked Tent, Hut"). */
export function describeBallot(proposal: ProposalSpec | undefined, choice: BallotChoice): string {
  if (typeof choice === "string") return choice;
  const poll = proposal ? pollOf(proposal) : undefined;
  return poll ? describePollChoice(poll, choice) : "a poll ballot";
}

export function describePollChoice(poll: PollData, choice: PollChoice): string {
  const name = (i: number) => poll.options[i] ?? `option ${i + 1}`;
  if ("pick" in choice) return name(choice.pick);
  if ("picks" in choice) return choice.picks.length ? choice.picks.map(name).join(", ") : "none of the options";
  if ("ranking" in choice) return `ranked ${choice.ranking.map(name).join(" > ")}`;
  if ("scores" in choice) return choice.scores.map((s, i) => `${name(i)} ${s}/5`).join(", ");
  return choice.marks.map((m, i) => `${name(i)}: ${MARK_WORDS[m]}`).join(", ");
}
