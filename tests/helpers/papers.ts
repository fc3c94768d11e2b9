import { ed25519 } from "@noble/curves/ed25519.js";
import {
  bylawsHash,
  inviteProofMessage,
  type PaperFormat,
  type PoolState,
  renderBylaws,
  toBase64url,
} from "../../src/core/index.ts";
import { sha256 } from "../../src/crypto/index.ts";
import { DAY, type World } from "./world.ts";

/** Plain formats for documents under test: minor units and ISO dates, no locale. */
export const PLAIN: PaperFormat = {
  money: (minor) => `${(minor / 100).toFixed(2)} USD`,
  date: (ms) => new Date(ms).toISOString().slice(0, 10),
};

/** The hash of the bylaws a device shows a newcomer for this state (what an honest join records). */
export function shownBylawsHash(s: PoolState): string {
  const treasurerNames = s.rules.treasurers.map((t) => s.members[t]?.name ?? t);
  const text = renderBylaws(
    { name: s.name, purpose: s.purpose, currency: s.currency, rules: s.rules, treasurerNames },
    s.bylawsVersion,
  );
  return bylawsHash(text, sha256);
}

/**
 * `name` joins under `displayName` with an invite from `inviter`, accepting the bylaws this world
 * shows (or the given hash), and `admitter` admits them.
 */
export async function joinAccepting(
  w: World,
  name: string,
  inviter: string,
  admitter: string,
  opts: { displayName?: string; bylawsHash?: string } = {},
) {
  const secret = sha256(new TextEncoder().encode(`papers-invite-${name}-${w.events.size}`));
  const invite = await w.add(inviter, "member.invited", {
    invitePublicKey: toBase64url(ed25519.getPublicKey(secret)),
    expiresAt: w.now + 7 * DAY,
    maxUses: 1,
  });
  const hash = opts.bylawsHash ?? shownBylawsHash(await w.derive());
  const proof = toBase64url(ed25519.sign(inviteProofMessage(w.genesisId, w.id(name)), secret));
  const join = await w.add(name, "member.joined", {
    invite: invite.id,
    name: opts.displayName ?? name.charAt(0).toUpperCase() + name.slice(1),
    bylawsHash: hash,
    proof,
  });
  const admission = await w.admit(admitter, join.id);
  return { invite, join, admission, hash };
}
