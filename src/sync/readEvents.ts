/**
 * Reads every event out of a pool document (DESIGN.md §3: "an entry counts only under the key
 * equal to its id; when the map holds conflicting values for a key, every value is read"). The
 * key is the event's time and id (schema/entryKey.ts): an entry counts only under the key its
 * own bytes give.
 *
 * Reading every conflicting value of every key costs a wasm call per key (about 9 µs: 90 ms
 * for 10,000 events), so the fast path reads the winning value from the materialized document
 * and asks Automerge for the rivals of a key only when its winner is no use: it does not
 * decode, or the caller says its signature failed (`allValuesOf`). That loses nothing: two
 * values under one key that both decode have the same bytes (the key is their hash), so a
 * conflict can only hide a good value behind a bad one, never a second event. The root
 * `events` map is read through its conflicts too, in case two devices ever made rival maps.
 */
import * as A from "@automerge/automerge/slim";
import { decodeEvent } from "../core/events/decodeEvent.ts";
import type { AnyDecodedEvent, StoredEvent } from "../core/events/types.ts";
import type { Sha256 } from "../core/identity/cryptoPorts.ts";
import type { AuditEntry } from "../core/pool/poolState.ts";
import type { Result } from "../core/result.ts";
import { bytesEqual, isMap } from "./schema/docValues.ts";
import { parseEntryKey } from "./schema/entryKey.ts";
import { unpackEntry } from "./schema/poolDoc.ts";

/** An attacker can pile up conflicting values under a key; past this many the rest are skipped. */
export const MAX_VALUES_PER_KEY = 16;

/** Keys are written by anyone with the URL: a junk key is shortened before it reaches the audit view. */
const MAX_AUDIT_KEY = 64;

export interface ReadEventsResult {
  /**
   * Decoded events, at most one per (id, signature): normally one per key. A key can give more
   * than one when rival values carry the same bytes with different signatures.
   */
  events: AnyDecodedEvent[];
  /** Keys under which no value decoded, with the reason the first value failed (named by event id when the key is well-formed). */
  refused: AuditEntry[];
}

/** Remembers decoded entries between reads, so a reread after a change decodes only what changed. */
export type DecodeMemo = Map<string, { value: Uint8Array; result: Result<AnyDecodedEvent> }>;

export interface ReadEventsOptions {
  memo?: DecodeMemo;
  /** Event ids to read every conflicting value of, even when the winner decodes. */
  allValuesOf?: ReadonlySet<string>;
  /** (id, signature) pairs this device verified before: their bytes skip the shape checks. */
  checkedBefore?: (id: string, sig: Uint8Array) => boolean;
  /**
   * For an encrypted pool (rules §9): the packed entry inside a stored value, or why it does not
   * open (encryption/entryOpener.ts). A value that does not open is junk, like one that does not decode.
   */
  open?: (key: string, value: unknown) => Uint8Array | { reason: "not-decryptable" | "key-missing"; detail: string };
}

function auditOf(key: string, reason: AuditEntry["reason"], detail?: string): AuditEntry {
  const id = key.length > MAX_AUDIT_KEY ? `${key.slice(0, MAX_AUDIT_KEY)}…` : key;
  return detail === undefined ? { id, reason } : { id, reason, detail };
}

export function readEvents(doc: unknown, sha256: Sha256, options: ReadEventsOptions = {}): ReadEventsResult {
  if (!A.isAutomerge(doc)) return { events: [], refused: [] };
  const root = doc as A.Doc<{ events?: unknown }>;
  const backend = A.getBackend(root);
  const rootMaps = backend.getAll("_root", "events").flatMap((v) => (v[0] === "map" ? [v[1]] : []));

  const oldMemo = options.memo;
  const newMemo: DecodeMemo = new Map();
  const events: AnyDecodedEvent[] = [];
  const failures = new Map<string, AuditEntry>();
  const decodedKeys = new Set<string>();
  /** Signatures already taken per id, so identical rival values count once. */
  const sigsById = new Map<string, Uint8Array[]>();

  /** Failures by key; the audit names the event id when the key is a well-formed entry key. */
  const fail = (key: string, shownId: string, reason: AuditEntry["reason"], detail?: string) => {
    if (!failures.has(key)) failures.set(key, auditOf(shownId, reason, detail));
  };

  const decode = (
    key: string,
    id: string,
    at: number,
    value: Uint8Array,
    stored: StoredEvent,
  ): Result<AnyDecodedEvent> => {
    const seen = oldMemo?.get(key) ?? newMemo.get(key);
    if (seen !== undefined && bytesEqual(seen.value, value)) {
      newMemo.set(key, seen);
      return seen.result;
    }
    let result = decodeEvent(id, stored, sha256, { checkedBefore: options.checkedBefore });
    if (result.ok && result.value.body.at !== at)
      result = { ok: false, reason: "id-mismatch", detail: "the key's time is not the event's" };
    if (!newMemo.has(key)) newMemo.set(key, { value, result });
    return result;
  };

  /** Takes one stored value; true when it decoded. */
  const take = (key: string, id: string, at: number, value: unknown): boolean => {
    const opened = options.open === undefined ? value : options.open(key, value);
    if (options.open !== undefined && !(opened instanceof Uint8Array)) {
      const why = opened as { reason: "not-decryptable" | "key-missing"; detail: string };
      fail(key, id, why.reason, why.detail);
      return false;
    }
    const stored = unpackEntry(opened);
    if (typeof stored === "string") {
      fail(key, id, "bad-envelope", stored);
      return false;
    }
    const result = decode(key, id, at, value as Uint8Array, stored);
    if (!result.ok) {
      // A key that does not match its value's bytes is named by the key itself, so that the
      // audit never lists an event id that counts elsewhere in the document.
      fail(key, result.reason === "id-mismatch" ? key : id, result.reason, result.detail);
      return false;
    }
    const sigs = sigsById.get(id) ?? [];
    if (!sigs.some((s) => bytesEqual(s, stored.sig))) {
      sigs.push(stored.sig);
      sigsById.set(id, sigs);
      events.push(result.value);
    }
    decodedKeys.add(key);
    return true;
  };

  /** Every value under `key`, rivals included, read from Automerge's op set. */
  const takeAll = (obj: A.ObjID, key: string, id: string, at: number) => {
    let budget = MAX_VALUES_PER_KEY;
    for (const v of backend.getAll(obj, key)) {
      if (budget-- <= 0) break;
      take(key, id, at, v[0] === "bytes" ? v[1] : v[0]);
    }
  };

  const readKey = (obj: A.ObjID, key: string, winner: (() => unknown) | undefined) => {
    const parsed = parseEntryKey(key);
    if (parsed === undefined) {
      fail(key, key, "id-mismatch", "the key is not an event's time and id");
      return;
    }
    const { id, at } = parsed;
    if (winner !== undefined && options.allValuesOf?.has(id) !== true && take(key, id, at, winner())) return;
    takeAll(obj, key, id, at);
  };

  const only = rootMaps.length === 1 ? rootMaps[0] : undefined;
  if (only !== undefined && isMap(root.events)) {
    // One events map (the normal case): winners come from the materialized document.
    const map = root.events;
    for (const key of Object.keys(map)) readKey(only, key, () => map[key]);
  } else {
    for (const obj of rootMaps) for (const key of backend.keys(obj)) readKey(obj, key, undefined);
  }

  if (oldMemo !== undefined) {
    oldMemo.clear();
    for (const [k, v] of newMemo) oldMemo.set(k, v);
  }
  const refused = [...failures].filter(([key]) => !decodedKeys.has(key)).map(([, audit]) => audit);
  return { events, refused };
}
