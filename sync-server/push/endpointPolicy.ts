/**
 * Which push endpoints the relay will POST to. A subscription names a URL the relay later calls,
 * so without a check anyone could point it at a service inside the operator's network. By default
 * only HTTPS endpoints of the browsers' push services are accepted.
 */
export const DEFAULT_PUSH_HOSTS = [
  "fcm.googleapis.com", // Chrome, Edge, Android
  "updates.push.services.mozilla.com", // Firefox
  "push.services.mozilla.com",
  "notify.windows.com", // Edge on Windows (suffix)
  "push.apple.com", // Safari (web.push.apple.com)
] as const;

export interface EndpointPolicy {
  /** Host names accepted, each also as a suffix (`.notify.windows.com`). */
  hosts: readonly string[];
  /** Plain http (tests on 127.0.0.1 only). */
  allowHttp: boolean;
}

export function checkEndpoint(endpoint: unknown, policy: EndpointPolicy): string | undefined {
  if (typeof endpoint !== "string" || endpoint.length > 2048)
    return "endpoint must be a URL of at most 2048 characters";
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "endpoint is not a URL";
  }
  if (url.protocol !== "https:" && !(policy.allowHttp && url.protocol === "http:")) return "endpoint must use https";
  if (url.username || url.password) return "endpoint must not carry credentials";
  const host = url.hostname;
  if (!policy.hosts.some((h) => host === h || host.endsWith(`.${h}`))) return `push service ${host} is not accepted`;
  return undefined;
}
