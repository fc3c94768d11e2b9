/**
 * Who may write into a pool at all (rules §3.7 "Junk from strangers is shed"): the founder, and
 * everyone whose join carries a valid invite proof for an invite written by such an author. Their
 * events are judged by the rules (and a refused one stays as evidence); anything else written
 * into the document is a stranger's junk, shed before derivation and without checking its
 * signature, so that 10,000 signed entries from outside the pool cost a set lookup each.
 *
 * Membership status plays no part: a member who left or was removed stays an author (their old
 * events still count, their new ones are refused by the rules, visibly).
 */
import type { AnyDecodedEvent, DecodedEvent, EventId, MemberId } from "../events/types.ts";

export interface PoolAuthors {
  /** Founder and validly invited joiners, as far as the verified events reach. */
  authors: Set<MemberId>;
  /**
   * Invites by an author, and joins naming such an invite, whose signatures are not verified
   * yet: verify them and ask again, until this is empty (each round reaches one invite further).
   */
  toVerify: AnyDecodedEvent[];
}

/** Authors reachable from the genesis through verified invites and joins. */
export function poolAuthors(
  genesis: AnyDecodedEvent,
  events: Iterable<AnyDecodedEvent>,
  isVerified: (id: EventId) => boolean,
): PoolAuthors {
  const invitesBy = new Map<MemberId, DecodedEvent<"member.invited">[]>();
  const joinsOf = new Map<EventId, DecodedEvent<"member.joined">[]>();
  for (const e of events) {
    if (e.body.type === "member.invited") push(invitesBy, e.body.by, e as DecodedEvent<"member.invited">);
    else if (e.body.type === "member.joined") {
      const join = e as DecodedEvent<"member.joined">;
      push(joinsOf, join.body.data.invite, join);
    }
  }
  const authors = new Set<MemberId>();
  const toVerify: AnyDecodedEvent[] = [];
  const queue: MemberId[] = [];
  const add = (m: MemberId) => {
    if (authors.has(m)) return;
    authors.add(m);
    queue.push(m);
  };
  add(genesis.body.by);
  while (queue.length > 0) {
    const author = queue.pop() as MemberId;
    for (const invite of invitesBy.get(author) ?? []) {
      if (!isVerified(invite.id)) {
        toVerify.push(invite);
        continue;
      }
      for (const join of joinsOf.get(invite.id) ?? []) {
        if (isVerified(join.id)) add(join.body.by);
        else if (!authors.has(join.body.by)) toVerify.push(join);
      }
    }
  }
  return { authors, toVerify };
}

/**
 * Splits events into those by the pool's authors and a stranger's junk. A join whose invite is
 * not held yet is neither: it waits (its proof cannot be checked until the invite arrives).
 */
export function splitStrangers(
  events: Iterable<AnyDecodedEvent>,
  authors: ReadonlySet<MemberId>,
  held: (id: EventId) => boolean,
): { kept: AnyDecodedEvent[]; strangers: AnyDecodedEvent[] } {
  const kept: AnyDecodedEvent[] = [];
  const strangers: AnyDecodedEvent[] = [];
  for (const e of events) {
    if (authors.has(e.body.by)) kept.push(e);
    else if (e.body.type === "member.joined" && !held((e as DecodedEvent<"member.joined">).body.data.invite))
      kept.push(e);
    else strangers.push(e);
  }
  return { kept, strangers };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
