/**
 * Which precompressed copy of a file to send (RFC 9110 §12.5.3): the encodings the client
 * accepts with a weight above zero, `*` standing for any not named, and identity otherwise.
 * Between equally weighted choices brotli wins: it is the smaller of the two.
 */
export type Encoding = "br" | "gzip";

/** Most preferred first, for ties. */
const PREFERENCE: readonly Encoding[] = ["br", "gzip"];

export function chooseEncoding(header: string | undefined, available: ReadonlySet<Encoding>): Encoding | undefined {
  if (header === undefined || available.size === 0) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [token = "", ...params] = part.trim().toLowerCase().split(";");
    if (token === "") continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (Number.isFinite(q)) weights.set(token.trim(), q);
  }
  const weightOf = (e: Encoding) => weights.get(e) ?? weights.get("*") ?? 0;
  let best: Encoding | undefined;
  for (const e of PREFERENCE) {
    if (!available.has(e) || weightOf(e) <= 0) continue;
    if (best === undefined || weightOf(e) > weightOf(best)) best = e;
  }
  return best;
}
