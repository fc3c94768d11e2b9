/**
 * The sync state every screen shows, never blocking: online, offline, or changes waiting to
 * reach the relay. The relay connection follows the browser's own online/offline events, so a
 * phone that loses its network says so at once instead of waiting for a socket to time out.
 */
import type { RelayLink, SyncStatus } from "../sync/index.ts";

export interface SyncBadge {
  state: "online" | "offline" | "waiting";
  label: string;
  /** A longer sentence for screen readers and the tooltip. */
  description: string;
}

/** The first screen is up before sync has loaded: neither online nor offline yet. */
export const STARTING_BADGE: SyncBadge = {
  state: "offline",
  label: "Starting",
  description: "Pools is getting ready on this phone and will connect in a moment.",
};

export function aggregateSync(online: boolean, pools: readonly SyncStatus[]): SyncBadge {
  const waiting = pools.reduce((n, p) => n + (typeof p.pending === "number" ? p.pending : 0), 0);
  const changes = `${waiting} change${waiting === 1 ? "" : "s"}`;
  if (waiting > 0)
    return {
      state: "waiting",
      label: online ? "Sending changes" : "Offline · changes waiting",
      description: online
        ? `${changes} on this phone are on their way to the others.`
        : `${changes} on this phone will be shared when you are back online. You can keep working.`,
    };
  if (!online)
    return {
      state: "offline",
      label: "Offline",
      description: "No connection. Everything still works on this phone and will sync later.",
    };
  return { state: "online", label: "Online", description: "Connected. Changes are shared as you make them." };
}

/** Takes the relay link offline with the browser and back online with it. */
export function watchConnectivity(relay: RelayLink): () => void {
  const goOffline = () => relay.goOffline();
  const goOnline = () => void relay.goOnline();
  if (typeof navigator !== "undefined" && navigator.onLine === false) goOffline();
  addEventListener("offline", goOffline);
  addEventListener("online", goOnline);
  return () => {
    removeEventListener("offline", goOffline);
    removeEventListener("online", goOnline);
  };
}
