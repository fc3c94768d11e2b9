/**
 * Opening and watching a flood's member pools (docs/rules.md §5). Members come from those pools'
 * own derived states, so every pool a `flood.pool-joined` names is opened too (read only: this
 * device does not become a member or remember the pool), and each one's state, as it changes,
 * goes to the flood's derive.
 */
import { decodeEvent } from "../../core/events/decodeEvent.ts";
import type { SignedEvent } from "../../core/events/signEvent.ts";
import type { DecodedEvent, EventId } from "../../core/events/types.ts";
import { rawPoolKeyOf } from "../encryption/floodPoolKeys.ts";
import type { PoolView, StoredEventWithId } from "../poolSession.ts";
import { openPool } from "../pools.ts";
import { deriveAgainSoon } from "./deriveAgainSoon.ts";
import { docUrlOfId } from "./docUrls.ts";
import type { FloodInternals } from "./floodInternals.ts";
import type { MemberPoolRef } from "./floodTypes.ts";
import { lendMemberKeys } from "./lendMemberKeys.ts";

/** How long to wait before trying again to open a member pool that could not be opened. */
const MEMBER_RETRY_MS = 10_000;

/**
 * Every pool a verified `flood.pool-joined` names is opened, whether or not the flood accepts
 * the event yet: the flood can only judge it once the pool's state is here. The pool's keys
 * the flood carries for this device (its join's, and its later epochs' in `flood.pool-key`,
 * rules §9) are then lent to the session this flood opened for it.
 */
export function discoverMembers(f: FloodInternals, view: PoolView): void {
  if (f.closed) return;
  for (const id of view.verified) {
    const e = view.events.get(id);
    if (e?.body.type !== "flood.pool-joined") continue;
    const { pool, poolDoc, poolKey } = (e as DecodedEvent<"flood.pool-joined">).body.data;
    const key = poolKey === undefined ? undefined : rawPoolKeyOf(poolKey);
    void ensureMember(f, {
      genesisId: pool,
      docUrl: docUrlOfId(poolDoc),
      ...(key === undefined ? {} : { poolKey: key }),
    });
  }
  lendMemberKeys(f, view).catch(f.deps.onError ?? console.error);
}

/**
 * Starts opening every pool a `flood.pool-joined` in a batch to append names, before the batch
 * is checked: the flood can only judge such an event with the pool's state.
 */
export function openMembersNamedIn(
  f: FloodInternals,
  list: readonly (SignedEvent | StoredEventWithId)[],
): Promise<void>[] {
  const opening: Promise<void>[] = [];
  for (const e of list) {
    const decoded = "body" in e ? { ok: true as const, value: e } : decodeEvent(e.id, e, f.deps.sha256);
    if (!decoded.ok || decoded.value.body.type !== "flood.pool-joined") continue;
    const { pool, poolDoc } = (decoded.value.body as DecodedEvent<"flood.pool-joined">["body"]).data;
    opening.push(ensureMember(f, { genesisId: pool, docUrl: docUrlOfId(poolDoc) }));
  }
  return opening;
}

/** Resolves when every pool named in the flood has been tried once and the flood derived with them. */
export async function membersSettled(f: FloodInternals): Promise<void> {
  for (;;) {
    const pending = [...f.opening.values()];
    await Promise.all(pending);
    await f.inner.refresh();
    // The refresh may have read new `flood.pool-joined` events, whose pools are opening now: wait for those too.
    if (f.opening.size === pending.length) return;
  }
}

/** The one opening of a member pool: started on first mention, shared by every later one. */
function ensureMember(f: FloodInternals, ref: MemberPoolRef): Promise<void> {
  let p = f.opening.get(ref.genesisId);
  if (p === undefined) {
    p = openMember(f, ref);
    f.opening.set(ref.genesisId, p);
  }
  return p;
}

async function openMember(f: FloodInternals, ref: MemberPoolRef): Promise<void> {
  const onError = f.deps.onError ?? ((e: unknown) => console.error("flood session:", e));
  try {
    const opened = f.deps.openMember
      ? await f.deps.openMember(ref)
      : await openPool(f.repo, ref, { ...f.deps, device: undefined });
    if (!opened.ok) {
      onError(new Error(`flood: member pool ${ref.genesisId} could not be opened (${opened.reason})`));
      retryLater(f, ref.genesisId);
      return;
    }
    const session = opened.value;
    if (f.closed) {
      if (!("shared" in opened && opened.shared)) session.close();
      return;
    }
    if (!("shared" in opened && opened.shared)) f.owned.add(ref.genesisId);
    f.members.set(ref.genesisId, session);
    f.stops.push(
      session.onState((v) => {
        if (v.state === undefined) return;
        f.states.set(ref.genesisId, v.state);
        deriveAgainSoon(f);
      }),
    );
  } catch (err) {
    onError(err);
    retryLater(f, ref.genesisId);
  }
}

/**
 * A member pool that could not be opened (offline, a slow relay) is tried again later, so this
 * device does not show a different flood from its peers until the app reloads.
 */
function retryLater(f: FloodInternals, pool: EventId): void {
  setTimeout(() => {
    if (f.closed) return;
    f.opening.delete(pool);
    discoverMembers(f, f.inner.view());
  }, MEMBER_RETRY_MS);
}
