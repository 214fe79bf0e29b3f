import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, type ServerProcess, startServerProcess } from "../testing/server-process.js";
import { AURORA_MAP, createTestDatabase } from "../testing/test-stores.js";
import { verifyWebhook } from "../webhooks/sign-webhook.js";

const KEY = "durability-admin-key-0123456789";

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("webhook delivery through SIGKILL on PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const children: ServerProcess[] = [];
  let receiver: Server | undefined;

  beforeAll(async () => {
    buildServer();
    database = await createTestDatabase("loupe_delivery_durability");
  }, 180_000);
  afterAll(async () => {
    for (const c of children)
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    if (receiver?.listening) await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    await database?.drop();
  });

  const start = async () => {
    const p = await startServerProcess({
      DATABASE_URL: database.url,
      LOUPE_MAP: AURORA_MAP,
      LOUPE_API_KEY: KEY,
      LOUPE_DB_POOL: "4",
    });
    children.push(p);
    return p;
  };

  it("delivers changes accepted just before the server was killed once it runs again", async () => {
    // A port that refuses connections until the receiver starts on it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const first = await start();
    const headers = { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" };
    const endpoint = await fetch(`${first.url}/api/v1/webhooks/endpoints`, {
      method: "POST",
      headers,
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook` }),
    });
    expect(endpoint.status).toBe(201);
    const { secret } = (await endpoint.json()) as { secret: string };

    const phones = ["+14155550101", "+14155550102", "+14155550103"];
    for (const phone of phones) {
      const res = await fetch(`${first.url}/api/v1/suppressions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ phone, channel: "phone", source: "phone-call" }),
      });
      expect(res.status).toBe(201);
    }
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const pending = await client.query(
        "select count(*)::int as n from webhook_deliveries where status = 'pending'",
      );
      expect(pending.rows[0].n).toBe(3);

      const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
          res.writeHead(200).end("ok");
        });
      });
      await new Promise<void>((resolve) => receiver?.listen(port, "127.0.0.1", resolve));

      await start();
      await until(() => received.length >= 3, 30_000);
      expect(received).toHaveLength(3);
      for (const r of received)
        expect(verifyWebhook({ secret, body: r.body, headers: r.headers })).toBe(true);
      const phonesSeen = received
        .map((r) => (JSON.parse(r.body) as { data: { phone: string } }).data.phone)
        .sort();
      expect(phonesSeen).toEqual(phones);
      await until(
        async () =>
          (await client.query("select count(*)::int as n from webhook_deliveries where status = 'delivered'"))
            .rows[0].n === 3,
        5_000,
      );
    } finally {
      await client.end();
    }
  }, 90_000);
});
