/** Reading invite links for the screens (the codec itself lives in src/sync/inviteLink.ts). */
import { decodeInviteLink } from "../sync/inviteLink.ts";

/** The `#/join?...` part of a pasted invite link, or undefined when it is not one. */
export function inviteFragment(text: string): string | undefined {
  const t = text.trim();
  const hash = t.indexOf("#");
  return hash >= 0 && decodeInviteLink(t).ok ? t.slice(hash) : undefined;
}
