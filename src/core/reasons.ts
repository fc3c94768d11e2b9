/**
 * Every reason an event can be refused, with the sentence the audit view shows.
 * One place, so that the UI and the tests agree on the words.
 */
export const REASONS = {
  // Encoding and envelope
  "too-large": "The event is larger than allowed (4 KiB, or 256 KiB for a seal).",
  "id-mismatch": "The event is stored under a key that is not the hash of its bytes.",
  "not-json": "The event's bytes are not valid JSON text.",
  "not-canonical": "The event's bytes are not in canonical (RFC 8785) form.",
  "bad-envelope": "The event is missing a field or has one of the wrong kind.",
  "unknown-type": "The event has a type Pools does not know.",
  "bad-data": "The event's data does not have the shape its type needs.",
  "bad-signature": "The signature does not verify for the author's key.",
  "bad-invite-proof": "The join's invite proof is not signed by the invite's key.",
  // Graph
  "wrong-pool": "The event belongs to another pool.",
  "not-the-genesis": "This pool was founded by a different genesis event.",
  "second-genesis": "A pool has exactly one genesis; this is another one.",
  "genesis-missing": "The pool's genesis event is not among the events.",
  "genesis-refused": "The pool's genesis event is not valid, so nothing in the pool can be judged.",
  "bad-parents": "The parents are not sorted, repeat, or are too many.",
  "time-before-parent": "The event is dated before one of its parents.",
  "dated-in-the-future":
    "Dated in the future: the event is dated more than 10 minutes after this device's clock, so it waits (with everything that builds on it) until that time comes.",
  // Authorship and membership
  "not-a-member": "The author is not an active member where this event was written.",
  "not-in-pool": "The author was never a member of this pool nor validly invited to it.",
  "after-leaving": "The author had left (or was removed) and this event was not written before that.",
  "already-a-member": "The joiner is already an active member.",
  "invite-missing": "The invite this event names is not in its history.",
  "invite-revoked": "The invite was revoked before this join.",
  "invite-expired": "The invite had expired when this join was made.",
  "join-missing": "The join this admission names is not in its history or is not valid.",
  "already-admitted": "This join was already admitted.",
  "self-admission": "Nobody may admit their own join.",
  "inviter-admits": "Under manual admission, the inviter may not admit their own invitee.",
  // Proposals and votes
  "bad-close-time": "The closing time is outside what the rules allow.",
  "bad-rule-value": "A proposed rule value is outside its bounds.",
  "proposal-missing": "The proposal this event names is not in its history or is not valid.",
  "not-the-author": "Only the proposal's author may do this.",
  "already-closed": "The proposal had already closed.",
  "vote-parent": "A vote's only parent must be its proposal.",
  "not-in-electorate": "The voter is not in this proposal's electorate.",
  "blocks-not-allowed": "Block votes are not allowed by this pool's rules.",
  "proposal-withdrawn": "The proposal was withdrawn.",
  "target-not-member": "The member named is not an active member.",
  "spend-missing": "The spend named is not a valid spend proposal.",
  "pool-dissolved": "The pool voted to dissolve: nothing new may be proposed.",
  // Seals
  "seal-too-early": "The seal was written before the proposal closed.",
  "seal-counts-invalid-vote": "The seal lists a vote the rules would not count.",
  "seal-misses-later-vote": "The seal leaves out a later vote by a voter it lists.",
  "seal-missing": "The seal this confirmation names is not in its history or is not valid.",
  "own-seal": "A seal must be confirmed by a member other than its author.",
  "confirm-too-early": "The seal was confirmed before the late-vote window ended.",
  "seal-lacks-vote": "The confirmation holds a countable vote the seal leaves out.",
  "already-decided": "The proposal's result was already confirmed.",
  "seal-not-elector": "Only a member of the proposal's electorate may seal it.",
  "confirm-not-elector": "Only another member of the proposal's electorate may confirm its seal.",
  "restore-not-left-out": "The vote is in the confirmed seal already, or a later vote of the voter is.",
  "restore-not-own-vote": "Only the voter may restore their own vote.",
  "restore-too-late": "The vote was restored after the restore window (restoreHours after the seal's confirmation).",
  "restore-parents": "A restoration's parents must include the seal's confirmation and the vote it restores.",
  "restore-not-countable": "The restored vote was cast after the close or by someone outside the electorate.",
  "restore-not-latest": "The voter cast a later vote by the close; only their last vote can be restored.",
  "already-restored": "The voter already restored a vote on this proposal.",
  "not-decided": "The proposal's result has not been confirmed yet.",
  "too-many-open-proposals": "A member may have at most 10 open proposals at once.",
  "too-many-comments": "A member may write at most 100 comments on one proposal.",
  // Ledger
  "bad-amount": "The amount must be a positive whole number of cents.",
  "entry-missing": "The ledger entry named is not in its history or is not valid.",
  "already-confirmed": "The entry was already confirmed.",
  "confirm-own-entry": "Neither an entry's author nor the member it names may confirm it.",
  "not-treasurer": "Under treasurer confirmation only an active treasurer may confirm.",
  "already-reversed": "The entry was already reversed.",
  "reverse-reversal": "A reversal cannot itself be reversed.",
  "refund-not-owed": "Refunds go only to members who have left or were removed.",
  "wrong-document": "This kind of event belongs in a flood, not a pool (or the other way round).",
  // Floods
  "pool-unknown": "This device has not loaded the member pool's document yet.",
  "pool-not-approved":
    "The pool's flood.join (or flood.leave) proposal for this flood has not passed and been confirmed.",
  "pool-already-joined": "The pool is already in this flood.",
  "pool-not-in-flood": "The pool is not in this flood.",
  "pool-key-epoch-unknown": "The pool has not started this key epoch: no key rotation to it counts in the pool.",
  "payout-missing": "The pool payout this contribution names is not a confirmed payout to this flood.",
  "payout-already-counted": "Another contribution already names this payout.",
  // Meetup
  "not-a-ballot": "This QR code is not a Pools ballot.",
  // Budget rounds
  "round-missing": "The budget round named is not open in this event's history.",
  "round-closed": "The budget round had already closed.",
  "bucket-deadline-passed": "Buckets can no longer be proposed in this round.",
  "bucket-over-cap": "The bucket asks for more than the round's per-bucket cap or the round itself.",
  "bucket-missing": "The bucket named is not in this event's history or is not valid.",
  "bucket-cancelled": "The bucket was cancelled.",
  "not-in-round": "Only members of the round's electorate get a share to allocate.",
  "over-share": "The allocation is more than what is left of the member's share.",
  "round-seal-too-early": "The round's seal was written before the round closed.",
  "round-seal-counts-invalid": "The round's seal lists an allocation the rules would not count.",
  "round-seal-misses-later": "The round's seal leaves out a later allocation by a member to a bucket it lists.",
  "round-seal-lacks-allocation": "The confirmation holds a countable allocation the round's seal leaves out.",
  // Encryption
  "not-decryptable": "The entry is not sealed with a key of this pool, or was changed after it was sealed.",
  "key-missing": "The entry is sealed under a pool key this device does not hold (yet); it is not junk.",
  "key-rotation-epoch-gap": "A key rotation must start the epoch right after the current one.",
  "key-rotation-no-departure": "A key rotation must follow a member's leave or removal that it knows of.",
  // Polls
  "bad-poll": "The poll needs a question, 2 to 20 different options of at most 100 characters, and a known method.",
  "bad-ballot":
    "The ballot does not fit the poll's method (wrong shape, an option that does not exist, or a score out of range).",
} as const;

export type ReasonCode = keyof typeof REASONS;

export function reasonText(code: ReasonCode): string {
  return REASONS[code];
}
