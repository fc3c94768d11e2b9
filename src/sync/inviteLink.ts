/**
 * The invite link (docs/rules.md §4, Membership):
 *
 *   https://host/#/join?doc=<document id>&g=<genesis id>&k=<invite secret, base64url>
 *                       [&p=<pool key, base64url>&e=<its epoch>]
 *                       [&p=<epoch>.<key>,<epoch>.<key>,…]   (after a rotation: every epoch's key)
 *
 * Everything after `#` stays in the browser: the fragment is never sent to any server, so
 * neither the relay nor the static host ever sees the invite's secret half or the pool key
 * (rules §9). Links of pools made before encryption have no `p`. Pure (no Automerge,
 * no DOM beyond URL parsing); it could move to the core as is.
 */
import { fromBase64url, toBase64url } from "../core/encoding/base64url.ts";
import type { EventId } from "../core/events/types.ts";
import { floodKeysOf, floodKeysText, keysForLink } from "./encryption/floodKeysText.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

export interface InvitePayload {
  /** The automerge document id (the part of `automerge:<id>` after the colon). */
  docId: string;
  /** The pool's genesis id: the trust anchor the joiner remembers. */
  genesisId: EventId;
  /** The invite's 32-byte one-time secret key (Ed25519 seed). */
  secret: Uint8Array;
  /** The pool's current key (32 bytes) and its epoch; absent for a pool made before encryption. */
  poolKey?: { epoch: number; raw: Uint8Array };
  /**
   * Every epoch's key, oldest first (rules §9): the entries written before a rotation stay under
   * the older keys, so a newcomer needs them all to read the pool's history. Decoding fills it
   * (with the one key of a single-key link); encoding prefers it to `poolKey`.
   */
  poolKeys?: { epoch: number; raw: Uint8Array }[];
}

const JOIN_ROUTE = "#/join";
/** Automerge document ids are base58check of 16 bytes: about 22 characters of the bitcoin alphabet. */
const DOC_ID = /^[1-9A-HJ-NP-Za-km-z]{16,64}$/;
/** Links are pasted and scanned: anything this long is not an invite. */
const MAX_LINK = 2048;

export function encodeInviteLink(origin: string, payload: InvitePayload): string {
  if (!DOC_ID.test(payload.docId)) throw new Error("encodeInviteLink: not a document id");
  if (payload.secret.length !== 32) throw new Error("encodeInviteLink: the invite secret is 32 bytes");
  const base = origin.replace(/\/+$/, "");
  const link = `${base}/${JOIN_ROUTE}?doc=${payload.docId}&g=${payload.genesisId}&k=${toBase64url(payload.secret)}`;
  if (payload.poolKeys !== undefined && payload.poolKeys.length > 1)
    return `${link}&p=${floodKeysText(keysForLink(payload.poolKeys))}`;
  const key = payload.poolKeys?.[0] ?? payload.poolKey;
  if (key === undefined) return link;
  if (key.raw.length !== 32 || !Number.isInteger(key.epoch) || key.epoch < 0 || key.epoch > 0xffff_ffff)
    throw new Error("encodeInviteLink: a pool key is 32 bytes with an epoch below 2^32");
  return `${link}&p=${toBase64url(key.raw)}&e=${key.epoch}`;
}

/** Reads a link (or only its fragment, as a router sees it). */
export function decodeInviteLink(link: string): SyncResult<InvitePayload> {
  const text = link.trim();
  if (text.length === 0 || text.length > MAX_LINK) return syncRefuse("link-malformed");
  const hashAt = text.indexOf("#");
  if (hashAt < 0) return syncRefuse("link-malformed", "no #/join fragment");
  const fragment = text.slice(hashAt);
  const queryAt = fragment.indexOf("?");
  if (queryAt < 0 || fragment.slice(0, queryAt) !== JOIN_ROUTE)
    return syncRefuse("link-malformed", "no #/join fragment");
  const params = new URLSearchParams(fragment.slice(queryAt + 1));
  for (const key of ["doc", "g", "k", "p", "e"]) {
    if (params.getAll(key).length > 1) return syncRefuse("link-malformed", `repeated ${key}`);
  }
  const docId = params.get("doc") ?? "";
  if (!DOC_ID.test(docId)) return syncRefuse("link-bad-doc");
  const genesisId = params.get("g") ?? "";
  const genesisBytes = fromBase64url(genesisId);
  if (genesisBytes === undefined || genesisBytes.length !== 32) return syncRefuse("link-bad-genesis");
  const secret = fromBase64url(params.get("k") ?? "");
  if (secret === undefined || secret.length !== 32) return syncRefuse("link-bad-secret");
  const keyText = params.get("p");
  if (keyText === null) return syncOk({ docId, genesisId, secret });
  if (keyText.includes(",") || keyText.includes(".")) {
    const keys = params.has("e") ? undefined : floodKeysOf(keyText);
    if (keys === undefined || keys.length === 0) return syncRefuse("link-bad-pool-key");
    return syncOk({ docId, genesisId, secret, poolKey: keys[keys.length - 1]!, poolKeys: keys });
  }
  const raw = fromBase64url(keyText);
  const epochText = params.get("e") ?? "0";
  const epoch = /^\d{1,10}$/.test(epochText) ? Number(epochText) : -1;
  if (raw === undefined || raw.length !== 32 || epoch < 0 || epoch > 0xffff_ffff)
    return syncRefuse("link-bad-pool-key");
  return syncOk({ docId, genesisId, secret, poolKey: { epoch, raw }, poolKeys: [{ epoch, raw }] });
}

/** The automerge URL of an invite's document. */
export function docUrlOfInvite(payload: InvitePayload): string {
  return `automerge:${payload.docId}`;
}
