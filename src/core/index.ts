/**
 * The public surface of the Pools core: pure rules, no Automerge, Solid, DOM, clock or
 * randomness. A bot or an integration can drive a pool with this alone (src/core/README.md,
 * examples/botTally.ts; the rules themselves: docs/rules.md):
 *
 *   - `openPool(entries, { sha256, verifier, now, genesisId })` does steps 1–4 below in one call
 *     and returns the state, the members' refused events and the junk it shed, or a refusal
 *     when the genesis is missing or refused;
 *   - `withDefaults({ quorum: 30 })` completes a rules object for a genesis;
 *   - `joinEvent(invite, joiner, { name, bylawsHash, at }, sha256)` builds a join with its proof.
 *
 * Step by step:
 *   1. keep the events you hold as { bytes, sig } under their ids;
 *   2. `decodeEvent(id, stored, sha256)` each one (refused entries carry a reason);
 *   3. `verifyEvents(decoded, verifier, lookup)` once per event and cache the verified ids;
 *   4. `derivePool({ genesisId, events, verified, now })` for members, proposals, tallies and ledger
 *      (`tryDerivePool` refuses instead of throwing when the genesis is missing or refused);
 *   5. to act, `signEvent({ pool, type, by, at, parents: state.heads, data }, signer, sha256)`,
 *      derive again with it added, and only write it if it was not refused.
 */

export { describeRules } from "./bylaws/describeRules.ts";
export { BYLAWS_TEMPLATE_VERSION, type BylawsInput, bylawsHash, renderBylaws } from "./bylaws/renderBylaws.ts";
export { usesAmendThreshold } from "./dissolve/applyDissolve.ts";
export { memberOfPayee, memberPayee } from "./dissolve/dissolution.ts";
export { type DuesSpan, type DuesStatus, duesStatus } from "./dues/duesOwed.ts";
export { DUES_EVERY, type DuesEvery } from "./dues/periods.ts";
export { fromBase64url, toBase64url } from "./encoding/base64url.ts";
export { canonicalBytes, canonicalText } from "./encoding/canonical.ts";
export { decodeEvent, eventIdOf } from "./events/decodeEvent.ts";
export * as limits from "./events/limits.ts";
export { inviteProofMessage, makeBody, type NewEvent, type SignedEvent, signEvent } from "./events/signEvent.ts";
export * from "./events/types.ts";
export { type VerifyOutcome, verifyEvents } from "./events/verifyEvents.ts";
export { type DeriveFloodInput, deriveFlood, type FloodPoolView, type FloodState } from "./floods/deriveFlood.ts";
export { type EventOrder, orderEvents } from "./graph/orderEvents.ts";
export type { Sha256, SignatureVerifier, Signer } from "./identity/cryptoPorts.ts";
export { type BackedUpKey, type BackedUpPool, decodeKeyBackup, encodeKeyBackup } from "./identity/keyBackup.ts";
export { memberIdOf, publicKeyOfMemberId } from "./identity/memberId.ts";
export { checkSignatureEncoding } from "./identity/signatureRule.ts";
export { ledgerCsv, minorToDecimal } from "./ledger/ledgerCsv.ts";
export { BALLOT_PREFIX, decodeBallot, encodeBallot } from "./meetup/ballotCode.ts";
export { type BallotCheck, judgeBallot } from "./meetup/judgeBallot.ts";
export { type InviteForJoin, type JoinDetails, joinEvent } from "./membership/joinEvent.ts";
export { type PoolAuthors, poolAuthors, splitStrangers } from "./membership/poolAuthors.ts";
export { equalShares, splitLargestRemainder } from "./money/splitLargestRemainder.ts";
export {
  decisionRecord,
  kindText,
  outcomeText,
  type Resolution,
  resolutionsDoc,
  tallyText,
} from "./papers/decisionRecord.ts";
export { DISSOLUTION_RULE } from "./papers/dissolutionText.ts";
export { memberRegister, type RegisterRow, registerCsv, registerDoc } from "./papers/memberRegister.ts";
export { type PaperBlock, type PaperDoc, type PaperFormat, paperMarkdown } from "./papers/paperDoc.ts";
export { ONE_PERSON_ONE_VOTE, renderAgreement } from "./papers/renderAgreement.ts";
export { type RuleSource, rulesProvenance } from "./papers/rulesProvenance.ts";
export { joinsIMayAdmit, joinsToAdmit, needsSeal, sealsToConfirm } from "./policy/autoActions.ts";
export { mayConfirmEntry, memberNamedByEntry } from "./policy/mayConfirmEntry.ts";
export { type Need, type NeedKind, needsYou } from "./policy/needsYou.ts";
export { countPoll, type OptionResult, type PollResult } from "./polls/countPoll.ts";
export { describeBallot, describePollChoice } from "./polls/describeBallot.ts";
export type { RunoffResult, RunoffRound } from "./polls/instantRunoff.ts";
export * from "./polls/pollTypes.ts";
export { validatePollChoice, validatePollData } from "./polls/validatePoll.ts";
export { type Derivation, deriveFrom, deriveNext, type NextInput } from "./pool/derivation.ts";
export { type DeriveInput, derivePool } from "./pool/derivePool.ts";
export type { MemberStint } from "./pool/memberStints.ts";
export {
  type OpenedPool,
  type OpenPoolOptions,
  type OpenPoolResult,
  openPool,
  type StoredEntry,
} from "./pool/openPool.ts";
export type * from "./pool/poolState.ts";
export { tryDerivePool } from "./pool/tryDerivePool.ts";
export { REASONS, type ReasonCode, reasonText } from "./reasons.ts";
export { closeCalendarEvent } from "./reminders/closeCalendarEvent.ts";
export { type Ok, ok, type Refused, type Result, refuse } from "./result.ts";
export { type Admission, type ConfirmBy, DEFAULT_RULES, RULE_KEYS, type RuleKey, type Rules } from "./rules/rules.ts";
export { isCompleteRules, isRuleChange, isRuleValue } from "./rules/validateRules.ts";
export { withDefaults } from "./rules/withDefaults.ts";
export { isContested, myMissingVote } from "./tally/contested.ts";
