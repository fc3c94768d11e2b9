import type { ProposalSpec } from "../events/types.ts";
import type { PollData } from "./pollTypes.ts";

/** The poll a proposal asks, or undefined when it is not a poll. */
export function pollOf(data: ProposalSpec): PollData | undefined {
  if (data.kind !== "poll") return undefined;
  return { question: data.question, options: data.options, method: data.method };
}
