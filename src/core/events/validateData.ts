import { isPollChoiceShape } from "../polls/pollChoiceShape.ts";
import { validatePollData } from "../polls/validatePoll.ts";
import { isCompleteRules, isRuleChange } from "../rules/validateRules.ts";
import * as L from "./limits.ts";
import {
  hasKeys,
  isAmount,
  isAmountOrZero,
  isKey43,
  isKeyList,
  isObject,
  isSafeInt,
  isText,
  type JsonObject,
  oneOf,
} from "./shape.ts";
import type { EventType } from "./types.ts";

const CHOICES = ["yes", "no", "abstain", "block"] as const;
const CONTRIBUTION_KINDS = ["buy-in", "dues", "donation"] as const;
const PROPOSAL_BASE = ["kind", "title", "text", "closesAt"] as const;

function proposalData(d: JsonObject): boolean {
  if (!isText(d.title, L.MAX_TITLE, 1) || !isText(d.text, L.MAX_TEXT) || !isSafeInt(d.closesAt)) return false;
  switch (d.kind) {
    case "decision":
      return hasKeys(d, PROPOSAL_BASE);
    case "spend":
      return (
        hasKeys(d, [...PROPOSAL_BASE, "amount", "payee", "purpose"], ["covers"]) &&
        isAmount(d.amount) &&
        isText(d.payee, L.MAX_PAYEE, 1) &&
        isText(d.purpose, L.MAX_TEXT) &&
        (d.covers === undefined || (isKeyList(d.covers, L.MAX_COVERS) && new Set(d.covers).size === d.covers.length))
      );
    case "cancel-spend":
      return hasKeys(d, [...PROPOSAL_BASE, "spend"]) && isKey43(d.spend);
    case "rules":
      return hasKeys(d, [...PROPOSAL_BASE, "changes"]) && isRuleChange(d.changes);
    case "remove-member":
      return hasKeys(d, [...PROPOSAL_BASE, "member"]) && isKey43(d.member);
    case "flood.join":
      return (
        hasKeys(d, [...PROPOSAL_BASE, "flood", "floodDoc", "amount"], ["floodKey"]) &&
        (d.floodKey === undefined || isKey43(d.floodKey) || isFloodKeysText(d.floodKey)) &&
        isKey43(d.flood) &&
        isDocId(d.floodDoc) &&
        isAmount(d.amount)
      );
    case "dissolve":
      return (
        hasKeys(d, [...PROPOSAL_BASE, "split"]) &&
        (d.split === "equal" ||
          d.split === "contributed" ||
          (isObject(d.split) && hasKeys(d.split, ["payee"]) && isText(d.split.payee, L.MAX_PAYEE, 1)))
      );
    case "flood.leave":
      return hasKeys(d, [...PROPOSAL_BASE, "flood"]) && isKey43(d.flood);
    case "round":
      return (
        hasKeys(d, [...PROPOSAL_BASE, "amount", "roundClosesAt", "bucketDeadline"], ["bucketCap"]) &&
        isAmount(d.amount) &&
        isSafeInt(d.roundClosesAt) &&
        isSafeInt(d.bucketDeadline) &&
        d.bucketDeadline <= d.roundClosesAt &&
        (d.bucketCap === undefined || isAmount(d.bucketCap))
      );
    case "poll":
      return (
        hasKeys(d, [...PROPOSAL_BASE, "question", "options", "method"]) &&
        validatePollData({ question: d.question, options: d.options, method: d.method }).ok
      );
    default:
      return false;
  }
}

/** An automerge-repo document id (base58check). */
const isDocId = (v: unknown): v is string => typeof v === "string" && /^[1-9A-HJ-NP-Za-km-z]{16,64}$/.test(v);

function contributionFrom(v: unknown): boolean {
  if (!isObject(v)) return false;
  if ("member" in v) return hasKeys(v, ["member"]) && isKey43(v.member);
  if ("pool" in v) return hasKeys(v, ["pool", "payout"]) && isKey43(v.pool) && isKey43(v.payout);
  return hasKeys(v, ["outsider"]) && isText(v.outsider, L.MAX_NAME, 1);
}

/** The shape each type's `data` must have. Semantics (who, when, how much) are judged in the fold. */
const genesisData = (d: JsonObject) =>
  hasKeys(d, ["name", "purpose", "currency", "rules", "bylawsVersion"], ["founderName", "deliveryKey"]) &&
  (d.founderName === undefined || isText(d.founderName, L.MAX_NAME, 1)) &&
  (d.deliveryKey === undefined || isKey43(d.deliveryKey)) &&
  isText(d.name, L.MAX_NAME, 1) &&
  isText(d.purpose, L.MAX_TEXT) &&
  typeof d.currency === "string" &&
  /^[A-Z]{3}$/.test(d.currency) &&
  isCompleteRules(d.rules) &&
  isSafeInt(d.bylawsVersion, 1);

/** Sealed pool keys (rules §9): HPKE enc (32) ‖ key (32) ‖ tag (16) = 80 bytes, 107 base64url characters. */
const SEALED_KEY = /^[A-Za-z0-9_-]{107}$/;
const MAX_KEY_RECIPIENTS = 2000;
/** A moved pool's keys, every epoch so far (rules §9): HPKE enc ‖ (epoch u32 ‖ key)… ‖ tag, up to 64 epochs. */
const SEALED_KEYS = /^[A-Za-z0-9_-]{107,3200}$/;
const keyRotationData = (d: JsonObject) =>
  hasKeys(d, ["epoch", "departure", "keys"]) &&
  isSafeInt(d.epoch, 1) &&
  d.epoch <= 0xffff_ffff &&
  isKey43(d.departure) &&
  isObject(d.keys) &&
  Object.keys(d.keys).length <= MAX_KEY_RECIPIENTS &&
  Object.entries(d.keys).every(([to, sealed]) => isKey43(to) && typeof sealed === "string" && SEALED_KEY.test(sealed));

/**
 * A flood's keys in a `flood.join` after its key moved on (rules §9): `"<epoch>.<key>"` items joined
 * by `,`, at most 40 (the epoch-0 key alone stays a bare 43-character key).
 */
function isFloodKeysText(v: unknown): boolean {
  if (typeof v !== "string" || v.length > 40 * 54) return false;
  const items = v.split(",");
  return items.length <= 40 && items.every(isPoolKeyText);
}

/** A pool key as a flood carries it (rules §9): `"<epoch>.<43-character base64url key>"`. */
function isPoolKeyText(v: unknown): boolean {
  return typeof v === "string" && /^\d{1,10}\.[A-Za-z0-9_-]{43}$/.test(v) && Number(v.split(".")[0]) <= 0xffff_ffff;
}

const DATA_CHECKS: { [T in EventType]: (d: JsonObject) => boolean } = {
  "pool.key-rotated": keyRotationData,
  // A newcomer's sealed value holds every epoch's key (as a moved pool's), anyone else's the new key.
  "flood.key-rotated": (d) =>
    hasKeys(d, ["epoch", "keys"]) &&
    isSafeInt(d.epoch, 1) &&
    d.epoch <= 0xffff_ffff &&
    isObject(d.keys) &&
    Object.keys(d.keys).length <= MAX_KEY_RECIPIENTS &&
    Object.entries(d.keys).every(
      ([to, sealed]) => isKey43(to) && typeof sealed === "string" && SEALED_KEYS.test(sealed),
    ),
  "member.key-published": (d) => hasKeys(d, ["deliveryKey"]) && isKey43(d.deliveryKey),
  "pool.moved": (d) =>
    hasKeys(d, ["to", "keys"]) &&
    isDocId(d.to) &&
    isObject(d.keys) &&
    Object.keys(d.keys).length <= MAX_KEY_RECIPIENTS &&
    Object.entries(d.keys).every(
      ([to, sealed]) => isKey43(to) && typeof sealed === "string" && SEALED_KEYS.test(sealed),
    ),
  "pool.created": genesisData,
  "flood.created": genesisData,
  "flood.pool-joined": (d) =>
    hasKeys(d, ["pool", "poolDoc", "proposal"], ["poolKey"]) &&
    (d.poolKey === undefined || isPoolKeyText(d.poolKey)) &&
    isKey43(d.pool) &&
    isDocId(d.poolDoc) &&
    isKey43(d.proposal),
  "flood.pool-left": (d) => hasKeys(d, ["pool", "proposal"]) && isKey43(d.pool) && isKey43(d.proposal),
  "flood.pool-key": (d) =>
    hasKeys(d, ["pool", "epoch", "keys"]) &&
    isKey43(d.pool) &&
    isSafeInt(d.epoch, 0) &&
    d.epoch <= 0xffff_ffff &&
    isObject(d.keys) &&
    Object.keys(d.keys).length >= 1 &&
    Object.keys(d.keys).length <= MAX_KEY_RECIPIENTS &&
    Object.entries(d.keys).every(
      ([to, sealed]) => isKey43(to) && typeof sealed === "string" && SEALED_KEY.test(sealed),
    ),
  "member.invited": (d) =>
    hasKeys(d, ["invitePublicKey", "expiresAt", "maxUses"], ["deliveryKey"]) &&
    isKey43(d.invitePublicKey) &&
    (d.deliveryKey === undefined || isKey43(d.deliveryKey)) &&
    isSafeInt(d.expiresAt) &&
    isSafeInt(d.maxUses, 1) &&
    d.maxUses <= L.MAX_INVITE_USES,
  "member.invite-revoked": (d) => hasKeys(d, ["invite"]) && isKey43(d.invite),
  "member.joined": (d) =>
    hasKeys(d, ["invite", "name", "bylawsHash", "proof"], ["deliveryKey"]) &&
    isKey43(d.invite) &&
    (d.deliveryKey === undefined || isKey43(d.deliveryKey)) &&
    isText(d.name, L.MAX_NAME, 1) &&
    isKey43(d.bylawsHash) &&
    typeof d.proof === "string" &&
    /^[A-Za-z0-9_-]{86}$/.test(d.proof),
  "member.admitted": (d) => hasKeys(d, ["join"]) && isKey43(d.join),
  "member.left": (d) => hasKeys(d, []),
  "proposal.created": proposalData,
  "proposal.withdrawn": (d) => hasKeys(d, ["proposal"]) && isKey43(d.proposal),
  "proposal.comment": (d) =>
    hasKeys(d, ["proposal", "text"]) && isKey43(d.proposal) && isText(d.text, L.MAX_COMMENT, 1),
  "vote.cast": (d) =>
    hasKeys(d, ["proposal", "choice"], ["reason"]) &&
    isKey43(d.proposal) &&
    // A poll ballot is judged against its poll in the fold; here only its shape (rules §11).
    (oneOf(d.choice, CHOICES) || isPollChoiceShape(d.choice)) &&
    (d.reason === undefined || isText(d.reason, L.MAX_VOTE_REASON)),
  "proposal.sealed": (d) =>
    hasKeys(d, ["proposal", "votes"]) &&
    isKey43(d.proposal) &&
    Array.isArray(d.votes) &&
    d.votes.every(isKey43) &&
    new Set(d.votes).size === d.votes.length,
  "proposal.seal-confirmed": (d) => hasKeys(d, ["seal"]) && isKey43(d.seal),
  "proposal.vote-restored": (d) => hasKeys(d, ["proposal", "vote"]) && isKey43(d.proposal) && isKey43(d.vote),
  "ledger.contribution": (d) =>
    hasKeys(d, ["amount", "from", "kind", "memo"]) &&
    isAmount(d.amount) &&
    contributionFrom(d.from) &&
    oneOf(d.kind, CONTRIBUTION_KINDS) &&
    // A buy-in is a member's stake in the vote; an outsider cannot buy one.
    (d.kind !== "buy-in" || (isObject(d.from) && "member" in d.from)) &&
    isText(d.memo, L.MAX_MEMO),
  "ledger.payout": (d) =>
    hasKeys(d, ["spend", "amount", "payee", "memo"], ["receipt"]) &&
    isKey43(d.spend) &&
    isAmount(d.amount) &&
    isText(d.payee, L.MAX_PAYEE, 1) &&
    isText(d.memo, L.MAX_MEMO) &&
    (d.receipt === undefined || isKey43(d.receipt)),
  "ledger.refund": (d) =>
    hasKeys(d, ["member", "amount", "memo"]) && isKey43(d.member) && isAmount(d.amount) && isText(d.memo, L.MAX_MEMO),
  "ledger.reversal": (d) => hasKeys(d, ["entry", "memo"]) && isKey43(d.entry) && isText(d.memo, L.MAX_MEMO),
  "ledger.confirmed": (d) => hasKeys(d, ["entry"]) && isKey43(d.entry),
  "bucket.proposed": (d) =>
    hasKeys(d, ["round", "title", "description", "payee", "minimum"], ["maximum"]) &&
    isKey43(d.round) &&
    isText(d.title, L.MAX_TITLE, 1) &&
    isText(d.description, L.MAX_TEXT) &&
    isText(d.payee, L.MAX_PAYEE, 1) &&
    isAmount(d.minimum) &&
    (d.maximum === undefined || (isAmount(d.maximum) && d.maximum >= d.minimum)),
  "bucket.cancelled": (d) => hasKeys(d, ["bucket"]) && isKey43(d.bucket),
  // Zero takes an allocation back.
  "bucket.allocated": (d) => hasKeys(d, ["bucket", "amount"]) && isKey43(d.bucket) && isAmountOrZero(d.amount),
  "round.sealed": (d) =>
    hasKeys(d, ["round", "allocations"]) &&
    isKey43(d.round) &&
    Array.isArray(d.allocations) &&
    d.allocations.every(isKey43) &&
    new Set(d.allocations).size === d.allocations.length,
  "round.seal-confirmed": (d) => hasKeys(d, ["seal"]) && isKey43(d.seal),
};

export const EVENT_TYPES = Object.keys(DATA_CHECKS) as EventType[];

export function isEventType(v: unknown): v is EventType {
  return typeof v === "string" && Object.hasOwn(DATA_CHECKS, v);
}

export function isValidData(type: EventType, data: unknown): boolean {
  return isObject(data) && DATA_CHECKS[type](data);
}
