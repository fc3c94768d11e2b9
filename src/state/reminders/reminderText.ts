/**
 * What a wake-up shows (rules §11 reminders): one notification per pool, only when something new
 * needs the person, naming the most urgent new thing ("New tent: your vote is needed, closes
 * Friday 18:00"). Plain data in, plain data out, so the service worker and the tests share it.
 */

/** The part of core's `Need` (policy/needsYou.ts) a reminder reads. */
export interface NeedLike {
  kind: string;
  proposal?: string;
  entry?: string;
  join?: string;
  seal?: string;
  title: string;
  deadline?: number;
}

export interface Reminder {
  title: string;
  body: string;
  /** One notification per pool: a newer one replaces it. */
  tag: string;
  /** Where tapping it opens the app (a hash route). */
  route: string;
}

/** The same thing to do keeps the same key across wake-ups, so it notifies once. */
export function needKey(n: NeedLike): string {
  return `${n.kind}:${n.proposal ?? ""}:${n.seal ?? n.entry ?? n.join ?? ""}`;
}

const WHAT: Record<string, string> = {
  vote: "your vote is needed",
  "restore-vote": "your vote was left out; you can restore it",
  seal: "the result is ready to be sealed",
  "confirm-seal": "the result needs your confirmation",
  "confirm-entry": "this entry needs your confirmation",
  admit: "asks to join and needs admitting",
  dues: "your dues are owed",
};

export const reminderTag = (poolId: string) => `pool-${poolId}`;

/**
 * The reminder for one pool, or undefined when nothing needs the person that the last wake-up
 * had not already told them about. `when` formats a deadline in the person's own words and zone.
 */
export function reminderFor(
  pool: { id: string; name: string },
  needs: readonly NeedLike[],
  notified: ReadonlySet<string>,
  when: (ms: number) => string,
): Reminder | undefined {
  const fresh = needs.filter((n) => !notified.has(needKey(n)));
  const first = fresh[0];
  if (!first) return undefined;
  const closes = first.deadline !== undefined && first.kind !== "dues" ? `, closes ${when(first.deadline)}` : "";
  const more = fresh.length > 1 ? ` (and ${fresh.length - 1} more)` : "";
  const segments = ["pool", pool.id];
  if (first.proposal) segments.push("proposal", first.proposal);
  else if (first.kind === "admit") segments.push("members");
  else if (first.kind === "confirm-entry" || first.kind === "dues") segments.push("ledger");
  return {
    title: pool.name,
    body: `${first.title}: ${WHAT[first.kind] ?? "needs you"}${closes}${more}`,
    tag: reminderTag(pool.id),
    route: `#/${segments.map(encodeURIComponent).join("/")}`,
  };
}

/** "Friday 18:00" within the coming week, else "12 Dec 18:00", in the phone's language and zone. */
export function deadlineWords(ms: number, now: number, locale?: string): string {
  const within = ms - now < 6 * 24 * 3600_000;
  const date = new Intl.DateTimeFormat(locale, within ? { weekday: "long" } : { day: "numeric", month: "short" });
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `${date.format(ms)} ${time.format(ms)}`;
}
