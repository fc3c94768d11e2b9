import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { decodeQr } from "./qrDecode.ts";

/**
 * The camera, looking for QR codes a few times a second. Each new code is handed over once;
 * the same code held in front of the camera is not reported again.
 */
export function CameraScanner(props: { onCode: (text: string) => void; label: string }) {
  let video!: HTMLVideoElement;
  const canvas = document.createElement("canvas");
  const [problem, setProblem] = createSignal<string>();
  let stream: MediaStream | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = "";
  let stopped = false;

  const tick = async () => {
    if (stopped) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d", { willReadFrequently: true })?.drawImage(video, 0, 0);
      const text = await decodeQr(canvas);
      if (text && text !== last) {
        last = text;
        props.onCode(text);
      }
    }
    timer = setTimeout(tick, 250);
  };

  onMount(async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      video.srcObject = stream;
      await video.play();
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
    </>
  );
}
