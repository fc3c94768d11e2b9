/**
 * Membership: invite by link, admit a newcomer (by hand, or by itself under `admission: auto`),
 * leave. Joining is in join.ts: the joiner is not a member yet.
 */
import { type EventId, joinsToAdmit, limits, toBase64url } from "../../core/index.ts";
import { deliveryKeyPairFromSeed } from "../../crypto/hpkeKeySealer.ts";
import { generateKeyPair } from "../../crypto/index.ts";
import { encodeInviteLink } from "../../sync/index.ts";
import { author, type PoolContext } from "../author.ts";
import { type CommandResult, done } from "../errors.ts";

const DAY_MS = limits.DAY_MS;

export interface InviteOptions {
  /** How many people may join with this link (1 by default). */
  maxUses?: number;
  /** Days until the link expires (7 by default). */
  days?: number;
}

/**
 * A one-time key pair per invite: the public half goes in the pool, the secret half only into
 * the link (never into the document), so only someone holding the link can join.
 */
export async function createInvite(
  ctx: PoolContext,
  base: string,
  options: InviteOptions = {},
): Promise<CommandResult<{ link: string; id: EventId; expiresAt: number }>> {
  const keys = generateKeyPair();
  const maxUses = Math.min(limits.MAX_INVITE_USES, Math.max(1, Math.floor(options.maxUses ?? 1)));
  const days = Math.min(90, Math.max(1, options.days ?? 7));
  let expiresAt = 0;
  // A key made from the link's secret, so that a pool key rotated before the link is used reaches it (rules §9).
  const deliveryKey = ctx.session.encrypted
    ? { deliveryKey: toBase64url((await deliveryKeyPairFromSeed(keys.secretKey)).publicKey) }
    : {};
  const result = await author(ctx, "member.invited", (at) => {
    expiresAt = at + days * DAY_MS;
    return { invitePublicKey: toBase64url(keys.publicKey), expiresAt, maxUses, ...deliveryKey };
  });
  if (!result.ok) return result;
  const docId = ctx.session.docUrl.replace(/^automerge:/, "");
  // The pool key rides in the link's fragment (rules §9): whoever holds the link can read the pool.
  // Every epoch's key: a newcomer reads what was written before the last rotation too.
  const poolKeys = await ctx.session.poolKeysForInvite();
  const link = encodeInviteLink(base, {
    docId,
    genesisId: ctx.session.poolId,
    secret: keys.secretKey,
    ...(poolKeys ? { poolKeys } : {}),
  });
  return done({ link, id: result.value, expiresAt });
}

export function revokeInvite(ctx: PoolContext, invite: EventId): Promise<CommandResult<EventId>> {
  return author(ctx, "member.invite-revoked", { invite });
}

export function admit(ctx: PoolContext, join: EventId): Promise<CommandResult<EventId>> {
  return author(ctx, "member.admitted", { join });
}

export function leave(ctx: PoolContext): Promise<CommandResult<EventId>> {
  return author(ctx, "member.left", {});
}

/**
 * Under `admission: auto`, admits every valid join this device sees (the core's joinsToAdmit
 * judges invite expiry, revocation, use limit and an active inviter by this device's clock).
 * `inFlight` stops two state updates from admitting the same join twice.
 */
export async function autoAdmit(ctx: PoolContext, now: number, inFlight: Set<EventId>): Promise<void> {
  const state = ctx.state();
  const me = ctx.me();
  if (!state || !me) return;
  for (const j of joinsToAdmit(state, me.id, now)) {
    if (inFlight.has(j.join)) continue;
    inFlight.add(j.join);
    const r = await admit(ctx, j.join);
    if (!r.ok) {
      console.warn(`auto-admission of ${j.name} refused: ${r.error}`);
      inFlight.delete(j.join); // the next state update tries again (the view may have lagged)
    }
  }
}
