/**
 * A throwaway PostgreSQL cluster for the relay's Postgres tests: a real server (Debian's
 * package; `PG_BIN` names its binaries, default /usr/lib/postgresql/15/bin), made with initdb in
 * a temporary directory, listening on a free 127.0.0.1 port, removed afterwards. PostgreSQL
 * refuses to run as root, so as root the cluster belongs to the `postgres` system user.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>`: the cluster, without a database name. */
  baseUrl: string;
  /** A connection URL for a new, empty database in the cluster. */
  createDatabase(): Promise<string>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function command(binary: string, args: string[]): [string, string[]] {
  const file = path.join(PG_BIN, binary);
  return asRoot ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) {
    throw new Error(`PostgreSQL's initdb is not in ${PG_BIN}: install Debian's postgresql or set PG_BIN`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pools-pg-"));
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  const dataDir = path.join(dir, "data");
  const [initdb, initArgs] = command("initdb", [
    "-D",
    dataDir,
    "-A",
    "trust",
    "-U",
    "postgres",
    "-E",
    "UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  execFileSync(initdb, initArgs, { stdio: "pipe" });
  // The free port is closed again before postgres binds it, so another process may take it
  // first: a bind failure is retried on a new port.
  let started: { child: ChildProcess; base: string; admin: postgres.Sql } | undefined;
  for (let attempt = 1; started === undefined; attempt++) {
    const port = await freePort();
    // fsync off: these clusters are thrown away; the relay's durability is tested against relay kills.
    const [server, serverArgs] = command("postgres", [
      "-D",
      dataDir,
      "-p",
      String(port),
      "-h",
      "127.0.0.1",
      "-k",
      dir,
      "-c",
      "fsync=off",
      "-c",
      "max_connections=200",
    ]);
    const child: ChildProcess = spawn(server, serverArgs, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const base = `postgres://postgres@127.0.0.1:${port}`;
    const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await admin`select 1`;
        started = { child, base, admin };
        break;
      } catch (err) {
        if (child.exitCode !== null && attempt < 3 && /could not bind|already in use/i.test(stderr)) {
          await admin.end({ timeout: 1 });
          break;
        }
        if (child.exitCode !== null || Date.now() > deadline) {
          child.kill("SIGKILL");
          throw new Error(`the test PostgreSQL did not start (${String(err)}): ${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
  const { child, base, admin } = started;
  return {
    baseUrl: base,
    createDatabase: () => createDatabaseIn(base),
    async stop() {
      await admin.end({ timeout: 1 });
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        // SIGQUIT to the postmaster (as root, `child` is runuser): immediate shutdown, nothing here
        // needs to survive.
        const pidFile = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8");
        process.kill(Number(pidFile.split("\n")[0]), "SIGQUIT");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let databases = 0;

/** Creates a new, empty database in the cluster at `baseUrl` and returns its URL. */
export async function createDatabaseIn(baseUrl: string): Promise<string> {
  const name = `pools_test_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(`${baseUrl}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  return `${baseUrl}/${name}`;
}
