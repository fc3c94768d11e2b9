/**
 * Relay configuration from environment variables, validated up front.
 * Every problem is reported at once in a ConfigError, so a bad deploy fails with a clear message.
 */
import path from "node:path";
import { DEFAULT_LIMITS, type Limits } from "./limits";
import { isLogLevel, LOG_LEVELS, type LogLevel } from "./log";
import { DEFAULT_PUSH_HOSTS } from "./push/endpointPolicy";
import { DEFAULT_STORAGE_QUOTAS, type StorageQuotas } from "./storagePolicy";
import { DEFAULT_TRAFFIC_LIMITS, TRAFFIC_ENV, type TrafficLimits } from "./traffic/trafficLimits";

export interface RelayConfig extends Limits, StorageQuotas {
  /** Prometheus metrics port (metrics.ts); undefined: no metrics endpoint. */
  metricsPort?: number;
  metricsHost: string;
  port: number;
  host: string;
  /** Where documents are stored (absolute). */
  dataDir: string;
  /** PostgreSQL connection URL: when set, documents are stored there (shared by several relays). */
  databaseUrl?: string;
  /** The built app served over HTTP (absolute); it need not exist. */
  staticDir: string;
  logLevel: LogLevel;
  /** Web Push wake-ups (push/): off, or the contact and push services the relay will call. */
  push: false | { subject: string; endpointPolicy: { hosts: string[] } };
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
  ...trafficEnvDefaults(),
  CLIENT_ADDRESS_HEADER: "",
  LOG_CLIENT_ADDRESSES: "false",
  MAX_DOCUMENT_BYTES: String(DEFAULT_STORAGE_QUOTAS.maxDocumentBytes),
  MAX_TOTAL_BYTES: String(DEFAULT_STORAGE_QUOTAS.maxTotalBytes),
  MAX_NEW_DOCUMENTS_PER_HOUR: String(DEFAULT_STORAGE_QUOTAS.maxNewDocumentsPerHour),
  METRICS_PORT: "",
  METRICS_HOST: "127.0.0.1",
  PUSH: "on",
  PUSH_SUBJECT: "mailto:relay@localhost",
  PUSH_HOSTS: DEFAULT_PUSH_HOSTS.join(","),
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
    ...trafficLimitsFrom((name) => int(name, 1, Number.MAX_SAFE_INTEGER)),
    clientAddressHeader: (env.CLIENT_ADDRESS_HEADER ?? "").trim().toLowerCase(),
    logClientAddresses: raw("LOG_CLIENT_ADDRESSES").toLowerCase() === "true",
    maxDocumentBytes: int("MAX_DOCUMENT_BYTES", 1024, Number.MAX_SAFE_INTEGER),
    maxTotalBytes: int("MAX_TOTAL_BYTES", 1024, Number.MAX_SAFE_INTEGER),
    maxNewDocumentsPerHour: int("MAX_NEW_DOCUMENTS_PER_HOUR", 1, 1_000_000),
    // Empty (the default): no metrics endpoint.
    metricsPort: raw("METRICS_PORT") === "" ? undefined : int("METRICS_PORT", 0, 65_535),
    metricsHost: raw("METRICS_HOST"),
    push: pushFrom(raw, problems),
  };
  if (!["true", "false"].includes(raw("LOG_CLIENT_ADDRESSES").toLowerCase())) {
    problems.push(`LOG_CLIENT_ADDRESSES must be true or false, got ${JSON.stringify(raw("LOG_CLIENT_ADDRESSES"))}`);
  }
  if (!/^[a-z0-9-]*$/.test(config.clientAddressHeader)) {
    problems.push(`CLIENT_ADDRESS_HEADER must be a header name, got ${JSON.stringify(config.clientAddressHeader)}`);
  }
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl))
      problems.push("DATABASE_URL must start with postgres:// or postgresql://");
    else config.databaseUrl = databaseUrl;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** `PUSH=off` turns Web Push off; otherwise a contact for push services and the services allowed. */
function pushFrom(raw: (name: EnvName) => string, problems: string[]): RelayConfig["push"] {
  const mode = raw("PUSH").toLowerCase();
  if (mode !== "on" && mode !== "off") problems.push(`PUSH must be on or off, got ${JSON.stringify(raw("PUSH"))}`);
  if (mode === "off") return false;
  const subject = raw("PUSH_SUBJECT");
  if (!/^(mailto:\S+@\S+|https:\/\/\S+)$/.test(subject)) {
    problems.push(`PUSH_SUBJECT must be a mailto: or https: contact for push services, got ${JSON.stringify(subject)}`);
  }
  const hosts = raw("PUSH_HOSTS")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (hosts.length === 0 || hosts.some((h) => !/^[a-z0-9.-]+$/.test(h))) {
    problems.push(`PUSH_HOSTS must be a comma-separated list of host names, got ${JSON.stringify(raw("PUSH_HOSTS"))}`);
  }
  return { subject, endpointPolicy: { hosts } };
}

type TrafficEnvName = keyof typeof TRAFFIC_ENV;

function trafficEnvDefaults(): Record<TrafficEnvName, string> {
  const entries = Object.entries(TRAFFIC_ENV).map(([name, key]) => [name, String(DEFAULT_TRAFFIC_LIMITS[key])]);
  return Object.fromEntries(entries) as Record<TrafficEnvName, string>;
}

/** The numeric traffic limits (traffic/trafficLimits.ts), each from its variable. */
function trafficLimitsFrom(
  int: (name: TrafficEnvName) => number,
): Omit<TrafficLimits, "clientAddressHeader" | "logClientAddresses"> {
  const limits = {} as Record<string, number>;
  for (const [name, key] of Object.entries(TRAFFIC_ENV)) limits[key] = int(name as TrafficEnvName);
  return limits as unknown as Omit<TrafficLimits, "clientAddressHeader" | "logClientAddresses">;
}
