/**
 * Runs the relay as a real child process (`node --import tsx sync-server/main.ts`), as
 * `npm run relay` does, to test signals, exit codes and what survives a kill.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LogRecord } from "./relay";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RelayProcess {
  child: ChildProcess;
  url: string;
  httpUrl: string;
  logs: LogRecord[];
  stderr: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnRelay(env: Record<string, string>, startTimeoutMs = 30_000): Promise<RelayProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "sync-server/main.ts"], {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: LogRecord[] = [];
  let stderr = "";
  let pending = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line.trim() === "") continue;
      try {
        logs.push(JSON.parse(line) as LogRecord);
      } catch {
        logs.push({ event: "non-json-output", level: "?", line });
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // "close", not "exit": the child's last output lines (relay.stopped) are read by then.
    child.on("close", (code, signal) => resolve({ code, signal }));
  });

  const started = await new Promise<LogRecord>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`relay did not start within ${startTimeoutMs} ms; stderr: ${stderr}`));
    }, startTimeoutMs);
    const poll = setInterval(() => {
      const start = logs.find((l) => l.event === "relay.start");
      if (start) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(start);
      }
    }, 10);
    void exited.then(({ code, signal }) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`relay exited before starting (code ${code}, signal ${signal}); stderr: ${stderr}`));
    });
  });

  return {
    child,
    url: started.url as string,
    httpUrl: started.httpUrl as string,
    logs,
    stderr: () => stderr,
    exited,
  };
}
