/**
 * A minimal stock automerge-repo relay, the baseline for bench/relayPropagation.bench.ts:
 * a plain Repo with the stock WebSocketServerAdapter on a plain `ws` server and the stock
 * NodeFSStorageAdapter, as automerge-repo's own sync server does it. No guards, no write-ahead.
 */
import { Repo } from "@automerge/automerge-repo";
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { WebSocketServer } from "ws";

export interface StockRelay {
  url: string;
  repo: Repo;
  close(): Promise<void>;
}

export async function startStockRelay(dataDir: string): Promise<StockRelay> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const adapter = new WebSocketServerAdapter(wss as unknown as ConstructorParameters<typeof WebSocketServerAdapter>[0]);
  const repo = new Repo({
    network: [adapter],
    storage: new NodeFSStorageAdapter(dataDir),
    sharePolicy: async () => false,
  });
  const address = wss.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/`,
    repo,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const ready = Object.values(repo.handles)
        .filter((h) => h.isReady())
        .map((h) => h.documentId);
      await repo.flush(ready);
    },
  };
}
