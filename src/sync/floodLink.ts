/**
 * The flood link: what one pool sends another so it can propose joining a flood.
 *
 *   https://host/#/flood?doc=<document id>&g=<flood genesis id>
 *
 * Unlike an invite it carries no secret: a pool joins a flood by passing its own `flood.join`
 * proposal, and the flood's members come from its pools, so knowing the link admits nobody.
 */
import { fromBase64url } from "../core/encoding/base64url.ts";
import type { EventId } from "../core/events/types.ts";
import { floodKeysOf, floodKeysText } from "./encryption/floodKeysText.ts";
import type { RawPoolKey } from "./encryption/floodPoolKeys.ts";
import { type SyncResult, syncOk, syncRefuse } from "./syncReasons.ts";

export interface FloodLinkPayload {
  /** The automerge document id of the flood. */
  docId: string;
  /** The flood's genesis id (its `flood.created`): the trust anchor. */
  genesisId: EventId;
  /**
   * The flood's keys, every epoch the sender holds (rules §9), in the fragment only; absent for a
   * flood made before encryption.
   */
  keys?: RawPoolKey[];
}

export const FLOOD_LINK_ROUTE = "#/flood";
const DOC_ID = /^[1-9A-HJ-NP-Za-km-z]{16,64}$/;
const MAX_LINK = 2048;

export function encodeFloodLink(origin: string, payload: FloodLinkPayload): string {
  if (!DOC_ID.test(payload.docId)) throw new Error("encodeFloodLink: not a document id");
  const base = origin.replace(/\/+$/, "");
  const link = `${base}/${FLOOD_LINK_ROUTE}?doc=${payload.docId}&g=${payload.genesisId}`;
  if (payload.keys === undefined) return link;
  if (payload.keys.some((k) => k.raw.length !== 32)) throw new Error("encodeFloodLink: a flood key is 32 bytes");
  return `${link}&k=${floodKeysText(payload.keys)}`;
}

/** Reads a flood link (or only its fragment). */
export function decodeFloodLink(link: string): SyncResult<FloodLinkPayload> {
  const text = link.trim();
  if (text.length === 0 || text.length > MAX_LINK) return syncRefuse("link-malformed");
  const hashAt = text.indexOf("#");
  if (hashAt < 0) return syncRefuse("link-malformed", "no #/flood fragment");
  const fragment = text.slice(hashAt);
  const queryAt = fragment.indexOf("?");
  if (queryAt < 0 || fragment.slice(0, queryAt) !== FLOOD_LINK_ROUTE)
    return syncRefuse("link-malformed", "no #/flood fragment");
  const params = new URLSearchParams(fragment.slice(queryAt + 1));
  for (const key of ["doc", "g", "k"])
    if (params.getAll(key).length > 1) return syncRefuse("link-malformed", `repeated ${key}`);
  const docId = params.get("doc") ?? "";
  if (!DOC_ID.test(docId)) return syncRefuse("link-bad-doc");
  const genesisId = params.get("g") ?? "";
  const bytes = fromBase64url(genesisId);
  if (bytes === undefined || bytes.length !== 32) return syncRefuse("link-bad-genesis");
  const keyText = params.get("k");
  if (keyText === null) return syncOk({ docId, genesisId });
  const keys = floodKeysOf(keyText);
  if (keys === undefined) return syncRefuse("link-bad-pool-key");
  return syncOk({ docId, genesisId, keys });
}
