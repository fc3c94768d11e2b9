import { onCleanup, onMount } from "solid-js";

interface WakeLockSentinelLike {
  release(): Promise<void>;
}

/**
 * Keeps the screen on while a meetup screen is open (the chair's phone lies on the table
 * between scans, the meeting view faces the room). Where the browser has no Screen Wake Lock,
 * or refuses it, nothing happens: the screen just dims as usual.
 */
export function keepScreenOn(): void {
  let lock: WakeLockSentinelLike | undefined;
  let active = true;
  const request = async () => {
    const wakeLock = (navigator as { wakeLock?: { request(type: "screen"): Promise<WakeLockSentinelLike> } }).wakeLock;
    if (!wakeLock || document.visibilityState !== "visible") return;
    try {
      const l = await wakeLock.request("screen");
      if (active) lock = l;
      else void l.release();
    } catch {
      // Refused (battery saver, no permission): the screen dims as usual.
    }
  };
  // The browser drops the lock when the page is hidden; take it again on return.
  const onVisible = () => {
    if (document.visibilityState === "visible") void request();
  };
  onMount(() => {
    void request();
    document.addEventListener("visibilitychange", onVisible);
  });
  onCleanup(() => {
    active = false;
    document.removeEventListener("visibilitychange", onVisible);
    void lock?.release().catch(() => undefined);
  });
}
