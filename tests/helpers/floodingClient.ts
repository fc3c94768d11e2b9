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

/**
 * Appends `bytes` of filler to a document `times` times, 20 ms apart, until the relay closes the
 * connection with 1008. The stock client sends inside `change`; on a socket the relay has just
 * closed that throws and leaves the handle outdated: that is the refusal being waited for, so the
 * loop stops there too.
 */
export async function appendUntilRefused(
  handle: { change(f: (d: { junk: string[] }) => void): void },
  closes: Array<{ code: number }>,
  times: number,
  bytes = 20_000,
): Promise<void> {
  for (let i = 0; i < times && !closes.some((c) => c.code === 1008); i++) {
    try {
      handle.change((d) => {
        d.junk.push(noise(bytes));
      });
    } catch (err) {
      if (/outdated|not ready/i.test(String(err))) break;
      throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
