/**
 * Reads QR codes from camera frames or photos: the browser's own BarcodeDetector where there is
 * one (most phones), else jsQR, loaded only when first needed.
 */
interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

let detector: Promise<Detector | undefined> | undefined;

function nativeDetector(): Promise<Detector | undefined> {
  detector ??= (async () => {
    const BD = (
      globalThis as { BarcodeDetector?: { new (o: object): Detector; getSupportedFormats(): Promise<string[]> } }
    ).BarcodeDetector;
    if (!BD) return undefined;
    try {
      return (await BD.getSupportedFormats()).includes("qr_code") ? new BD({ formats: ["qr_code"] }) : undefined;
    } catch {
      return undefined;
    }
  })();
  return detector;
}

/** Decodes the first QR code in a canvas (a camera frame or a photo drawn onto it). */
export async function decodeQr(canvas: HTMLCanvasElement): Promise<string | undefined> {
  const native = await nativeDetector();
  if (native) {
    const found = await native.detect(canvas).catch(() => []);
    if (found[0]) return found[0].rawValue;
  }
  const { default: jsQR } = await import("jsqr");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) return undefined;
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" })?.data ?? undefined;
}

/** Draws a photo onto a canvas, scaled down so decoding stays quick. */
export async function canvasOfImage(file: Blob, maxSide = 1200): Promise<HTMLCanvasElement> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas;
}
