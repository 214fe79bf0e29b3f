import { describe, expect, it } from "vitest";
import { type ComplianceEvidence, runComplianceJob } from "./compliance-request.js";
import type { ComplianceJob } from "./handle-compliance-webhook.js";
import { shopifyRoutes } from "./shopify-routes.js";
import { signShopifyBody, verifyShopifyHmac } from "./verify-shopify-hmac.js";

const SECRET = "hush-test-client-secret";

/** The documented example payloads of the three topics (shopify.dev, privacy law compliance). */
const PAYLOADS = {
  "customers/data_request": {
    shop_id: 954889,
    shop_domain: "namdar-test.myshopify.com",
    orders_requested: [299938, 280263, 220458],
    customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
    data_request: { id: 9999 },
  },
  "customers/redact": {
    shop_id: 954889,
    shop_domain: "namdar-test.myshopify.com",
    customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
    orders_to_redact: [299938, 280263, 220458],
  },
  "shop/redact": { shop_id: 954889, shop_domain: "namdar-test.myshopify.com" },
} as const;

/** A queue that keeps jobs by id, as the durable queue's contract requires. */
function memoryQueue() {
  const jobs = new Map<string, ComplianceJob>();
  return {
    jobs,
    enqueue: async (job: ComplianceJob) => {
      if (jobs.has(job.id)) return "duplicate" as const;
      jobs.set(job.id, job);
      return "queued" as const;
    },
  };
}

function deliver(
  app: ReturnType<typeof shopifyRoutes>,
  topic: string,
  body: string,
  headers: Record<string, string>,
  path = "/webhooks",
) {
  return app.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-shopify-topic": topic, ...headers },
  });
}

describe("verifyShopifyHmac", () => {
  it("accepts the body's own signature only", () => {
    const body = JSON.stringify(PAYLOADS["shop/redact"]);
    const sig = signShopifyBody(body, SECRET);
    expect(verifyShopifyHmac(body, sig, SECRET)).toBe(true);
    expect(verifyShopifyHmac(`${body} `, sig, SECRET)).toBe(false);
    expect(verifyShopifyHmac(body, sig, "other-secret")).toBe(false);
    expect(verifyShopifyHmac(body, sig, ["old-secret", SECRET])).toBe(true);
    expect(verifyShopifyHmac(body, undefined, SECRET)).toBe(false);
    expect(verifyShopifyHmac(body, "not base64!", SECRET)).toBe(false);
    expect(verifyShopifyHmac(body, sig.slice(0, 20), SECRET)).toBe(false);
  });
});

describe("shopifyRoutes: compliance webhooks", () => {
  it("accepts signed payloads of each topic, answers 200 at once and queues one job each", async () => {
    const queue = memoryQueue();
    const app = shopifyRoutes({
      secret: SECRET,
      enqueue: queue.enqueue,
      now: () => new Date("2026-11-22T07:00:00Z"),
    });
    let n = 0;
    for (const [topic, payload] of Object.entries(PAYLOADS)) {
      const body = JSON.stringify(payload);
      const res = await deliver(app, topic, body, {
        "x-shopify-hmac-sha256": signShopifyBody(body, SECRET),
        "x-shopify-webhook-id": `wh-${++n}`,
        "x-shopify-shop-domain": payload.shop_domain,
        "x-shopify-api-version": "2026-07",
        "x-shopify-triggered-at": "2026-11-22T06:59:59Z",
      });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { status: string; jobId: string };
      expect(answer).toEqual({ status: "queued", jobId: `shopify:namdar-test.myshopify.com:wh-${n}` });
      // Nothing personal is echoed back.
      expect(JSON.stringify(answer)).not.toContain("john@example.com");
    }
    expect([...queue.jobs.values()].map((j) => j.topic)).toEqual(Object.keys(PAYLOADS));
    const redact = [...queue.jobs.values()].find((j) => j.topic === "customers/redact");
    expect(redact?.topic === "customers/redact" && redact.payload.orders_to_redact).toEqual([
      "299938",
      "280263",
      "220458",
    ]);
    expect(redact?.apiVersion).toBe("2026-07");
  });

  it("answers 401 to a wrong or missing signature and queues nothing", async () => {
    const queue = memoryQueue();
    const app = shopifyRoutes({ secret: SECRET, enqueue: queue.enqueue });
    const body = JSON.stringify(PAYLOADS["customers/redact"]);
    const wrong = await deliver(app, "customers/redact", body, {
      "x-shopify-hmac-sha256": signShopifyBody(body, "attacker"),
    });
    expect(wrong.status).toBe(401);
    const missing = await deliver(app, "customers/redact", body, {});
    expect(missing.status).toBe(401);
    // A signature of another body does not carry over.
    const other = await deliver(app, "customers/redact", body.replace("191167", "191168"), {
      "x-shopify-hmac-sha256": signShopifyBody(body, SECRET),
    });
    expect(other.status).toBe(401);
    expect(queue.jobs.size).toBe(0);
  });

  it("is idempotent on replay of the same webhook id", async () => {
    const queue = memoryQueue();
    const app = shopifyRoutes({ secret: SECRET, enqueue: queue.enqueue });
    const body = JSON.stringify(PAYLOADS["customers/data_request"]);
    const headers = {
      "x-shopify-hmac-sha256": signShopifyBody(body, SECRET),
      "x-shopify-webhook-id": "replayed-1",
    };
    const first = await deliver(app, "customers/data_request", body, headers);
    const second = await deliver(app, "customers/data_request", body, headers);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { status: string }).status).toBe("duplicate");
    expect(queue.jobs.size).toBe(1);
  });

  it("checks the payload shape and the topic of a per-topic endpoint", async () => {
    const queue = memoryQueue();
    const app = shopifyRoutes({ secret: SECRET, enqueue: queue.enqueue });
    const bad = JSON.stringify({ shop_domain: "x.myshopify.com", customer: {} });
    const res = await deliver(app, "customers/data_request", bad, {
      "x-shopify-hmac-sha256": signShopifyBody(bad, SECRET),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/shop_id/);
    const body = JSON.stringify(PAYLOADS["shop/redact"]);
    const sig = { "x-shopify-hmac-sha256": signShopifyBody(body, SECRET) };
    expect((await deliver(app, "shop/redact", body, sig, "/webhooks/shop/redact")).status).toBe(200);
    expect((await deliver(app, "shop/redact", body, sig, "/webhooks/customers/redact")).status).toBe(400);
    expect((await deliver(app, "orders/create", body, sig)).status).toBe(400);
  });

  it("answers 503 when the queue is down, so Shopify retries", async () => {
    const app = shopifyRoutes({
      secret: SECRET,
      enqueue: async () => {
        throw new Error("connection refused");
      },
    });
    const body = JSON.stringify(PAYLOADS["shop/redact"]);
    const res = await deliver(app, "shop/redact", body, {
      "x-shopify-hmac-sha256": signShopifyBody(body, SECRET),
    });
    expect(res.status).toBe(503);
  });

  it("turns each queued job into a request whose evidence shows completion within 30 days", async () => {
    const queue = memoryQueue();
    const app = shopifyRoutes({
      secret: SECRET,
      enqueue: queue.enqueue,
      now: () => new Date("2026-11-22T07:00:00Z"),
    });
    for (const [topic, payload] of Object.entries(PAYLOADS)) {
      const body = JSON.stringify(payload);
      await deliver(app, topic, body, {
        "x-shopify-hmac-sha256": signShopifyBody(body, SECRET),
        "x-shopify-webhook-id": topic,
      });
    }
    const seen: string[] = [];
    const handlers = {
      access: async (r: { kind: string; subject?: { email?: string }; orders: string[] }) => {
        seen.push(`${r.kind}:${r.subject?.email}:${r.orders.length}`);
        return { records: 3 };
      },
      erase: async (r: { kind: string; subject?: { customerId?: string } }) => {
        seen.push(`${r.kind}:${r.subject?.customerId}`);
        return { erased: 2, kept: [{ record: "request log", reason: "record keeping, 24 months" }] };
      },
      dropShop: async (r: { kind: string; shopDomain: string }) => {
        seen.push(`${r.kind}:${r.shopDomain}`);
        return { tenantDropped: true };
      },
    };
    const evidence: ComplianceEvidence[] = [];
    for (const job of queue.jobs.values()) {
      evidence.push(await runComplianceJob(job, handlers, () => new Date("2026-11-23T08:00:00Z")));
    }
    expect(seen).toEqual([
      "access:john@example.com:3",
      "erase:191167",
      "drop-shop:namdar-test.myshopify.com",
    ]);
    expect(evidence.map((e) => [e.kind, e.requestId, e.dueAt, e.onTime])).toEqual([
      ["access", "shopify:namdar-test.myshopify.com:data_request:9999", "2026-12-22T07:00:00.000Z", true],
      ["erase", "shopify:namdar-test.myshopify.com:redact:191167", "2026-12-22T07:00:00.000Z", true],
      ["drop-shop", "shopify:namdar-test.myshopify.com:shop_redact", "2026-12-22T07:00:00.000Z", true],
    ]);
    expect(evidence.every((e) => e.completedAt === "2026-11-23T08:00:00.000Z")).toBe(true);
  });
});
