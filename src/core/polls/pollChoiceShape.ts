import { MEETING_MARKS, type MeetingMark, POLL_LIMITS, type PollChoice } from "./pollTypes.ts";

const isSmallIndex = (x: unknown) =>
  Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) < POLL_LIMITS.maxOptions;
const listOf = (v: unknown, item: (x: unknown) => boolean) =>
  Array.isArray(v) && v.length <= POLL_LIMITS.maxOptions && v.every(item);

/**
 * The shape of a poll ballot, before its poll is known (an event's data is checked on its own):
 * one of the five ballot keys with a list no longer than the most options a poll may have. Whether
 * it fits its poll (`validatePollChoice`) is judged in the fold, which holds the poll.
 */
export function isPollChoiceShape(v: unknown): v is PollChoice {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1) return false;
  const o = v as Record<string, unknown>;
  switch (keys[0]) {
    case "pick":
      return isSmallIndex(o.pick);
    case "picks":
      return listOf(o.picks, isSmallIndex);
    case "ranking":
      return listOf(o.ranking, isSmallIndex);
    case "scores":
      return listOf(
        o.scores,
        (x) => Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) <= POLL_LIMITS.maxScore,
      );
    case "marks":
      return listOf(o.marks, (x) => MEETING_MARKS.includes(x as MeetingMark));
    default:
      return false;
  }
}
