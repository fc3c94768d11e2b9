import type { DecodedEvent } from "../events/types.ts";
import type { Fold } from "../pool/fold.ts";
import type { ReasonCode } from "../reasons.ts";

/** `member.invited`: any active member creates a one-time key; its secret stays in the link. */
export function checkInvite(_fold: Fold, e: DecodedEvent<"member.invited">): ReasonCode | undefined {
  return e.body.data.expiresAt <= e.body.at ? "bad-data" : undefined;
}

export function applyInvite(fold: Fold, e: DecodedEvent<"member.invited">): void {
  const d = e.body.data;
  fold.invites.set(e.id, {
    id: e.id,
    by: e.body.by,
    at: e.body.at,
    invitePublicKey: d.invitePublicKey,
    expiresAt: d.expiresAt,
    maxUses: d.maxUses,
    revoked: false,
    revocations: [],
    joins: [],
    admittedJoins: [],
  });
}

/** `member.invite-revoked`: any active member may end a leaked or unwanted invite early. */
export function checkRevoke(fold: Fold, e: DecodedEvent<"member.invite-revoked">): ReasonCode | undefined {
  const invite = fold.invites.get(e.body.data.invite);
  if (!invite || !fold.inPast(fold.pastOf(e.id), invite.id)) return "invite-missing";
  return undefined;
}

export function applyRevoke(fold: Fold, e: DecodedEvent<"member.invite-revoked">): void {
  const invite = fold.invites.get(e.body.data.invite);
  if (!invite) return;
  invite.revoked = true;
  invite.revocations.push(e.id);
}
