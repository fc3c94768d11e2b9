import type { DecodedEvent } from "../events/types.ts";
import { isDeparted } from "../ledger/ledgerContext.ts";
import type { Fold } from "../pool/fold.ts";
import type { ReasonCode } from "../reasons.ts";

/**
 * `member.admitted`, by an active member other than the joiner. Under manual admission the
 * inviter may not admit their own invitee (against one member inviting sock puppets), except the
 * only active member (the founder, or whoever is left), or nobody could ever admit anyone. Admissions are never undone.
 */
export function checkAdmission(fold: Fold, e: DecodedEvent<"member.admitted">): ReasonCode | undefined {
  const past = fold.pastOf(e.id);
  const join = fold.joins.get(e.body.data.join);
  if (!join || !fold.inPast(past, join.id)) return "join-missing";
  if (join.member === e.body.by) return "self-admission";
  if (join.admittedBy !== undefined) return "already-admitted";
  if (fold.isActiveAt(join.member, past)) return "already-a-member";
  const invite = fold.invites.get(join.invite);
  if (fold.rulesAt(past).admission === "manual" && invite?.by === e.body.by) {
    const active = fold.activeMembersAt(past);
    // "Still the only member" in event order too: otherwise a founder could admit any number of her
    // own invitees by naming parents from the time she was alone.
    const othersActive = [...fold.marks.keys()].some((m) => m !== e.body.by && !isDeparted(fold, m));
    const alone = active.length === 1 && !othersActive;
    if (!alone) return "inviter-admits";
  }
  return undefined;
}

export function applyAdmission(fold: Fold, e: DecodedEvent<"member.admitted">): void {
  const join = fold.joins.get(e.body.data.join);
  if (!join) return;
  join.admittedBy = e.id;
  fold.addMark(join.member, "admit", e.id);
  fold.names.set(join.member, join.name);
  fold.joinOfMember.set(join.member, join.id);
  const invite = fold.invites.get(join.invite);
  if (!invite) return;
  invite.admittedJoins.push(join.id);
  // Extra uses are valid (admissions are never undone) but everyone should see them.
  if (invite.admittedJoins.length > invite.maxUses) fold.extraInviteUses.push({ invite: invite.id, join: join.id });
}
