import { ok, type Result, refuse } from "../result.ts";
import {
  MEETING_MARKS,
  type MeetingMark,
  POLL_LIMITS,
  POLL_METHODS,
  type PollChoice,
  type PollData,
  type PollMethod,
} from "./pollTypes.ts";

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const isIndex = (x: unknown, options: number): x is number =>
  Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) < options;
const onlyKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));
const distinct = (xs: readonly number[]) => new Set(xs).size === xs.length;

/** Checks a `poll` proposal's data (untrusted): question, 2–20 distinct options of at most 100 characters, a known method. */
export function validatePollData(data: unknown): Result<PollData> {
  if (!isObject(data) || !onlyKeys(data, ["question", "options", "method"])) return refuse("bad-poll", "shape");
  const { question, options, method } = data;
  if (typeof question !== "string" || question.trim() === "" || question.length > POLL_LIMITS.questionChars)
    return refuse("bad-poll", "question");
  if (!Array.isArray(options) || options.length < POLL_LIMITS.minOptions || options.length > POLL_LIMITS.maxOptions)
    return refuse("bad-poll", "number of options");
  for (const o of options)
    if (typeof o !== "string" || o.trim() === "" || o.length > POLL_LIMITS.optionChars)
      return refuse("bad-poll", "option");
  if (new Set(options).size !== options.length) return refuse("bad-poll", "repeated option");
  const checked = validateMethod(method, options);
  if (!checked.ok) return checked;
  return ok({ question, options: options as string[], method: checked.value });
}

function validateMethod(method: unknown, options: unknown[]): Result<PollMethod> {
  if (!isObject(method) || !POLL_METHODS.includes(method.kind as never)) return refuse("bad-poll", "method");
  if (method.kind === "choose-many") {
    if (!onlyKeys(method, ["kind", "max"]) || !Number.isSafeInteger(method.max)) return refuse("bad-poll", "max");
    const max = method.max as number;
    if (max < 1 || max > options.length) return refuse("bad-poll", "max");
    return ok({ kind: "choose-many", max });
  }
  if (!onlyKeys(method, ["kind"])) return refuse("bad-poll", "method");
  if (method.kind === "meeting-time" && !options.every((o) => !Number.isNaN(Date.parse(o as string))))
    return refuse("bad-poll", "a meeting-time option is not a date-time");
  return ok({ kind: method.kind } as PollMethod);
}

/** Checks a ballot's `choice` against its poll (untrusted): the one shape its method takes, in range. */
export function validatePollChoice(poll: PollData, choice: unknown): Result<PollChoice> {
  const n = poll.options.length;
  if (!isObject(choice) || Object.keys(choice).length !== 1) return refuse("bad-ballot", "shape");
  const m = poll.method;
  if (m.kind === "choose-one") {
    return isIndex(choice.pick, n) ? ok({ pick: choice.pick }) : refuse("bad-ballot", "pick one option");
  }
  if (m.kind === "choose-many") {
    const picks = choice.picks;
    if (!Array.isArray(picks) || picks.length > m.max || !picks.every((p) => isIndex(p, n)) || !distinct(picks))
      return refuse("bad-ballot", `pick up to ${m.max} different options`);
    return ok({ picks });
  }
  if (m.kind === "ranked") {
    const ranking = choice.ranking;
    if (!Array.isArray(ranking) || ranking.length === 0 || !ranking.every((p) => isIndex(p, n)) || !distinct(ranking))
      return refuse("bad-ballot", "rank different options");
    return ok({ ranking });
  }
  if (m.kind === "score") {
    const scores = choice.scores;
    const inRange = (s: unknown) =>
      Number.isSafeInteger(s) && (s as number) >= 0 && (s as number) <= POLL_LIMITS.maxScore;
    if (!Array.isArray(scores) || scores.length !== n || !scores.every(inRange))
      return refuse("bad-ballot", `score every option from 0 to ${POLL_LIMITS.maxScore}`);
    return ok({ scores });
  }
  const marks = choice.marks;
  if (!Array.isArray(marks) || marks.length !== n || !marks.every((x) => MEETING_MARKS.includes(x as MeetingMark)))
    return refuse("bad-ballot", "mark every date yes, if need be, or no");
  return ok({ marks });
}
