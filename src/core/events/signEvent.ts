import { canonicalBytes } from "../encoding/canonical.ts";
import type { Sha256, Signer } from "../identity/cryptoPorts.ts";
import { eventIdOf } from "./decodeEvent.ts";
import type { EventBody, EventDataByType, EventId, EventType, MemberId, StoredEvent } from "./types.ts";

export interface SignedEvent extends StoredEvent {
  id: EventId;
  body: EventBody;
}

export interface NewEvent<T extends EventType> {
  pool: string;
  type: T;
  by: MemberId;
  at: number;
  parents: readonly EventId[];
  data: EventDataByType[T];
}

/** Canonical body with parents sorted and unique, as every device expects them. */
export function makeBody<T extends EventType>(e: NewEvent<T>): EventBody<T> {
  const parents = [...new Set(e.parents)].sort();
  return { v: 1, pool: e.pool, type: e.type, by: e.by, at: e.at, parents, data: e.data };
}

/** Signs the exact canonical bytes; the id is their SHA-256. */
export async function signEvent<T extends EventType>(
  e: NewEvent<T>,
  signer: Signer,
  sha256: Sha256,
): Promise<SignedEvent> {
  const body = makeBody(e);
  const bytes = canonicalBytes(body);
  const sig = await signer.sign(bytes);
  return { id: eventIdOf(bytes, sha256), body, bytes, sig };
}

/** What a joiner signs with the invite's one-time key, so a join proves it holds the invite link. */
export function inviteProofMessage(pool: string, member: MemberId): Uint8Array {
  return canonicalBytes({ t: "invite", pool, member });
}
