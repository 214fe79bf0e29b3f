import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, startServerProcess } from "../testing/server-process.js";
import { AURORA_MAP } from "../testing/test-stores.js";
import { startServer } from "./start-server.js";

describe("startServer on the embedded PGlite", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "loupe-server-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("serves over HTTP, truncates the socket's IP, and keeps the ledger on disk across restarts", async () => {
    const config = {
      mapPath: AURORA_MAP,
      dataDir: join(dir, "pglite"),
      port: 0,
      logLevel: "silent" as const,
    };
    const server = await startServer({ config });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok", store: "pglite" });
    const shown = await (await fetch(`${server.url}/api/v1/consent/config`)).json();
    const res = await fetch(`${server.url}/api/v1/consent`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        receipts: [
          {
            visitorId: "v_disk_visitor_01",
            action: "accept-all",
            source: "banner",
            noticeVersion: shown.notice.version,
            configHash: shown.configHash,
          },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const big = await fetch(`${server.url}/api/v1/consent`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ receipts: [], padding: "x".repeat(300 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    await server.close();

    const again = await startServer({ config });
    try {
      const state = await (await fetch(`${again.url}/api/v1/consent/visitor/v_disk_visitor_01`)).json();
      expect(state.purposes.map((p: { state: string }) => p.state)).toEqual([
        "granted",
        "granted",
        "granted",
        "granted",
        "granted",
      ]);
      const row = await again.app.store.db
        .selectFrom("consent_receipts")
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(row.ip_truncated).toBe("127.0.0.0/24");
      expect(row.user_agent).toBe("node");
    } finally {
      await again.close();
    }
  }, 120_000);

  it("stops at once with a one-line message naming a bad variable", async () => {
    buildServer();
    await expect(startServerProcess({ PORT: "http", LOUPE_MAP: AURORA_MAP }, 10_000)).rejects.toThrow(
      /exited \(2\) before listening:\nloupe: invalid environment variable PORT: must be a whole number from 0 to 65535\n$/,
    );
    await expect(startServerProcess({ LOUPE_MAP: join(dir, "missing.yaml") }, 10_000)).rejects.toThrow(
      /exited \(2\) before listening:\nloupe: .*missing\.yaml: the data map does not exist \(set LOUPE_MAP\)\n$/,
    );
  }, 60_000);
});
