import { HOUR_MS } from "../events/limits.ts";
import type { EventId, MemberId } from "../events/types.ts";
import type { PendingJoin, PoolState, ProposalView } from "../pool/poolState.ts";

/**
 * Under `admission: auto` an app admits a valid join by itself when, by its own clock and view,
 * the invite is unexpired, not revoked, under its use limit, and its inviter is active
 * (docs/rules.md §4.3). Nobody admits their own join.
 */
export function joinsToAdmit(state: PoolState, me: MemberId, now: number): PendingJoin[] {
  if (state.rules.admission !== "auto" || !state.activeMembers.includes(me)) return [];
  const used = new Map<EventId, number>();
  const out: PendingJoin[] = [];
  for (const j of [...state.pendingJoins].sort((a, b) => a.at - b.at || (a.join < b.join ? -1 : 1))) {
    const invite = state.invites[j.invite];
    if (!invite || j.member === me || invite.revoked || now > invite.expiresAt) continue;
    if (!state.activeMembers.includes(invite.by)) continue;
    const uses = (used.get(invite.id) ?? invite.admittedJoins.length) + 1;
    if (uses > invite.maxUses) continue;
    used.set(invite.id, uses);
    out.push(j);
  }
  return out;
}

/** Joins a member may admit by hand under manual admission: not their own, not their invitee (unless they are the only member). */
export function joinsIMayAdmit(state: PoolState, me: MemberId): PendingJoin[] {
  if (!state.activeMembers.includes(me)) return [];
  const alone = state.activeMembers.length === 1;
  return state.pendingJoins.filter(
    (j) => j.member !== me && (state.rules.admission === "auto" || j.invitedBy !== me || alone),
  );
}

/** A closed proposal with no seal that counts every vote this device holds: someone should seal it. */
export function needsSeal(p: ProposalView, now: number): boolean {
  if (p.status !== "closed" || p.closedAt === undefined || now < p.closedAt) return false;
  const held = Object.values(p.votes)
    .map((v) => v.vote)
    .sort()
    .join();
  return !p.seals.some((s) => [...s.votes].sort().join() === held);
}

/**
 * Seals this device may confirm: written by someone else, past the late-vote window (or with
 * everyone voted), on a proposal that is not stale, and missing no vote this device holds.
 */
export function sealsToConfirm(state: PoolState, me: MemberId, now: number): { proposal: EventId; seal: EventId }[] {
  if (!state.activeMembers.includes(me)) return [];
  const out: { proposal: EventId; seal: EventId }[] = [];
  for (const p of Object.values(state.proposals)) {
    // Only another member of the proposal's electorate confirms its seal (docs/rules.md §4 "Seal").
    if (p.status !== "closed" || p.stale || !p.electorate.includes(me)) continue;
    const held = new Set(Object.values(p.votes).map((v) => v.vote));
    const seal = p.seals.find(
      (s) =>
        s.by !== me &&
        (s.everyoneVoted || now >= s.close + p.rules.sealAfterHours * HOUR_MS) &&
        [...held].every((v) => s.votes.includes(v)),
    );
    if (seal) out.push({ proposal: p.id, seal: seal.id });
  }
  return out;
}
