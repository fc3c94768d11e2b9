import canonicalize from "canonicalize";

const encoder = new TextEncoder();

/** RFC 8785 canonical JSON text. Throws only for values JSON cannot represent (a programmer error). */
export function canonicalText(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("canonicalText: value has no JSON form");
  return text;
}

/** The exact bytes that are hashed and signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalText(value));
}
