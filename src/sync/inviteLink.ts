/**
 * The invite link (docs/rules.md §4, Membership):
 *
 *   https://host/#/join?doc=<document id>&g=<genesis id>&k=<invite secret, base64url>
 *
 * Everything after `#` stays in the browser: the fragment is never sent to any server, so
 * neither the relay nor the static host ever sees the invite's secret half. Pure (no Automerge,
 * no DOM beyond URL parsing); it could move to the core as is.
 */
import { fromBase64url, toBase64url } from "../core/encoding/base64url.ts";
import type { EventId } from "../core/events/types.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

export interface InvitePayload {
  /** The automerge document id (the part of `automerge:<id>` after the colon). */
  docId: string;
  /** The pool's genesis id: the trust anchor the joiner remembers. */
  genesisId: EventId;
  /** The invite's 32-byte one-time secret key (Ed25519 seed). */
  secret: Uint8Array;
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
  return `${base}/${JOIN_ROUTE}?doc=${payload.docId}&g=${payload.genesisId}&k=${toBase64url(payload.secret)}`;
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
  for (const key of ["doc", "g", "k"]) {
    if (params.getAll(key).length > 1) return syncRefuse("link-malformed", `repeated ${key}`);
  }
  const docId = params.get("doc") ?? "";
  if (!DOC_ID.test(docId)) return syncRefuse("link-bad-doc");
  const genesisId = params.get("g") ?? "";
  const genesisBytes = fromBase64url(genesisId);
  if (genesisBytes === undefined || genesisBytes.length !== 32) return syncRefuse("link-bad-genesis");
  const secret = fromBase64url(params.get("k") ?? "");
  if (secret === undefined || secret.length !== 32) return syncRefuse("link-bad-secret");
  return syncOk({ docId, genesisId, secret });
}

/** The automerge URL of an invite's document. */
export function docUrlOfInvite(payload: InvitePayload): string {
  return `automerge:${payload.docId}`;
}
