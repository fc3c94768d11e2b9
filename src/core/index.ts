/**
 * The public surface of the Pools core: pure rules, no Automerge, Solid, DOM, clock or
 * randomness. A bot or an integration can drive a pool with this alone:
 *
 *   1. keep the events you hold as { bytes, sig } under their ids;
 *   2. `decodeEvent(id, stored, sha256)` each one (refused entries carry a reason);
 *   3. `verifyEvents(decoded, verifier, lookup)` once per event and cache the verified ids;
 *   4. `derivePool({ genesisId, events, verified, now })` for members, proposals, tallies and ledger;
 *   5. to act, `signEvent({ pool, type, by, at, parents: state.heads, data }, signer, sha256)`,
 *      derive again with it added, and only write it if it was not refused.
 */
export * from "./events/types.ts";
export { decodeEvent, eventIdOf } from "./events/decodeEvent.ts";
export { verifyEvents, type VerifyOutcome } from "./events/verifyEvents.ts";
export { signEvent, makeBody, inviteProofMessage, type SignedEvent, type NewEvent } from "./events/signEvent.ts";
export * as limits from "./events/limits.ts";
export { orderEvents, type EventOrder } from "./graph/orderEvents.ts";
export { derivePool, type DeriveInput } from "./pool/derivePool.ts";
export type * from "./pool/poolState.ts";
export { REASONS, reasonText, type ReasonCode } from "./reasons.ts";
export { ok, refuse, type Result, type Ok, type Refused } from "./result.ts";
export { DEFAULT_RULES, RULE_KEYS, type Rules, type RuleKey, type ConfirmBy, type Admission } from "./rules/rules.ts";
export { isRuleValue, isRuleChange, isCompleteRules } from "./rules/validateRules.ts";
export { toBase64url, fromBase64url } from "./encoding/base64url.ts";
export { canonicalBytes, canonicalText } from "./encoding/canonical.ts";
export type { Sha256, SignatureVerifier, Signer } from "./identity/cryptoPorts.ts";
export { checkSignatureEncoding } from "./identity/signatureRule.ts";
export { memberIdOf, publicKeyOfMemberId } from "./identity/memberId.ts";
export { encodeKeyBackup, decodeKeyBackup } from "./identity/keyBackup.ts";
export { renderBylaws, bylawsHash, BYLAWS_TEMPLATE_VERSION, type BylawsInput } from "./bylaws/renderBylaws.ts";
export { describeRules } from "./bylaws/describeRules.ts";
export { ledgerCsv, minorToDecimal } from "./ledger/ledgerCsv.ts";
export { splitLargestRemainder, equalShares } from "./money/splitLargestRemainder.ts";
export { joinsToAdmit, joinsIMayAdmit, needsSeal, sealsToConfirm } from "./policy/autoActions.ts";
export { encodeBallot, decodeBallot, BALLOT_PREFIX } from "./meetup/ballotCode.ts";
export { judgeBallot, type BallotCheck } from "./meetup/judgeBallot.ts";
export { deriveFlood, type FloodState, type FloodPoolView, type DeriveFloodInput } from "./floods/deriveFlood.ts";
