/** Each event type in a few plain words, for the audit (never the raw type or id). */
const KIND: Record<string, string> = {
  "pool.created": "Founding of the pool",
  "flood.created": "Founding of the flood",
  "flood.pool-joined": "A pool joining the flood",
  "flood.pool-left": "A pool leaving the flood",
  "flood.pool-key": "A pool's new key for the flood",
  "member.invited": "An invite",
  "member.invite-revoked": "Cancelling an invite",
  "member.joined": "A request to join",
  "member.admitted": "An admission",
  "member.left": "Leaving the pool",
  "member.key-published": "A member's key for receiving pool keys",
  "pool.key-rotated": "A new pool key after someone left",
  "pool.moved": "Moving the pool to an encrypted copy",
  "proposal.created": "A proposal",
  "proposal.withdrawn": "Withdrawing a proposal",
  "proposal.comment": "A comment",
  "vote.cast": "A vote",
  "proposal.sealed": "Sealing a result",
  "proposal.seal-confirmed": "Confirming a sealed result",
  "ledger.contribution": "A contribution",
  "ledger.payout": "A payout",
  "ledger.refund": "A refund",
  "ledger.reversal": "A reversal",
  "ledger.confirmed": "Confirming a ledger entry",
  "bucket.proposed": "A bucket in a budget round",
  "bucket.cancelled": "Cancelling a bucket",
  "bucket.allocated": "Giving to a bucket",
  "round.sealed": "Sealing a budget round",
  "round.seal-confirmed": "Confirming a budget round's seal",
};

export function eventKindText(type: string | undefined): string {
  if (type === undefined) return "An unreadable entry";
  return KIND[type] ?? "An event of a kind this app does not know";
}
