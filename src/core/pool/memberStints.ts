import type { EventId, MemberId } from "../events/types.ts";
import type { Rules } from "../rules/rules.ts";
import type { Fold } from "./fold.ts";

/** One stretch of membership: from an admission (or the founding) to a departure, if any. */
export interface MemberStint {
  /** The name they joined under this time. */
  name: string;
  /** The join event (absent for the founder, who signed the founding event instead). */
  join?: EventId;
  joinedAt: number;
  /** The admission event, or the genesis for the founder. */
  admission: EventId;
  admittedAt: number;
  /** Who wrote the admission (absent for the founder). */
  admittedBy?: MemberId;
  invitedBy?: MemberId;
  /** The bylaws hash their join records (the founder's is the founding settings' text, not recorded). */
  bylawsHash?: string;
  /** The rules in force in the join's causal past (the founding rules for the founder): the bylaws they were shown. */
  rulesShown: Rules;
  departure?: EventId;
  leftAt?: number;
  /** The departure was a removal by a passed proposal, not their own leave. */
  removed?: boolean;
}

/** Each admission's join, built once for all members (a pool may have thousands). */
export function joinsByAdmission(fold: Fold): ReadonlyMap<EventId, EventId> {
  const out = new Map<EventId, EventId>();
  for (const j of fold.joins.values()) if (j.admittedBy !== undefined) out.set(j.admittedBy, j.id);
  return out;
}

/** Every stint of one member, in order, from their membership marks. */
export function stintsOf(
  fold: Fold,
  member: MemberId,
  joinByAdmission: ReadonlyMap<EventId, EventId> = joinsByAdmission(fold),
): MemberStint[] {
  const out: MemberStint[] = [];
  for (const mark of fold.marks.get(member) ?? []) {
    const event = fold.events.get(mark.event);
    if (!event) continue;
    const open = out[out.length - 1];
    if (mark.kind === "depart") {
      if (open && open.departure === undefined) {
        open.departure = mark.event;
        open.leftAt = event.body.at;
        if (fold.removals.has(mark.event)) open.removed = true;
      }
      continue;
    }
    if (open && open.departure === undefined) continue;
    out.push(stintFrom(fold, mark.event, joinByAdmission.get(mark.event)));
  }
  return out;
}

function stintFrom(fold: Fold, admission: EventId, joinId: EventId | undefined): MemberStint {
  const admit = fold.events.get(admission);
  const at = admit?.body.at ?? 0;
  if (admission === fold.genesis.id || joinId === undefined) {
    const g = fold.genesis;
    return {
      name: g.body.data.founderName ?? "Founder",
      joinedAt: g.body.at,
      admission: g.id,
      admittedAt: g.body.at,
      rulesShown: g.body.data.rules,
    };
  }
  const join = fold.joins.get(joinId);
  const joinEvent = fold.events.get(joinId);
  const stint: MemberStint = {
    name: join?.name ?? "Member",
    join: joinId,
    joinedAt: join?.at ?? at,
    admission,
    admittedAt: at,
    rulesShown: fold.rulesAt(fold.pastOf(joinId)),
  };
  if (admit) stint.admittedBy = admit.body.by;
  const inviter = join ? fold.invites.get(join.invite)?.by : undefined;
  if (inviter) stint.invitedBy = inviter;
  if (joinEvent?.body.type === "member.joined") stint.bylawsHash = joinEvent.body.data.bylawsHash;
  return stint;
}
