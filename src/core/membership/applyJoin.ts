import type { DecodedEvent } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { ReasonCode } from "../reasons.ts";

/**
 * `member.joined`, by the joiner: the invite must be in its causal past, unrevoked there and
 * unexpired by the join's date; the invite proof was checked with the signature. A join makes
 * a member only once admitted.
 */
export function checkJoin(fold: Fold, e: DecodedEvent<"member.joined">): ReasonCode | undefined {
  const past = fold.pastOf(e.id);
  const invite = fold.invites.get(e.body.data.invite);
  if (!invite || !fold.inPast(past, invite.id)) return "invite-missing";
  if (fold.isActiveAt(e.body.by, past)) return "already-a-member";
  if (invite.revocations.some((r) => fold.inPast(past, r))) return "invite-revoked";
  if (e.body.at > invite.expiresAt) return "invite-expired";
  return undefined;
}

export function applyJoin(fold: Fold, e: DecodedEvent<"member.joined">): void {
  const d = e.body.data;
  fold.joins.set(e.id, { id: e.id, member: e.body.by, name: d.name, invite: d.invite, at: e.body.at });
  fold.invites.get(d.invite)?.joins.push(e.id);
  if (!fold.names.has(e.body.by)) fold.names.set(e.body.by, d.name);
}
