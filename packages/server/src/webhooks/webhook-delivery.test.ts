import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobQueue, startJobQueue } from "../jobs/job-queue.js";
import type { Store } from "../store/open-store.js";
import { TEST_STORES } from "../testing/test-stores.js";
import { emitEvent } from "./emit-event.js";
import { verifyWebhook } from "./sign-webhook.js";
import { startWebhookDelivery, type WebhookDelivery } from "./webhook-delivery.js";
import { createEndpoint, listDeliveries, setEndpointEnabled } from "./webhook-endpoints.js";

const logger = pino({ level: "silent" });

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver that can be taken down (port closed) and brought back on the same port. */
async function receiver() {
  const received: Received[] = [];
  const make = () =>
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          path: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        res.writeHead(204).end();
      });
    });
  let server: Server = make();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  let up = true;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async down() {
      if (!up) return;
      up = false;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async up() {
      if (up) return;
      server = make();
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
      up = true;
    },
  };
}

describe.each(TEST_STORES)("webhooks on $name", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const workers: { queue: JobQueue; delivery: WebhookDelivery }[] = [];
  let rx: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
    rx = await receiver();
    // On PostgreSQL, two workers (as two processes would) share the store and compete for the streams.
    for (let i = 0; i < (kind.name === "postgres" ? 2 : 1); i++) {
      const queue = await startJobQueue({ store, logger, pollingIntervalSeconds: 0.5 });
      const delivery = await startWebhookDelivery({
        db: store.db,
        queue,
        logger,
        baseDelayMs: 100,
        maxDelayMs: 400,
        sweepIntervalMs: 0,
      });
      workers.push({ queue, delivery });
    }
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) {
      await w.delivery.stop();
      await w.queue.stop();
    }
    await rx?.down();
    await dispose?.();
  });

  it("delivers every event, signed, in order per subject, to a receiver that was down for a while", async () => {
    const queue = workers[0]?.queue as JobQueue;
    const all = await createEndpoint(store.db, { url: `${rx.url}/all` });
    const onlyLifted = await createEndpoint(store.db, {
      url: `${rx.url}/lifted`,
      types: ["suppression.lifted"],
    });
    await rx.down();
    const subjects = ["customer:1", "customer:2", "customer:3"];
    const emitted: { subject: string; n: number; type: string }[] = [];
    for (let n = 0; n < 6; n++) {
      for (const subject of subjects) {
        const type = n === 3 ? "suppression.lifted" : "preference.changed";
        await emitEvent({ db: store.db, queue }, { type, subject, data: { n } });
        emitted.push({ subject, n, type });
      }
    }
    // Attempts fail and are retried with backoff while the receiver is down.
    await until(async () => {
      const { deliveries } = await listDeliveries(store.db, { status: "pending", limit: 1000 });
      return deliveries.filter((d) => d.attempts >= 2).length >= 3;
    });
    const { deliveries: failing } = await listDeliveries(store.db, { status: "pending", limit: 1000 });
    expect(failing.find((d) => d.attempts >= 2)?.lastError).toBe("ECONNREFUSED");
    expect(rx.received).toEqual([]);

    await rx.up();
    const expected = emitted.length + emitted.filter((e) => e.type === "suppression.lifted").length;
    await until(() => rx.received.length >= expected, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(rx.received).toHaveLength(expected);

    for (const [path, secret, wanted] of [
      ["/all", all.secret, emitted],
      ["/lifted", onlyLifted.secret, emitted.filter((e) => e.type === "suppression.lifted")],
    ] as const) {
      const got = rx.received.filter((r) => r.path === path);
      for (const r of got) {
        expect(verifyWebhook({ secret, body: r.body, headers: r.headers })).toBe(true);
        expect(
          verifyWebhook({
            secret: onlyLifted.secret === secret ? all.secret : onlyLifted.secret,
            body: r.body,
            headers: r.headers,
          }),
        ).toBe(false);
        expect(r.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
      }
      expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(got.length);
      const bodies = got.map(
        (r) => JSON.parse(r.body) as { type: string; subject: string; data: { n: number } },
      );
      for (const subject of subjects) {
        expect(bodies.filter((b) => b.subject === subject).map((b) => b.data.n)).toEqual(
          wanted.filter((e) => e.subject === subject).map((e) => e.n),
        );
      }
    }
    const { deliveries } = await listDeliveries(store.db, { limit: 1000 });
    expect(deliveries.every((d) => d.status === "delivered" && d.lastStatus === 204)).toBe(true);
  }, 60_000);

  it("holds deliveries for a disabled endpoint and resumes them when it is enabled again", async () => {
    const queue = workers[0]?.queue as JobQueue;
    const endpoint = await createEndpoint(store.db, { url: `${rx.url}/paused`, types: ["test.paused"] });
    await setEndpointEnabled(store.db, endpoint.id, false);
    await emitEvent({ db: store.db, queue }, { type: "test.paused", subject: "s", data: { n: 1 } });
    // Disabled endpoints get no new deliveries.
    expect((await listDeliveries(store.db, { endpointId: endpoint.id })).deliveries).toEqual([]);
    await setEndpointEnabled(store.db, endpoint.id, true);
    await emitEvent({ db: store.db, queue }, { type: "test.paused", subject: "s", data: { n: 2 } });
    await setEndpointEnabled(store.db, endpoint.id, false);
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = rx.received.filter((r) => r.path === "/paused").length;
    await setEndpointEnabled(store.db, endpoint.id, true);
    const swept = await Promise.all(workers.map((w) => w.delivery.sweep()));
    await until(() => rx.received.filter((r) => r.path === "/paused").length === 1);
    expect(waiting + swept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(rx.received.filter((r) => r.path === "/paused")[0]?.body ?? "{}").data).toEqual({
      n: 2,
    });
  }, 30_000);

  it("refuses an invalid event with the field named", async () => {
    const queue = workers[0]?.queue as JobQueue;
    await expect(
      emitEvent({ db: store.db, queue }, { type: "Not A Type", subject: "s", data: {} }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST", location: { path: "event.type" } });
  });
});
