/**
 * A QR code as an SVG string: the encoder core of `qrcode` and one path of dark runs per row
 * (its own renderers would add canvas and terminal code the app never uses).
 */
import { create } from "qrcode/lib/core/qrcode.js";

const QUIET = 2;

/**
 * Whole pixels per module: a code drawn at a fractional scale has modules of uneven widths,
 * which cameras and decoders read worse.
 */
export function qrSvg(text: string, maxPixels = 300): string {
  const { size, data } = create(text, { errorCorrectionLevel: "M" }).modules;
  let d = "";
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      d += `M${start + QUIET} ${y + QUIET}h${x - start}v1h-${x - start}z`;
    }
  }
  const full = size + 2 * QUIET;
  const px = full * Math.max(2, Math.floor(maxPixels / full));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges"><rect width="${full}" height="${full}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
