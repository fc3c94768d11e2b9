/** The driver returns bytea as a Buffer; automerge-repo (and its tests) expect plain Uint8Arrays. */
export function plainBytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}
