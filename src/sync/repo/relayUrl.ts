/**
 * Where the relay is: by default the origin that served the app (the relay serves the app and
 * takes websockets at the root of the same port), so an installed app needs no configuration.
 */
export function defaultRelayUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`;
}
