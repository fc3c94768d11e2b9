/**
 * Joining from an invite link: open the pool's document (through the relay), show what is being
 * joined and its bylaws, then write `member.joined` with a proof that this device holds the
 * invite's secret (docs/rules.md §4.3). The newcomer is a member once admitted.
 */

import { bylawsHash, type EventId, inviteProofMessage, type PoolState, toBase64url } from "../core/index.ts";
import { deliveryKeyPairFromSeed } from "../crypto/hpkeKeySealer.ts";
import { sha256, signerFromSecretKey } from "../crypto/index.ts";
import type { PoolSession } from "../sync/index.ts";
import { decodeInviteLink, docUrlOfInvite, type InvitePayload, openPool, syncReasonText } from "../sync/index.ts";
import { author } from "./author.ts";
import { deliveryKeyOf } from "./deliveryKey.ts";
import { type CommandResult, done, explain, failed, unexpected } from "./errors.ts";
import type { Me } from "./identity.ts";
import { openWithTimeout } from "./openWithTimeout.ts";
import { bylawsOf } from "./selectors.ts";
import type { Services } from "./services.ts";

export interface JoinPreview {
  invite: InvitePayload;
  session: PoolSession;
  state: PoolState;
  /** The invite event this link's key belongs to. */
  inviteId: EventId;
  bylaws: string;
  /** This device already holds the pool. */
  alreadyHere: boolean;
}

/** How long to wait for the relay to hand over a pool this device has never seen. */

export async function previewInvite(
  services: Services,
  link: string,
  now: number,
  me?: string,
): Promise<CommandResult<JoinPreview>> {
  const decoded = decodeInviteLink(link);
  if (!decoded.ok) return failed(syncReasonText(decoded.reason));
  const invite = decoded.value;
  try {
    const known = await services.device.getPool(invite.genesisId);
    // Rotated pool keys sealed to this invite open with a key made from its secret (rules §9).
    const invitePair = deliveryKeyPairFromSeed(invite.secret);
    const own = services.deps.deliveryKeys;
    const deliveryKeys = async () => [...((await own?.()) ?? []), await invitePair];
    const opening = openPool(
      services.pools.repo,
      {
        docUrl: docUrlOfInvite(invite),
        genesisId: invite.genesisId,
        ...(invite.poolKeys ? { poolKeys: invite.poolKeys } : invite.poolKey ? { poolKey: invite.poolKey } : {}),
      },
      { ...services.deps, device: undefined, deliveryKeys },
    );
    const opened = await openWithTimeout(opening);
    if (opened === "timeout")
      return failed("This phone could not reach the pool. Check the connection and try the link again.");
    if (!opened.ok) return failed(explain(opened));
    const session = opened.value;
    let state = session.view().state ?? (await session.refresh()).state;
    if (!state) {
      session.close();
      return failed("The pool in this link could not be read: its founding event is missing or damaged.");
    }
    const publicKey = toBase64url(signerFromSecretKey(invite.secret).publicKey);
    const findInvite = (s: PoolState) => Object.values(s.invites).find((i) => i.invitePublicKey === publicKey);
    // A link opened the moment it was made can arrive before its invite reaches the relay:
    // wait a little for it to sync in rather than calling a fresh link unknown.
    let found = findInvite(state);
    if (!found) {
      found = await inviteArriving(session, findInvite);
      state = session.view().state ?? state;
    }
    // Someone already in the pool (say, on a new phone with a restored key) only needs the pool
    // itself: an expired or used-up invite does not stop them from opening it again.
    const member =
      me !== undefined && (state.activeMembers.includes(me) || state.pendingJoins.some((j) => j.member === me));
    const problem = member
      ? undefined
      : !found
        ? "This invite is not in the pool. Ask for a new link."
        : found.revoked
          ? "This invite was cancelled. Ask for a new link."
          : now > found.expiresAt
            ? "This invite has expired. Ask for a new link."
            : usedUp(state, found)
              ? `This invite link is used up: it was for ${found.maxUses === 1 ? "1 person" : `${found.maxUses} people`}, and ${found.maxUses === 1 ? "they have" : "they have all"} joined with it. Ask for a new link.`
              : undefined;
    if (problem || !found) {
      // This preview session is this screen's own (the app opens its own when it adopts a pool).
      session.close();
      return failed(problem ?? "This invite is not in the pool.");
    }
    return done({
      invite,
      session,
      state,
      inviteId: found.id,
      bylaws: bylawsOf(state),
      alreadyHere: known !== undefined,
    });
  } catch (error) {
    return unexpected(error);
  }
}

const INVITE_WAIT_MS = 10_000;

function inviteArriving<T>(session: PoolSession, find: (s: PoolState) => T | undefined): Promise<T | undefined> {
  return new Promise((resolve) => {
    let stop = () => {};
    const timer = setTimeout(() => {
      stop();
      resolve(undefined);
    }, INVITE_WAIT_MS);
    stop = session.onState((view) => {
      const hit = view.state ? find(view.state) : undefined;
      if (hit === undefined) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(hit);
    });
  });
}

/** Every use of the invite is taken: admitted joins, and joins waiting that an app would admit first. */
function usedUp(state: PoolState, invite: PoolState["invites"][string]): boolean {
  const waiting = state.pendingJoins.filter((j) => j.invite === invite.id).length;
  return invite.admittedJoins.length + waiting >= invite.maxUses;
}

/** Writes the join: the display name, the hash of the bylaws accepted, and the invite proof. */
export async function acceptInvite(me: Me, preview: JoinPreview): Promise<CommandResult<EventId>> {
  const state = preview.session.view().state ?? preview.state;
  const proofSigner = signerFromSecretKey(preview.invite.secret);
  const proof = toBase64url(await proofSigner.sign(inviteProofMessage(state.poolId, me.id)));
  const ctx = { session: preview.session, me: () => me, state: () => preview.session.view().state };
  return author(ctx, "member.joined", {
    invite: preview.inviteId,
    name: me.name,
    bylawsHash: bylawsHash(preview.bylaws, sha256),
    proof,
    // Where rotated pool keys reach this member (rules §9).
    deliveryKey: await deliveryKeyOf(me.secretKey),
  });
}
