import { instantRunoff, type RunoffResult } from "./instantRunoff.ts";
import type { MeetingMark, PollBallot, PollData } from "./pollTypes.ts";

/** How each option fared; which fields are filled depends on the method. */
export interface OptionResult {
  option: number;
  /** choose-one, choose-many: ballots naming it. ranked: first preferences in the first round. */
  votes: number;
  /** score: the sum of its scores, and the mean over ballots cast (in hundredths, integer-rounded down). */
  scoreSum?: number;
  meanHundredths?: number;
  /** meeting-time: how many said yes, if need be, no. */
  yes?: number;
  ifNeedBe?: number;
  no?: number;
}

export interface PollResult {
  ballots: number;
  options: OptionResult[];
  /** The options in first place: one is a winner, several are a tie the group settles. Empty with no ballots. */
  leaders: number[];
  runoff?: RunoffResult;
}

/**
 * Counts the ballots that count (each member's last before the close, as for any proposal) by
 * the poll's method (rules §11). Integers only, and nothing depends on the ballots' order, so
 * every phone gets the same result.
 */
export function countPoll(poll: PollData, ballots: readonly PollBallot[]): PollResult {
  const n = poll.options.length;
  const options: OptionResult[] = poll.options.map((_, option) => ({ option, votes: 0 }));
  const m = poll.method;
  if (m.kind === "ranked") {
    const rankings = ballots.map((b) => ("ranking" in b.choice ? b.choice.ranking : []));
    const runoff = instantRunoff(n, rankings);
    runoff.rounds[0]?.counts.forEach((c, i) => {
      (options[i] as OptionResult).votes = c ?? 0;
    });
    return { ballots: ballots.length, options, leaders: runoff.winner === undefined ? [] : [runoff.winner], runoff };
  }
  if (m.kind === "score") {
    for (const o of options) o.scoreSum = 0;
    for (const b of ballots)
      if ("scores" in b.choice)
        b.choice.scores.forEach((s, i) => {
          addTo(options[i], "scoreSum", s);
        });
    for (const o of options)
      o.meanHundredths = ballots.length ? Math.floor(((o.scoreSum ?? 0) * 100) / ballots.length) : 0;
    return { ballots: ballots.length, options, leaders: leadersBy(options, (o) => [o.scoreSum ?? 0], ballots.length) };
  }
  if (m.kind === "meeting-time") {
    for (const o of options) Object.assign(o, { yes: 0, ifNeedBe: 0, no: 0 });
    const field: Record<MeetingMark, "yes" | "ifNeedBe" | "no"> = { yes: "yes", "if-need-be": "ifNeedBe", no: "no" };
    for (const b of ballots)
      if ("marks" in b.choice)
        b.choice.marks.forEach((mk, i) => {
          addTo(options[i], field[mk], 1);
        });
    for (const o of options) o.votes = o.yes ?? 0;
    // Most yes wins; among those, most yes-or-if-need-be.
    const key = (o: OptionResult) => [o.yes ?? 0, (o.yes ?? 0) + (o.ifNeedBe ?? 0)];
    return { ballots: ballots.length, options, leaders: leadersBy(options, key, ballots.length) };
  }
  for (const b of ballots) {
    const picked = "pick" in b.choice ? [b.choice.pick] : "picks" in b.choice ? b.choice.picks : [];
    for (const p of picked) addTo(options[p], "votes", 1);
  }
  return { ballots: ballots.length, options, leaders: leadersBy(options, (o) => [o.votes], ballots.length) };
}

function addTo(o: OptionResult | undefined, field: "votes" | "scoreSum" | "yes" | "ifNeedBe" | "no", by: number): void {
  if (o) o[field] = (o[field] ?? 0) + by;
}

/** The options whose keys compare highest, lexicographically; none when nobody voted. */
function leadersBy(options: readonly OptionResult[], key: (o: OptionResult) => number[], ballots: number): number[] {
  if (ballots === 0) return [];
  let best: number[] = [];
  let leaders: number[] = [];
  for (const o of options) {
    const k = key(o);
    const cmp = compare(k, best);
    if (leaders.length === 0 || cmp > 0) {
      best = k;
      leaders = [o.option];
    } else if (cmp === 0) leaders.push(o.option);
  }
  return leaders;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
