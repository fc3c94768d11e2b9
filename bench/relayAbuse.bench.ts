/**
 * The relay under abuse (docs/rules.md §8 and §10; the attacks of issue 11), every guard at its
 * default: while the abuse scripts below run together, how much does the relay process's RSS grow,
 * and how long does `GET /health` take (p99)?
 *
 * The relay is a real `npm run relay` process, so its RSS is its own. Abuse, from 127.0.0.x
 * addresses (each address is one "stranger"):
 *  - requests for random document ids, ~300/s;
 *  - 40 sockets each starting a 15 MiB fragmented message and never finishing it;
 *  - a 16 MiB pre-join CBOR bomb of empty maps, one a second;
 *  - joined idle sockets, 200 attempts from one address;
 *  - ephemeral messages, 40 MB, for a document a member has open (the member's received ephemeral
 *    bytes are reported too: the target is 0).
 * RSS growth is the peak during the abuse minus the RSS after start and warm-up. The /health p99
 * of the same probe in the 5 s before the abuse is reported too (`relay-health-p99-quiet`): on a
 * shared machine it is the floor the under-abuse figure should be read against.
 *
 * Standalone: `npx tsx bench/relayAbuse.bench.ts`.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generateSyncMessage, init, initSyncState } from "@automerge/automerge";
import { cbor, generateAutomergeUrl, parseAutomergeUrl, Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { WebSocket } from "ws";
import { spawnRelay } from "../tests/helpers/relayProcess.ts";
import { percentile } from "./relayPropagation.bench.ts";

type Result = { name: string; value: number; unit: string };

const MB = 1024 * 1024;
const ABUSE_MS = 15_000;
const QUIET_MS = 5_000;

export async function benchRelayAbuse(): Promise<Result[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-relay-abuse-"));
  const relay = await spawnRelay({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const member = new Repo({ network: [new WebSocketClientAdapter(relay.url, 1000)], peerId: "abuse-member" as never });
  try {
    const rss = () =>
      Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${relay.child.pid}/status`, "utf8"))?.[1]) / 1024;
    // The member holds one document (the ephemeral flood's target).
    await until(() => member.peers.length > 0);
    const handle = member.create<{ n: number }>({ n: 1 });
    let memberEphemeralBytes = 0;
    handle.on("ephemeral-message", ({ message }) => {
      memberEphemeralBytes += (message as Uint8Array).byteLength ?? 1;
    });
    // /health is timed from its own process, so the abuse scripts' work here does not count.
    // It runs QUIET_MS before the abuse too: that is the floor the busy machine allows.
    const probe = spawn(process.execPath, ["-e", PROBE, `${relay.httpUrl}/health`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let probeOut = "";
    probe.stdout.on("data", (chunk: Buffer) => {
      probeOut += chunk.toString();
    });
    const probeDone = new Promise<void>((resolve) => probe.on("exit", () => resolve()));
    const times = () =>
      probeOut
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map(Number);
    await sleep(QUIET_MS);
    const quietHealthMs = times();
    const baseline = rss();

    let peakRss = baseline;
    let stop = false;
    const rssSampler = (async () => {
      while (!stop) {
        peakRss = Math.max(peakRss, rss());
        await sleep(50);
      }
    })();
    const only = process.env.BENCH_ABUSE?.split(",");
    const on = (name: string) => only === undefined || only.includes(name);

    const open = (localAddress: string, joinAs?: string) => {
      const ws = new WebSocket(relay.url, { localAddress });
      ws.on("error", () => {});
      sockets.push(ws);
      return new Promise<WebSocket>((resolve) => {
        ws.once("open", () => {
          if (joinAs) ws.send(cbor.encode({ type: "join", senderId: joinAs, peerMetadata: { isEphemeral: true } }));
          resolve(ws);
        });
        ws.once("close", () => resolve(ws));
      });
    };
    const send = (ws: WebSocket, message: unknown) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(cbor.encode(message));
    };
    const emptySync = generateSyncMessage(init(), initSyncState())[1] as Uint8Array;

    // Random-id requests, ~300/s from two strangers.
    for (const n of on("requests") ? [11, 12] : []) {
      const ws = await open(`127.0.0.${n}`, `prober-${n}`);
      timers.push(
        setInterval(() => {
          for (let i = 0; i < 15; i++) {
            const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId;
            send(ws, { type: "request", senderId: `prober-${n}`, targetId: "relay", documentId, data: emptySync });
          }
        }, 100),
      );
    }
    // 40 unfinished fragmented 15 MiB messages.
    const fragment = Buffer.alloc(MB, 1);
    for (let i = 0; i < (on("fragments") ? 40 : 0); i++) {
      void open(`127.0.0.${21 + (i % 4)}`, `fragmenter-${i}`).then(async (ws) => {
        await sleep(200);
        // As fast as the relay reads: the next fragment once the last one has left.
        for (let f = 0; f < 15 && ws.readyState === WebSocket.OPEN; f++) {
          ws.send(fragment, { binary: true, fin: false });
          while (ws.bufferedAmount > 0 && ws.readyState === WebSocket.OPEN) await sleep(10);
        }
      });
    }
    // A pre-join CBOR bomb every second.
    const bomb = Buffer.alloc(16 * MB - 16, 0xa0);
    bomb.set([0x9a, 0, 0xff, 0xff, 0xf0]);
    if (on("bombs"))
      timers.push(
        setInterval(() => {
          void open("127.0.0.31").then((ws) => ws.readyState === WebSocket.OPEN && ws.send(bomb));
        }, 1_000),
      );
    // Joined idle sockets from one address.
    for (let i = 0; i < (on("idle") ? 200 : 0); i++) void open("127.0.0.51", `idler-${i}`);
    // 40 MB of ephemeral messages for the member's document, at what the relay lets through.
    const flooder = await open("127.0.0.41", "flooder");
    await sleep(100);
    send(flooder, {
      type: "request",
      senderId: "flooder",
      targetId: "relay",
      documentId: handle.documentId,
      data: emptySync,
    });
    const payload = new Uint8Array(10_000).fill(7);
    let sentEphemeral = 0;
    timers.push(
      setInterval(() => {
        for (let i = 0; i < 40 && on("ephemeral") && sentEphemeral < 40 * MB && flooder.bufferedAmount < 4 * MB; i++) {
          send(flooder, {
            type: "ephemeral",
            senderId: "flooder",
            targetId: "relay",
            documentId: handle.documentId,
            sessionId: "s",
            count: sentEphemeral,
            data: payload,
          });
          sentEphemeral += payload.byteLength;
        }
      }, 10),
    );

    await sleep(ABUSE_MS);
    stop = true;
    probe.kill("SIGTERM");
    await Promise.all([rssSampler, probeDone]);
    if (process.env.BENCH_VERBOSE) {
      for (const l of relay.logs)
        if (l.level !== "info" || l.event === "connection.close")
          process.stderr.write(`${JSON.stringify(l).slice(0, 240)}\n`);
    }
    const healthMs = times().slice(quietHealthMs.length);
    return [
      { name: "relay-rss-growth-under-abuse", value: Math.round((peakRss - baseline) * 10) / 10, unit: "MB" },
      { name: "relay-health-p99-under-abuse", value: Math.round(percentile(healthMs, 99) * 100) / 100, unit: "ms" },
      { name: "relay-health-p99-quiet", value: Math.round(percentile(quietHealthMs, 99) * 100) / 100, unit: "ms" },
      { name: "relay-ephemeral-bytes-to-member", value: memberEphemeralBytes, unit: "bytes" },
    ];
  } finally {
    for (const timer of timers) clearInterval(timer);
    for (const ws of sockets) ws.terminate();
    await member.shutdown().catch(() => {});
    relay.child.kill("SIGKILL");
    await relay.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}

/** Polls a URL every 50 ms and prints each response time (ms) on its own line. */
const PROBE = `
const url = process.argv[1];
let stop = false;
process.on("SIGTERM", () => { stop = true; });
(async () => {
  while (!stop) {
    const t0 = performance.now();
    try { await (await fetch(url, { signal: AbortSignal.timeout(10000) })).text(); }
    catch { }
    process.stdout.write((performance.now() - t0).toFixed(2) + "\\n");
    await new Promise((r) => setTimeout(r, 50));
  }
  process.exit(0);
})();
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const result of await benchRelayAbuse()) console.log(JSON.stringify(result));
  process.exit(0);
}
