import { createResource, Show } from "solid-js";

/**
 * A QR code as inline SVG. The encoder is loaded only when a code is shown, so it costs the
 * first screen nothing.
 */
export function QrCode(props: { text: string; label: string }) {
  const [svg] = createResource(
    () => props.text,
    async (text) => {
      const { qrSvg } = await import("./qrSvg.ts");
      return qrSvg(text);
    },
  );
  return (
    <Show when={svg()} fallback={<p class="muted">Drawing the QR code…</p>}>
      <div class="qr" role="img" aria-label={props.label} innerHTML={svg()} />
    </Show>
  );
}
