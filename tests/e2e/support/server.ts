/** The real relay on 127.0.0.1 and an ephemeral port, serving the built app on the same port. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Relay, type RelayOptions, startRelay } from "../../../sync-server/relay.ts";
import { buildApp } from "./build.ts";

export interface AppServer {
  relay: Relay;
  url: string;
  dist: string;
  close(): Promise<void>;
}

/** `push`: the relay's Web Push settings (a local stand-in for the push service: tests/e2e/reminders). */
export async function startAppServer(options: Pick<RelayOptions, "push"> = {}): Promise<AppServer> {
  const dist = await buildApp();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-e2e-relay-"));
  const relay = await startRelay({
    port: 0,
    host: "127.0.0.1",
    dataDir,
    staticDir: dist,
    closeGraceMs: 300,
    ...options,
  });
  return {
    relay,
    url: `${relay.httpUrl}/`,
    dist,
    async close() {
      await relay.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
