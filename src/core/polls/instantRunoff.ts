/** One round of an instant-runoff count, as the results screen shows it. */
export interface RunoffRound {
  /** First preferences per option among the live ballots; `null` for options already eliminated. */
  counts: (number | null)[];
  /** Ballots that still rank a live option. */
  live: number;
  /** Ballots whose every ranked option has been eliminated. */
  exhausted: number;
  /** Options removed at the end of this round (empty in the deciding round). */
  eliminated: number[];
}

export interface RunoffResult {
  rounds: RunoffRound[];
  /** The option left holding a majority of live ballots; undefined when no ballot ranks anything. */
  winner?: number;
}

/**
 * Instant runoff (rules §11): each round counts every live ballot for its highest-ranked option
 * still in the race. An option with more than half the live ballots wins (it could never be the
 * one with the fewest, so this only spares rounds that cannot change the winner). Otherwise the
 * options with the fewest first preferences go out together, unless that would leave none: then
 * only the later-listed of them goes, so the order of options, fixed when the poll was written,
 * breaks the last tie the same way on every phone.
 */
export function instantRunoff(optionCount: number, rankings: readonly (readonly number[])[]): RunoffResult {
  const inRace = new Array<boolean>(optionCount).fill(true);
  let remaining = optionCount;
  const rounds: RunoffRound[] = [];
  while (remaining > 0) {
    const counts: (number | null)[] = inRace.map((x) => (x ? 0 : null));
    let live = 0;
    for (const ranking of rankings) {
      const top = ranking.find((o) => inRace[o]);
      if (top === undefined) continue;
      counts[top] = (counts[top] as number) + 1;
      live++;
    }
    const round: RunoffRound = { counts, live, exhausted: rankings.length - live, eliminated: [] };
    rounds.push(round);
    if (live === 0) return { rounds };
    const leader = indexOfMax(counts);
    if ((counts[leader] as number) * 2 > live || remaining === 1) return { rounds, winner: leader };
    const fewest = Math.min(...(counts.filter((c) => c !== null) as number[]));
    const lowest = counts.flatMap((c, i) => (c === fewest ? [i] : []));
    round.eliminated = lowest.length < remaining ? lowest : [lowest[lowest.length - 1] as number];
    for (const o of round.eliminated) inRace[o] = false;
    remaining -= round.eliminated.length;
  }
  return { rounds };
}

function indexOfMax(counts: readonly (number | null)[]): number {
  let best = -1;
  counts.forEach((c, i) => {
    if (c !== null && (best < 0 || c > (counts[best] as number))) best = i;
  });
  return best;
}
