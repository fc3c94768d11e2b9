import { toBase64url } from "../encoding/base64url.ts";
import { inviteProofMessage, type SignedEvent, signEvent } from "../events/signEvent.ts";
import type { EventId } from "../events/types.ts";
import type { Sha256, Signer } from "../identity/cryptoPorts.ts";

/** What an invite link hands a newcomer: the pool, the invite event, and the invite's one-time key. */
export interface InviteForJoin {
  /** The pool's id (its genesis id). */
  pool: EventId;
  /** The `member.invited` event's id. */
  invite: EventId;
  /** Signs with the invite's secret half (from the link's fragment; never written anywhere). */
  inviteSigner: Signer;
}

export interface JoinDetails {
  name: string;
  /** Hash of the bylaws text the newcomer accepted (`bylawsHash`); recorded, not checked. */
  bylawsHash: string;
  at: number;
  /** Heads the newcomer holds; the invite is always added, since a join must descend from it (rules §4.5). */
  parents?: readonly EventId[];
}

/**
 * A signed `member.joined` (rules §4.5): by the joiner, with the invite among its parents and the
 * proof that the joiner holds the invite's secret, a signature by the invite key over the
 * canonical `{ "t": "invite", "pool": …, "member": … }`. The joiner is a member once admitted.
 */
export async function joinEvent(
  invite: InviteForJoin,
  joiner: Signer,
  details: JoinDetails,
  sha256: Sha256,
): Promise<SignedEvent> {
  const by = toBase64url(joiner.publicKey);
  const proof = toBase64url(await invite.inviteSigner.sign(inviteProofMessage(invite.pool, by)));
  return signEvent(
    {
      pool: invite.pool,
      type: "member.joined",
      by,
      at: details.at,
      parents: [...(details.parents ?? []), invite.invite],
      data: { invite: invite.invite, name: details.name, bylawsHash: details.bylawsHash, proof },
    },
    joiner,
    sha256,
  );
}
