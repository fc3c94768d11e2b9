/**
 * A stock automerge-repo client that records every close code and reason its (re)connections get,
 * for tests that flood a relay until it refuses (quotas), and filler text that does not compress.
 */
import { type PeerId, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

export interface FloodingClient {
  repo: Repo;
  closes: Array<{ code: number; reason: string }>;
}

export function floodingClient(url: string, name: string): FloodingClient {
  const adapter = new WebSocketClientAdapter(url, 200);
  const repo = new Repo({ network: [adapter], peerId: `${name}-${process.pid}` as PeerId });
  const closes: Array<{ code: number; reason: string }> = [];
  const watched = new WeakSet<object>();
  const timer = setInterval(() => {
    const socket = adapter.socket;
    if (socket === undefined || watched.has(socket)) return;
    watched.add(socket);
    socket.on("error", () => {});
    socket.on("close", (code: number, reason: Buffer) => closes.push({ code, reason: reason.toString() }));
  }, 5);
  const stop = repo.shutdown.bind(repo);
  repo.shutdown = async () => {
    clearInterval(timer);
    // A reconnect still under way fails after the adapter dropped its listeners: keep one.
    adapter.socket?.on("error", () => {});
    await stop();
    // The stock adapter still has a reconnect timer from its last close: let it do nothing.
    adapter.connect = () => {};
  };
  return { repo, closes };
}

/** `bytes` characters of random base-36 text (Automerge cannot compress it much). */
export function noise(bytes: number): string {
  let s = "";
  while (s.length < bytes) s += Math.random().toString(36).slice(2);
  return s.slice(0, bytes);
}
