/** Reading the `RawData` ws hands over, whichever of its three shapes a message arrived in. */
import type { RawData } from "ws";

/** The message's bytes as one array (fragments joined; a view, not a copy, when already whole). */
export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

export function byteLength(data: Buffer | ArrayBuffer | Buffer[]): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
}
