/**
 * Relay configuration from environment variables, validated up front.
 * Every problem is reported at once in a ConfigError, so a bad deploy fails with a clear message.
 */
import path from "node:path";
import { DEFAULT_LIMITS, type Limits } from "./limits";
import { isLogLevel, LOG_LEVELS, type LogLevel } from "./log";

export interface RelayConfig extends Limits {
  port: number;
  host: string;
  /** Where documents are stored (absolute). */
  dataDir: string;
  /** PostgreSQL connection URL: when set, documents are stored there (shared by several relays). */
  databaseUrl?: string;
  /** The built app served over HTTP (absolute); it need not exist. */
  staticDir: string;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid relay configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** The variables read, with their defaults; also the source of the README table. */
export const ENV_DEFAULTS = {
  PORT: "3030",
  HOST: "127.0.0.1",
  DATA_DIR: "./.data",
  STATIC_DIR: "./dist",
  LOG_LEVEL: "info",
  MAX_FRAME_BYTES: String(DEFAULT_LIMITS.maxFrameBytes),
  MAX_CONNECTIONS: String(DEFAULT_LIMITS.maxConnections),
  HANDSHAKE_TIMEOUT_MS: String(DEFAULT_LIMITS.handshakeTimeoutMs),
  KEEPALIVE_MS: String(DEFAULT_LIMITS.keepAliveMs),
} as const;

type EnvName = keyof typeof ENV_DEFAULTS;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): RelayConfig {
  const problems: string[] = [];
  // An empty variable (`PORT=`) counts as unset, as shells and compose files often produce them.
  const raw = (name: EnvName): string => {
    const value = env[name]?.trim();
    return value ? value : ENV_DEFAULTS[name];
  };
  const int = (name: EnvName, min: number, max: number): number => {
    const text = raw(name);
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
      return Number(ENV_DEFAULTS[name]);
    }
    return value;
  };

  const port = int("PORT", 0, 65_535);
  const host = raw("HOST");
  if (/\s|\//.test(host)) problems.push(`HOST must be a host name or IP address, got ${JSON.stringify(host)}`);
  const logLevelText = raw("LOG_LEVEL").toLowerCase();
  if (!isLogLevel(logLevelText)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(logLevelText)}`);
  }
  const config: RelayConfig = {
    port,
    host,
    dataDir: path.resolve(cwd, raw("DATA_DIR")),
    staticDir: path.resolve(cwd, raw("STATIC_DIR")),
    logLevel: isLogLevel(logLevelText) ? logLevelText : "info",
    maxFrameBytes: int("MAX_FRAME_BYTES", 1024, 1024 * 1024 * 1024),
    maxConnections: int("MAX_CONNECTIONS", 1, 1_000_000),
    handshakeTimeoutMs: int("HANDSHAKE_TIMEOUT_MS", 10, 3_600_000),
    keepAliveMs: int("KEEPALIVE_MS", 100, 3_600_000),
  };
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl))
      problems.push("DATABASE_URL must start with postgres:// or postgresql://");
    else config.databaseUrl = databaseUrl;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
