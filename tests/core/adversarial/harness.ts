import { expect } from "vitest";
import {
  canonicalBytes,
  type EventId,
  eventIdOf,
  type PoolState,
  type SignedEvent,
  type StoredEvent,
} from "../../../src/core/index.ts";
import { sha256 } from "../../../src/crypto/index.ts";
import { personKeys, World } from "../../helpers/world.ts";

/**
 * Shared checks for attacks: a bad event must be refused with the expected reason and change
 * nothing else — the state derived with it equals the state derived without it, audit aside.
 */
export function expectOnlyAuditDiffers(withBad: PoolState, without: PoolState, badIds: readonly EventId[]): void {
  const { audit: auditWith, ...restWith } = withBad;
  const { audit: auditWithout, ...restWithout } = without;
  expect(restWith.members).toEqual(restWithout.members);
  expect(restWith.proposals).toEqual(restWithout.proposals);
  expect(restWith.ledger).toEqual(restWithout.ledger);
  expect(restWith).toEqual(restWithout);
  expect(auditWith.filter((a) => !badIds.includes(a.id))).toEqual(auditWithout);
}

/** Derives with and without `bad` (already added to the world); checks the reason and that nothing else changed. */
export async function expectRefusedAndHarmless(
  w: World,
  bad: SignedEvent,
  reason: string,
  now = w.now,
): Promise<PoolState> {
  const withBad = await w.derive(now);
  const without = await w.derive(now, w.idsWithout(bad.id));
  expect(World.refusal(withBad, bad.id)).toBe(reason);
  expectOnlyAuditDiffers(withBad, without, [bad.id]);
  return withBad;
}

/**
 * The whole device pipeline (decode, verify, derive) over the world's stored entries plus one raw
 * entry under `key`; checks the refusal reason and that the state equals the one without it.
 */
export async function expectStoredEntryRefused(
  w: World,
  key: string,
  stored: StoredEvent,
  reason: string,
): Promise<PoolState> {
  const base = w.stored();
  const withBad = await w.deriveStored([...base, [key, stored]]);
  const without = await w.deriveStored(base);
  expect(withBad.audit.find((a) => a.id === key)?.reason).toBe(reason);
  expectOnlyAuditDiffers(withBad, without, [key]);
  return withBad;
}

/** The plain body a person would sign, for tests that build bytes by hand. */
export function bodyOf(
  w: World,
  name: string,
  type: string,
  data: unknown,
  opts: { parents?: EventId[]; at?: number; pool?: string } = {},
): Record<string, unknown> {
  return {
    v: 1,
    pool: opts.pool ?? w.genesisId,
    type,
    by: w.id(name),
    at: opts.at ?? w.now,
    parents: opts.parents ?? w.currentHeads(),
    data,
  };
}

/** Signs exact bytes (canonical or not) with a person's key; the key under which they are stored is their hash. */
export async function signBytes(bytes: Uint8Array, signer: string): Promise<{ id: EventId; stored: StoredEvent }> {
  const sig = await personKeys(signer).signer.sign(bytes);
  return { id: eventIdOf(bytes, sha256), stored: { bytes, sig } };
}

/** Canonical bytes of a body, signed by `signer`. */
export const signBody = (body: unknown, signer: string) => signBytes(canonicalBytes(body), signer);

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
