/// <reference types="vite/client" />

/** The encoder core of `qrcode`, without its canvas and terminal renderers (we draw the SVG ourselves). */
declare module "qrcode/lib/core/qrcode.js" {
  export function create(
    text: string,
    options?: { errorCorrectionLevel?: "L" | "M" | "Q" | "H" },
  ): {
    modules: { size: number; data: Uint8Array };
  };
}
