import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { decodeQr } from "./qrDecode.ts";

/** Frames larger than this are scaled down before decoding (jsQR's time grows with the pixels). */
const MAX_SIDE = 1280;
/** How often a frame is looked at; the next look waits for the last decode to finish. */
const EVERY_MS = 200;

/**
 * The live camera, looking for QR codes several times a second. Each code is handed over once
 * while it stays in view; the same code shown again after it was out of view for
 * `repeatAfterMs` is handed over again (so a chair who scans a ballot twice hears "already
 * counted" rather than nothing).
 */
export function CameraScanner(props: { onCode: (text: string) => void; label: string; repeatAfterMs?: number }) {
  let video!: HTMLVideoElement;
  const canvas = document.createElement("canvas");
  const [problem, setProblem] = createSignal<string>();
  const [live, setLive] = createSignal(false);
  let stream: MediaStream | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  /** Each code's last sighting (ms, performance.now), to tell "still in view" from "shown again". */
  const seen = new Map<string, number>();

  const look = async () => {
    if (document.hidden || video.readyState < 2 || video.videoWidth === 0) return;
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext("2d", { willReadFrequently: true })?.drawImage(video, 0, 0, canvas.width, canvas.height);
    const text = await decodeQr(canvas);
    const now = performance.now();
    if (text) {
      const last = seen.get(text);
      seen.set(text, now);
      if (last === undefined || now - last > (props.repeatAfterMs ?? 2000)) props.onCode(text);
    }
    if (seen.size > 200) for (const [k, at] of seen) if (now - at > 60_000) seen.delete(k);
  };
  const tick = async () => {
    if (stopped) return;
    try {
      await look();
    } catch (error) {
      console.error(error);
    }
    if (!stopped) timer = setTimeout(tick, EVERY_MS);
  };

  onMount(async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem(
        "This page cannot use the camera: browsers allow it only for the installed app or a secure (https) page. Add ballots from a photo or as text below.",
      );
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      if (stopped) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      video.srcObject = stream;
      await video.play();
      setLive(true);
      void tick();
    } catch {
      setProblem("The camera is not available. Allow camera access, or add ballots from a photo or as text below.");
    }
  });
  onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
    for (const t of stream?.getTracks() ?? []) t.stop();
  });

  return (
    <>
      <video ref={video} class="scanner" muted playsinline aria-label={props.label} />
      <Show when={problem()}>
        <p class="notice warn">{problem()}</p>
      </Show>
      <Show when={!problem()}>
        <p class="small muted scanner-state">{live() ? "Looking for QR codes…" : "Starting the camera…"}</p>
      </Show>
    </>
  );
}
