/**
 * The client address a connection is counted under (connections per address).
 *
 * Behind a reverse proxy every connection comes from the proxy; the operator then names the
 * header the proxy sets (CLIENT_ADDRESS_HEADER, e.g. `x-forwarded-for`) and the last entry, the
 * one the proxy itself added, is used. Never trust that header without a proxy: anyone can send it.
 */
import type { IncomingMessage } from "node:http";

export function clientAddress(req: IncomingMessage, header: string): string {
  if (header !== "") {
    const value = req.headers[header.toLowerCase()];
    const text = Array.isArray(value) ? value[value.length - 1] : value;
    const last = text?.split(",").pop()?.trim();
    if (last) return normalize(last);
  }
  return normalize(req.socket.remoteAddress ?? "?");
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client. */
function normalize(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
