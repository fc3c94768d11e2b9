/**
 * Handing a file to another phone with no network: the system share sheet (Web Share with
 * files: AirDrop, Nearby Share, Bluetooth) where the browser can share this kind of file, a
 * download otherwise. Many browsers share only images, text and the like, so a pool file often
 * goes to the downloads folder, to be sent from there.
 */
import { download } from "../../components/download.ts";

export type Shared = "shared" | "downloaded" | "cancelled";

interface ShareNavigator {
  canShare?: (data: { files: File[] }) => boolean;
  share?: (data: { files: File[]; title?: string }) => Promise<void>;
}

/** Whether this browser can share such a file through the system share sheet. */
export function canShareFile(name: string, type: string): boolean {
  const nav = navigator as ShareNavigator;
  if (typeof nav.canShare !== "function" || typeof nav.share !== "function" || typeof File === "undefined")
    return false;
  try {
    return nav.canShare({ files: [new File([new Uint8Array(1)], name, { type })] });
  } catch {
    return false;
  }
}

export async function shareOrDownload(name: string, bytes: Uint8Array, type: string, title: string): Promise<Shared> {
  const nav = navigator as ShareNavigator;
  if (canShareFile(name, type) && nav.share) {
    const file = new File([bytes as BlobPart], name, { type });
    try {
      await nav.share({ files: [file], title });
      return "shared";
    } catch (error) {
      // The person closed the share sheet: do nothing. Anything else (a browser that lists the
      // type but then refuses it): save the file instead.
      if (error instanceof DOMException && error.name === "AbortError") return "cancelled";
    }
  }
  download(name, bytes, type);
  return "downloaded";
}
