/**
 * The person on this device: a display name and an Ed25519 key pair made here. The secret key
 * leaves the device only as a backup the person asks for (a file or a QR code).
 */

// The files themselves, not the core's index: this module is on the first screen (src/state/engine.ts).
import { decodeKeyBackup, encodeKeyBackup } from "../core/identity/keyBackup.ts";
import { memberIdOf } from "../core/identity/memberId.ts";
import type { BackedUpPool, MemberId, Signer } from "../core/index.ts";
import { generateKeyPair, sha256, signerFromSecretKey } from "../crypto/index.ts";
import type { DeviceStore, Identity } from "../sync/index.ts";

export interface Me {
  name: string;
  id: MemberId;
  signer: Signer;
  /** Kept only to write a backup on request. */
  secretKey: Uint8Array;
}

export const MAX_DISPLAY_NAME = 100;

function meOf(identity: Identity): Me {
  const signer = signerFromSecretKey(identity.secretKey);
  return { name: identity.displayName, id: memberIdOf(signer.publicKey), signer, secretKey: identity.secretKey };
}

export async function loadMe(device: DeviceStore): Promise<Me | undefined> {
  const identity = await device.getIdentity();
  return identity && meOf(identity);
}

/** A clean display name, or a sentence saying what is wrong with it. */
export function checkDisplayName(name: string): { ok: true; name: string } | { ok: false; error: string } {
  const clean = name.trim().replace(/\s+/g, " ");
  if (clean === "") return { ok: false, error: "Please type the name others in your pools will see." };
  if (clean.length > MAX_DISPLAY_NAME)
    return { ok: false, error: `A name can be at most ${MAX_DISPLAY_NAME} characters.` };
  return { ok: true, name: clean };
}

export async function createMe(device: DeviceStore, displayName: string): Promise<Me> {
  const { secretKey } = generateKeyPair();
  const identity = { displayName, secretKey };
  await device.saveIdentity(identity);
  return meOf(identity);
}

export async function renameMe(device: DeviceStore, me: Me, displayName: string): Promise<Me> {
  await device.saveIdentity({ displayName, secretKey: me.secretKey });
  return { ...me, name: displayName };
}

/** The backup text (file contents and QR payload): `pools-key:2:<payload>:<checksum>`, with the pools' keys (rules §9). */
export function backupText(me: Me, pools: readonly BackedUpPool[]): string {
  return encodeKeyBackup(me.secretKey, sha256, pools);
}

/** What a restored backup brought besides the key: its version (1 held no pools) and its pools. */
export interface RestoredBackup {
  version: 1 | 2;
  pools: BackedUpPool[];
}

/** Restores a key from a backup; the reason is a plain sentence when the text is not a good backup. */
export async function restoreMe(
  device: DeviceStore,
  text: string,
  displayName: string,
  current?: { me: Me; replace: boolean },
): Promise<{ ok: true; me: Me; backup: RestoredBackup } | { ok: false; error: string }> {
  const decoded = decodeKeyBackup(text, sha256);
  if (!decoded.ok) return { ok: false, error: `That backup cannot be used: ${decoded.reason}.` };
  const identity = { displayName, secretKey: decoded.secretKey };
  // The key on this phone may be the only copy of someone's membership: never drop it unasked.
  if (current && meOf(identity).id !== current.me.id && !current.replace)
    return {
      ok: false,
      error: "This phone already has a different key. Tick “Replace the key on this phone” to use the backup instead.",
    };
  await device.saveIdentity(identity);
  return { ok: true, me: meOf(identity), backup: { version: decoded.version, pools: decoded.pools } };
}
