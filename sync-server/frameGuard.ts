/**
 * What counts as a valid frame from a client, decided before the automerge-repo adapter sees it.
 *
 * The stock WebSocketServerAdapter (2.5.6) trusts its input: CBOR `null`, a number, or a join whose
 * `supportedProtocolVersions` is not an array throws out of its message handler and kills the
 * process, and a peer's self-declared `storageId` becomes a file name for its sync state. This
 * module checks the shape of every message of the automerge-repo websocket protocol (v1) and says
 * why it refuses one. It is pure: no sockets, no logging.
 */
import { decodeSyncMessage } from "@automerge/automerge";
import { cbor, type DocumentId, isValidDocumentId } from "@automerge/automerge-repo";
import type { RawData } from "ws";
import { CloseCode, MAX_ID_LENGTH } from "./limits";
import { checkCborShape } from "./traffic/cborShape";

/** What the guard remembers about one connection. */
export interface PeerState {
  /** The senderId of this connection's accepted `join`, once there is one. */
  joinedAs?: string;
}

export type FrameVerdict =
  /** Hand the frame to the adapter. `join` is set when it is an accepted join. */
  | { kind: "accept"; type: string; join?: { senderId: string }; documentId?: DocumentId }
  /** Well formed, but of a type the relay does not handle: drop it, keep the connection. */
  | { kind: "ignore"; type: string; reason: string }
  /** Refuse: close the connection with this code. */
  | { kind: "refuse"; code: CloseCode; reason: string };

/** Types a client sends in the automerge-repo websocket protocol (join + RepoMessage types). */
const KNOWN_TYPES = new Set([
  "join",
  "sync",
  "request",
  "ephemeral",
  "doc-unavailable",
  "remote-subscription-change",
  "remote-heads-changed",
]);

/** A storageId names a file on the relay's disk (sync state): real ones are UUIDs. */
const SAFE_STORAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_LIST = 1000;

class Refusal extends Error {
  constructor(
    readonly code: CloseCode,
    reason: string,
  ) {
    super(reason);
  }
}

const refuse = (reason: string, code: CloseCode = CloseCode.invalidPayload): never => {
  throw new Refusal(code, reason);
};

/** Before `join` a client sends one small frame; a stock client's join is about 150 bytes. */
export const DEFAULT_MAX_PREJOIN_FRAME_BYTES = 4096;

export function checkFrame(
  data: RawData,
  isBinary: boolean,
  peer: PeerState,
  maxPreJoinFrameBytes: number = DEFAULT_MAX_PREJOIN_FRAME_BYTES,
): FrameVerdict {
  try {
    return check(data, isBinary, peer, maxPreJoinFrameBytes);
  } catch (e) {
    if (e instanceof Refusal) return { kind: "refuse", code: e.code, reason: e.message };
    throw e;
  }
}

function check(data: RawData, isBinary: boolean, peer: PeerState, maxPreJoinFrameBytes: number): FrameVerdict {
  if (!isBinary) refuse("text frame: the protocol is binary CBOR", CloseCode.unsupportedData);
  const bytes = toBytes(data);
  if (bytes.byteLength === 0) refuse("empty frame");
  // Size and shape before any decoding: a frame's cost must be known before it is paid.
  if (peer.joinedAs === undefined && bytes.byteLength > maxPreJoinFrameBytes) {
    refuse(`frame before join above ${maxPreJoinFrameBytes} bytes`, CloseCode.messageTooBig);
  }
  const shape = checkCborShape(bytes);
  if (shape !== undefined) refuse(shape);

  let message: unknown;
  try {
    message = cbor.decode(bytes);
  } catch (e) {
    refuse(`not CBOR (${e instanceof Error ? e.message : "decode failed"})`);
  }
  if (!isPlainObject(message)) refuse(`message is ${describe(message)}, not a map`);
  const m = message as Record<string, unknown>;

  const type = m.type;
  if (typeof type !== "string" || type.length === 0 || type.length > 64) refuse("type must be a short string");
  const senderId = id(m, "senderId");

  if (type === "join") {
    checkJoin(m);
    if (peer.joinedAs !== undefined && peer.joinedAs !== senderId) {
      refuse("join as a different peer on the same connection", CloseCode.policyViolation);
    }
    return { kind: "accept", type, join: { senderId } };
  }

  if (peer.joinedAs === undefined) refuse(`${clip(type as string)} before join`, CloseCode.policyViolation);
  if (senderId !== peer.joinedAs) refuse("senderId does not match the join", CloseCode.policyViolation);
  if (!KNOWN_TYPES.has(type as string)) {
    return { kind: "ignore", type: clip(type as string), reason: "unknown message type" };
  }

  id(m, "targetId");
  if (type === "ephemeral") {
    documentId(m);
    bytesField(m, "data");
    if (!Number.isSafeInteger(m.count) || (m.count as number) < 0)
      refuse("ephemeral count must be a non-negative integer");
    id(m, "sessionId");
    // The app sends none, and relayed they reach every member of a document: a stranger who
    // knows an id could push unbounded bytes to everyone's phone.
    return { kind: "ignore", type, reason: "ephemeral messages are not relayed" };
  }
  switch (type) {
    case "sync":
    case "request":
      documentId(m);
      syncData(m);
      break;
    case "doc-unavailable":
      documentId(m);
      break;
    case "remote-subscription-change":
      optionalIdList(m, "add");
      optionalIdList(m, "remove");
      break;
    case "remote-heads-changed": {
      documentId(m);
      const newHeads = m.newHeads;
      if (!isPlainObject(newHeads)) refuse("newHeads must be a map");
      for (const info of Object.values(newHeads as Record<string, unknown>)) {
        if (!isPlainObject(info)) refuse("newHeads entries must be maps");
        const { heads, timestamp } = info as Record<string, unknown>;
        if (!isStringList(heads) || typeof timestamp !== "number") refuse("newHeads entries need heads and timestamp");
      }
      break;
    }
  }
  const docId = typeof m.documentId === "string" ? (m.documentId as DocumentId) : undefined;
  return { kind: "accept", type: type as string, ...(docId === undefined ? {} : { documentId: docId }) };
}

function checkJoin(m: Record<string, unknown>): void {
  const { peerMetadata, supportedProtocolVersions } = m;
  if (peerMetadata !== undefined) {
    if (!isPlainObject(peerMetadata)) refuse("peerMetadata must be a map");
    const { storageId, isEphemeral } = peerMetadata as Record<string, unknown>;
    if (storageId !== undefined && (typeof storageId !== "string" || !SAFE_STORAGE_ID.test(storageId))) {
      refuse("peerMetadata.storageId must be 1-64 characters of [A-Za-z0-9_-]");
    }
    if (isEphemeral !== undefined && typeof isEphemeral !== "boolean")
      refuse("peerMetadata.isEphemeral must be a boolean");
  }
  if (supportedProtocolVersions !== undefined && !isStringList(supportedProtocolVersions)) {
    refuse("supportedProtocolVersions must be a list of strings");
  }
}

function id(m: Record<string, unknown>, field: string): string {
  const value = m[field];
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_ID_LENGTH) {
    refuse(`${field} must be a string of 1-${MAX_ID_LENGTH} characters`);
  }
  return value as string;
}

/** Ids already checked (a checksum each time is a few µs on the hot path); cleared when full. */
const validDocumentIds = new Set<string>();
const MAX_REMEMBERED_IDS = 10_000;

function documentId(m: Record<string, unknown>): void {
  const value = m.documentId;
  if (typeof value === "string" && validDocumentIds.has(value)) return;
  // Base58check: this also keeps ids that could name a path (`../x`) away from storage.
  if (!isValidDocumentId(value)) refuse("documentId is not a valid document id");
  if (validDocumentIds.size >= MAX_REMEMBERED_IDS) validDocumentIds.clear();
  validDocumentIds.add(value as string);
}

function bytesField(m: Record<string, unknown>, field: string): Uint8Array {
  const value = m[field];
  if (!(value instanceof Uint8Array) || value.byteLength === 0) refuse(`${field} must be non-empty bytes`);
  return value as Uint8Array;
}

function syncData(m: Record<string, unknown>): void {
  const data = bytesField(m, "data");
  try {
    decodeSyncMessage(data);
  } catch {
    refuse("data is not an Automerge sync message");
  }
}

function optionalIdList(m: Record<string, unknown>, field: string): void {
  const value = m[field];
  if (value !== undefined && !isStringList(value)) refuse(`${field} must be a list of ids`);
}

function isStringList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_LIST &&
    value.every((v) => typeof v === "string" && v.length <= MAX_ID_LENGTH)
  );
}

/** A map decoded from CBOR: not null, not an array, not a tag-made class (Date, Set, typed array…). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `a ${value.constructor?.name ?? "object"}`;
  return `a ${typeof value}`;
}

const clip = (s: string) => s.replace(/[^\x20-\x7e]/g, "?").slice(0, 40);

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
