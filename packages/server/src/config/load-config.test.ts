import { describe, expect, it } from "vitest";
import { loadConfig, sha256 } from "./load-config.js";

describe("loadConfig", () => {
  it("applies defaults to an empty environment", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      mapPath: "loupe.yaml",
      databaseUrl: undefined,
      dataDir: ".loupe-data/pglite",
      host: "127.0.0.1",
      port: 8787,
      apiKeyHash: undefined,
      corsOrigins: [],
      countryHeaders: ["cf-ipcountry", "x-country"],
      rateLimit: { perSecond: 20, burst: 60 },
    });
  });

  it("reads every variable and keeps only the hash of the API key", () => {
    const key = "k3y-for-admin-routes-0123456789";
    const c = loadConfig({
      LOUPE_MAP: "shop/loupe.yaml",
      DATABASE_URL: "postgres://loupe@db:5432/loupe",
      PORT: "0",
      LOUPE_API_KEY: key,
      LOUPE_CORS_ORIGINS: "https://shop.example, https://www.shop.example",
      LOUPE_COUNTRY_HEADERS: "X-Geo-Country",
      LOUPE_CLIENT_IP_HEADER: "X-Forwarded-For",
      LOUPE_RATE_LIMIT: "0",
    });
    expect(c.port).toBe(0);
    expect(c.apiKeyHash?.equals(sha256(key))).toBe(true);
    expect(JSON.stringify(c)).not.toContain(key);
    expect(c.corsOrigins).toEqual(["https://shop.example", "https://www.shop.example"]);
    expect(c.countryHeaders).toEqual(["x-geo-country"]);
    expect(c.clientIpHeader).toBe("x-forwarded-for");
    expect(c.rateLimit.perSecond).toBe(0);
  });

  it.each([
    [{ PORT: "http" }, "invalid environment variable PORT: must be a whole number from 0 to 65535"],
    [{ PORT: "70000" }, "invalid environment variable PORT: must be a whole number from 0 to 65535"],
    [
      { DATABASE_URL: "mysql://x" },
      "invalid environment variable DATABASE_URL: must be a postgres:// or postgresql:// URL",
    ],
    [
      { LOUPE_API_KEY: "short" },
      "invalid environment variable LOUPE_API_KEY: must be at least 16 characters long",
    ],
    [{ LOUPE_CORS_ORIGINS: "https://shop.example/path" }, "invalid environment variable LOUPE_CORS_ORIGINS"],
    [{ LOUPE_LOG_LEVEL: "loud" }, "invalid environment variable LOUPE_LOG_LEVEL"],
  ])("fails fast on %j with one line naming the variable", (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "USAGE" });
    const text = String((error as Error).message);
    expect(text.startsWith(message)).toBe(true);
    expect(text).not.toContain("\n");
    expect(text).not.toContain("short"); // never the value
  });
});
