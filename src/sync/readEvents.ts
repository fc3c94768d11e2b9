/**
 * Reads every event out of a pool document (docs/rules.md §3: "an entry counts only under the key
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
 *
 * Every conflicting value is read, however many there are (rules §3.4): a value whose hash is
 * not the key's id is dropped at the cost of one hash, before any signature check, so no pile of
 * junk conflicts can hide the real value. Values this device already judged junk (rules §3.7)
 * are skipped by their (key, hash of value) mark without being decoded again.
 */
import * as A from "@automerge/automerge/slim";
import { toBase64url } from "../core/encoding/base64url.ts";
import { decodeEvent } from "../core/events/decodeEvent.ts";
import type { AnyDecodedEvent, StoredEvent } from "../core/events/types.ts";
import type { Sha256 } from "../core/identity/cryptoPorts.ts";
import type { AuditEntry } from "../core/pool/poolState.ts";
import type { Result } from "../core/result.ts";
import { bytesEqual, isMap } from "./schema/docValues.ts";
import { parseEntryKey } from "./schema/entryKey.ts";
import { unpackEntry } from "./schema/poolDoc.ts";

/** What an encrypted pool's opener says of a value it has not opened yet (encryption/entryOpener.ts). */
export const NOT_OPENED_YET = "not opened yet";

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
  /**
   * Junk to shed: keys under which no value decoded (or every value was remembered junk), with
   * the values newly judged junk here, for the caller to remember (none for a key too long or
   * odd to be named by a mark: it is cheap to judge again). Hashing them is left to the caller,
   * off the path to the first state.
   */
  shed: { key: string; values: Uint8Array[] }[];
  /**
   * Keys where a value decoded beside junk rivals: writing the good value again clears them. Also
   * keys where junk sits beside a value sealed under a key this device lacks (`key-missing`): they
   * are not deleted, since that value may be valid; a device holding its key clears the junk.
   */
  conflicted: string[];
}

/** Remembers decoded entries between reads, so a reread after a change decodes only what changed. */
export type DecodeMemo = Map<string, { value: Uint8Array; result: Result<AnyDecodedEvent> }>;

export interface ReadEventsOptions {
  memo?: DecodeMemo;
  /** Event ids to read every conflicting value of, even when the winner decodes. */
  allValuesOf?: ReadonlySet<string>;
  /** (id, signature) pairs this device verified before: their bytes skip the shape checks. */
  checkedBefore?: (id: string, sig: Uint8Array) => boolean;
  /** Remembered junk: map key → hashes of values judged junk under it (`valueHash`). */
  junk?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * For an encrypted pool (rules §9): the packed entry inside a stored value, or why it does not
   * open (encryption/entryOpener.ts). A value that does not open under a key this device holds is
   * junk; one sealed under an epoch whose key this device lacks (`key-missing`) is not: it is
   * listed but never shed, since it may be perfectly valid.
   */
  open?: (key: string, value: unknown) => Uint8Array | { reason: "not-decryptable" | "key-missing"; detail: string };
  /**
   * For an encrypted pool: whether this stored value's plaintext decoded on this device before
   * (encryption/entryOpener.ts keeps it, bound to the exact stored value). With `checkedBefore`
   * for its (id, signature), its body is parsed without hashing it again.
   */
  decodedBefore?: (key: string, value: Uint8Array) => boolean;
}

/** The hash a junk mark names a stored value by. */
export function valueHash(value: Uint8Array, sha256: Sha256): string {
  return toBase64url(sha256(value));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * An event whose bytes decoded on this device before and whose (id, signature) verified: only
 * parsed. Undefined when either is not so (then it is decoded in full).
 */
function decodeKnown(
  id: string,
  stored: StoredEvent,
  checkedBefore: ReadEventsOptions["checkedBefore"],
): Result<AnyDecodedEvent> | undefined {
  if (checkedBefore?.(id, stored.sig) !== true) return undefined;
  try {
    const body = JSON.parse(utf8.decode(stored.bytes)) as AnyDecodedEvent["body"];
    return { ok: true, value: { id, body, bytes: stored.bytes, sig: stored.sig } as AnyDecodedEvent };
  } catch {
    return undefined;
  }
}

function auditOf(key: string, reason: AuditEntry["reason"], detail?: string): AuditEntry {
  const id = key.length > MAX_AUDIT_KEY ? `${key.slice(0, MAX_AUDIT_KEY)}…` : key;
  return detail === undefined ? { id, reason } : { id, reason, detail };
}

export function readEvents(doc: unknown, sha256: Sha256, options: ReadEventsOptions = {}): ReadEventsResult {
  if (!A.isAutomerge(doc)) return { events: [], refused: [], shed: [], conflicted: [] };
  const root = doc as A.Doc<{ events?: unknown }>;
  const backend = A.getBackend(root);
  const rootMaps = backend.getAll("_root", "events").flatMap((v) => (v[0] === "map" ? [v[1]] : []));

  const oldMemo = options.memo;
  const newMemo: DecodeMemo = new Map();
  const events: AnyDecodedEvent[] = [];
  const failures = new Map<string, AuditEntry>();
  const decodedKeys = new Set<string>();
  /** Per key, values that failed here; and keys where remembered junk was met. */
  const failedValues = new Map<string, Uint8Array[]>();
  const junkMet = new Set<string>();
  /** Keys holding a value sealed under a key this device lacks (rules §9): never deleted here. */
  const keyMissing = new Set<string>();
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
    const known =
      options.decodedBefore?.(key, value) === true ? decodeKnown(id, stored, options.checkedBefore) : undefined;
    let result = known ?? decodeEvent(id, stored, sha256, { checkedBefore: options.checkedBefore });
    if (result.ok && result.value.body.at !== at)
      result = { ok: false, reason: "id-mismatch", detail: "the key's time is not the event's" };
    if (!newMemo.has(key)) newMemo.set(key, { value, result });
    return result;
  };

  const markFailed = (key: string, value: unknown) => {
    const values = failedValues.get(key) ?? [];
    // Not bytes: judged again at the cost of a type check, so not remembered.
    if (value instanceof Uint8Array) values.push(value);
    failedValues.set(key, values);
  };

  /** Takes one stored value; true when it decoded. */
  const take = (key: string, id: string, at: number, value: unknown): boolean => {
    const remembered = options.junk?.get(key);
    if (remembered !== undefined && value instanceof Uint8Array && remembered.has(valueHash(value, sha256))) {
      junkMet.add(key);
      return false;
    }
    const opened = options.open === undefined ? value : options.open(key, value);
    if (options.open !== undefined && !(opened instanceof Uint8Array)) {
      const why = opened as { reason: "not-decryptable" | "key-missing"; detail: string };
      fail(key, id, why.reason, why.detail);
      if (why.reason === "key-missing") keyMissing.add(key);
      // "not opened yet" is this device's own lag (the session opens it and reads again).
      if (why.reason === "not-decryptable" && why.detail !== NOT_OPENED_YET) markFailed(key, value);
      return false;
    }
    const stored = unpackEntry(opened);
    if (typeof stored === "string") {
      fail(key, id, "bad-envelope", stored);
      markFailed(key, value);
      return false;
    }
    const result = decode(key, id, at, value as Uint8Array, stored);
    if (!result.ok) {
      // A key that does not match its value's bytes is named by the key itself, so that the
      // audit never lists an event id that counts elsewhere in the document.
      fail(key, result.reason === "id-mismatch" ? key : id, result.reason, result.detail);
      markFailed(key, value);
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
    for (const v of backend.getAll(obj, key)) take(key, id, at, v[0] === "bytes" ? v[1] : v[0]);
  };

  const readKey = (obj: A.ObjID, key: string, winner: (() => unknown) | undefined) => {
    const parsed = parseEntryKey(key);
    if (parsed === undefined) {
      fail(key, key, "id-mismatch", "the key is not an event's time and id");
      // Remembered (and counted) only when a mark can hold the key; anything else is judged
      // again each time, at the cost of one regular-expression test.
      const remembered = options.junk?.get(key);
      const values: Uint8Array[] = [];
      if (key.length <= MAX_AUDIT_KEY && !key.includes("#"))
        for (const v of backend.getAll(obj, key)) {
          const value = v[0] === "bytes" ? v[1] : undefined;
          if (value instanceof Uint8Array && remembered?.has(valueHash(value, sha256)) !== true) values.push(value);
        }
      illFormed.push({ key, values });
      return;
    }
    const { id, at } = parsed;
    if (winner !== undefined && options.allValuesOf?.has(id) !== true && take(key, id, at, winner())) return;
    takeAll(obj, key, id, at);
  };

  const illFormed: { key: string; values: Uint8Array[] }[] = [];
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
  const shed: ReadEventsResult["shed"] = [...illFormed];
  const conflicted: string[] = [];
  for (const key of new Set([...failedValues.keys(), ...junkMet])) {
    // Junk beside a value this device cannot open yet is left for a device that can to clear.
    if (decodedKeys.has(key) || keyMissing.has(key)) conflicted.push(key);
    else shed.push({ key, values: failedValues.get(key) ?? [] });
  }
  return { events, refused, shed, conflicted };
}
