import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../../../sync-server/config";

describe("DATABASE_URL selects the PostgreSQL store", () => {
  test("unset or empty: the file store in DATA_DIR stays the default", () => {
    expect(loadConfig({}, "/srv/pools").databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: " " }, "/srv/pools").databaseUrl).toBeUndefined();
  });

  test("a postgres:// or postgresql:// URL is used as given", () => {
    const url = "postgres://pools:secret@db.internal:5432/pools";
    expect(loadConfig({ DATABASE_URL: url }, "/srv/pools").databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: "postgresql://db/pools" }, "/srv/pools").databaseUrl).toBe(
      "postgresql://db/pools",
    );
  });

  test("anything else stops the relay at start with a clear problem, without echoing the URL", () => {
    let problems: string[] = [];
    try {
      loadConfig({ DATABASE_URL: "mysql://root:hunter2@db/pools" }, "/srv/pools");
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toEqual(["DATABASE_URL must start with postgres:// or postgresql://"]);
    expect(problems.join(" ")).not.toContain("hunter2");
  });
});
