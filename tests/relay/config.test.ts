import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../../sync-server/config";
import { DEFAULT_PUSH_HOSTS } from "../../sync-server/push/endpointPolicy";
import { DEFAULT_STORAGE_QUOTAS } from "../../sync-server/storagePolicy";
import { DEFAULT_TRAFFIC_LIMITS } from "../../sync-server/traffic/trafficLimits";

describe("relay configuration from the environment", () => {
  test("defaults", () => {
    const config = loadConfig({}, "/srv/pools");
    expect(config).toEqual({
      port: 3030,
      host: "127.0.0.1",
      dataDir: path.resolve("/srv/pools/.data"),
      staticDir: path.resolve("/srv/pools/dist"),
      logLevel: "info",
      maxFrameBytes: 16 * 1024 * 1024,
      maxConnections: 1000,
      handshakeTimeoutMs: 10_000,
      keepAliveMs: 5_000,
      ...DEFAULT_TRAFFIC_LIMITS,
      ...DEFAULT_STORAGE_QUOTAS,
      metricsPort: undefined,
      metricsHost: "127.0.0.1",
      push: { subject: "mailto:relay@localhost", endpointPolicy: { hosts: [...DEFAULT_PUSH_HOSTS] } },
    });
  });

  test("Web Push: PUSH=off turns it off; a contact and the push services allowed can be set; bad values are refused", () => {
    expect(loadConfig({ PUSH: "off" }, "/srv").push).toBe(false);
    expect(
      loadConfig(
        { PUSH_SUBJECT: "https://pools.example/contact", PUSH_HOSTS: "fcm.googleapis.com, push.apple.com" },
        "/srv",
      ).push,
    ).toEqual({
      subject: "https://pools.example/contact",
      endpointPolicy: { hosts: ["fcm.googleapis.com", "push.apple.com"] },
    });
    expect(() => loadConfig({ PUSH: "maybe", PUSH_SUBJECT: "relay", PUSH_HOSTS: "http://x/" }, "/srv")).toThrow(
      /PUSH must be on or off[\s\S]*PUSH_SUBJECT must be a mailto: or https:[\s\S]*PUSH_HOSTS must be/,
    );
  });

  test("reads every variable; empty ones count as unset", () => {
    const config = loadConfig(
      {
        PORT: "0",
        HOST: "0.0.0.0",
        DATA_DIR: "/var/lib/pools",
        STATIC_DIR: "build",
        LOG_LEVEL: "WARN",
        MAX_FRAME_BYTES: "1048576",
        MAX_CONNECTIONS: "50",
        HANDSHAKE_TIMEOUT_MS: "",
        KEEPALIVE_MS: " 2000 ",
      },
      "/srv/pools",
    );
    expect(config).toMatchObject({
      port: 0,
      host: "0.0.0.0",
      dataDir: "/var/lib/pools",
      staticDir: path.resolve("/srv/pools/build"),
      logLevel: "warn",
      maxFrameBytes: 1_048_576,
      maxConnections: 50,
      handshakeTimeoutMs: 10_000,
      keepAliveMs: 2000,
    });
  });

  test("reports every problem at once", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "70000", LOG_LEVEL: "loud", MAX_FRAME_BYTES: "12k", MAX_CONNECTIONS: "0", HOST: "a b" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toMatch(/PORT must be an integer from 0 to 65535, got "70000"/);
    expect(problems.join("\n")).toMatch(/LOG_LEVEL must be one of debug, info, warn, error, silent/);
    expect(problems.join("\n")).toMatch(/MAX_FRAME_BYTES/);
    expect(problems.join("\n")).toMatch(/MAX_CONNECTIONS/);
    expect(problems.join("\n")).toMatch(/HOST/);
  });

  test("reads the connection and traffic limits, and refuses bad ones", () => {
    const config = loadConfig({
      MAX_CONNECTIONS_PER_ADDRESS: "5",
      IDLE_PEER_TIMEOUT_MS: "1000",
      RATE_ADDRESS_BYTES_PER_SECOND: "4096",
      CLIENT_ADDRESS_HEADER: "X-Forwarded-For",
      LOG_CLIENT_ADDRESSES: "TRUE",
    });
    expect(config).toMatchObject({
      maxConnectionsPerAddress: 5,
      idlePeerMs: 1000,
      addressBytesPerSecond: 4096,
      clientAddressHeader: "x-forwarded-for",
      logClientAddresses: true,
    });
    expect(() =>
      loadConfig({ RATE_MESSAGES_PER_SECOND: "0", CLIENT_ADDRESS_HEADER: "x forwarded", LOG_CLIENT_ADDRESSES: "yes" }),
    ).toThrow(
      /RATE_MESSAGES_PER_SECOND[\s\S]*CLIENT_ADDRESS_HEADER|CLIENT_ADDRESS_HEADER[\s\S]*RATE_MESSAGES_PER_SECOND/,
    );
  });
});
