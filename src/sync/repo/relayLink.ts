/**
 * The device's connection to the relay: one websocket adapter that the app (or a test) can take
 * offline and bring back, and that says whether the relay is connected right now.
 */
import type { PeerId, Repo } from "@automerge/automerge-repo/slim";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

export interface RelayLink {
  readonly url: string;
  /** True while the relay is connected (it answered our join and has not gone away). */
  readonly connected: boolean;
  /** The relay's peer id while connected. */
  readonly relayPeerId: PeerId | undefined;
  /** Closes the socket and stops retrying until `goOnline`. */
  goOffline(): void;
  /** Opens the socket again (it retries until the relay answers). */
  goOnline(): Promise<void>;
  /** Called whenever `connected` changes. Returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  /**
   * Resolves true once the relay is connected, or false after `timeoutMs` (or at once when
   * offline by choice). Opening a document the device does not hold should wait for this: a repo
   * asks only the peers it has when it looks, and a slow handshake would make it "unavailable".
   */
  whenConnected(timeoutMs: number): Promise<boolean>;
}

/**
 * The stock adapter with three sharp edges filed off:
 *  - it asserts that a socket exists when told to disconnect, so a repo shutting down while its
 *    relay link is offline would throw: a second disconnect is a no-op here;
 *  - closing a socket that is still connecting makes Node's `ws` emit an error after the
 *    adapter has removed its listeners (an uncaught exception): a listener stays to catch it;
 *  - under Node it rethrows any socket error but "connection refused" (a relay that restarts
 *    gives ECONNRESET): errors are dropped here, since the close that follows every error is
 *    what schedules the reconnect.
 */
class RelayAdapter extends WebSocketClientAdapter {
  constructor(url: string, retryMs: number) {
    super(url, retryMs);
    this.onError = () => {};
  }

  override disconnect(): void {
    const socket = this.socket;
    if (socket === undefined) return;
    socket.addEventListener("error", () => {});
    super.disconnect();
  }
}

/** Makes the adapter to pass to the Repo, and the link that controls it once the Repo exists. */
export function createRelayAdapter(
  url: string,
  retryMs = 5000,
): {
  adapter: WebSocketClientAdapter;
  attach(repo: Repo): RelayLink;
} {
  const adapter = new RelayAdapter(url, retryMs);
  return { adapter, attach: (repo) => relayLinkFor(repo, adapter) };
}

function relayLinkFor(repo: Repo, adapter: WebSocketClientAdapter): RelayLink {
  const listeners = new Set<() => void>();
  let relayPeerId: PeerId | undefined;
  let offline = false;
  const notify = () => {
    for (const l of listeners) l();
  };
  adapter.on("peer-candidate", ({ peerId }) => {
    relayPeerId = peerId;
    notify();
  });
  adapter.on("peer-disconnected", () => {
    relayPeerId = undefined;
    notify();
  });
  const link: RelayLink = {
    url: adapter.url,
    get connected() {
      return relayPeerId !== undefined;
    },
    get relayPeerId() {
      return relayPeerId;
    },
    goOffline() {
      if (offline) return;
      offline = true;
      adapter.disconnect();
      relayPeerId = undefined;
      notify();
    },
    async goOnline() {
      if (!offline) return;
      offline = false;
      // The adapter forgets its metadata on disconnect; without our storage id the relay would
      // not keep our sync state, and each reconnect would resend the whole document.
      const storageId = await repo.storageId();
      adapter.connect(repo.peerId, storageId === undefined ? { isEphemeral: true } : { storageId, isEphemeral: false });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenConnected(timeoutMs) {
      if (relayPeerId !== undefined) return Promise.resolve(true);
      if (offline) return Promise.resolve(false);
      return new Promise((resolve) => {
        const done = (value: boolean) => {
          clearTimeout(timer);
          unsubscribe();
          resolve(value);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        const unsubscribe = link.onChange(() => {
          if (relayPeerId !== undefined) done(true);
          else if (offline) done(false);
        });
      });
    },
  };
  return link;
}
