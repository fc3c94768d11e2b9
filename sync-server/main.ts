/**
 * CLI entry: `npm run relay` (tsx sync-server/main.ts). Reads the environment (see config.ts),
 * starts the relay, and on SIGTERM or SIGINT shuts down gracefully and exits 0.
 * A second signal during shutdown exits at once (1); so does a shutdown that hangs for 15 s.
 */
import { format } from "node:util";
import { ConfigError, loadConfig, type RelayConfig } from "./config";
import { createLogger, type Logger } from "./log";
import { startRelay } from "./relay";

const SHUTDOWN_DEADLINE_MS = 15_000;

async function main(): Promise<void> {
  let config: RelayConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    createLogger("error").error("config.invalid", { problems: err.problems });
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  routeConsoleToLog(log);

  let relay: Awaited<ReturnType<typeof startRelay>>;
  try {
    relay = await startRelay({ ...config, logger: log });
  } catch (err) {
    log.error("relay.start-failed", { error: err, host: config.host, port: config.port });
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn("relay.forced-exit", { signal });
      process.exit(1);
    }
    stopping = true;
    log.info("relay.signal", { signal });
    setTimeout(() => {
      log.error("relay.shutdown-timeout", { afterMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    relay.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error("relay.stop-failed", { error: err });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * automerge-repo reports some errors with console.log (for instance a sync message whose change
 * bytes fail their checksum, which it catches). Keep stdout one JSON object per line.
 */
function routeConsoleToLog(log: Logger): void {
  const as =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]) =>
      log[level]("library.console", { message: format(...args).slice(0, 4000) });
  console.log = as("warn");
  console.info = as("info");
  console.warn = as("warn");
  console.error = as("error");
  console.debug = as("debug");
}

await main();
