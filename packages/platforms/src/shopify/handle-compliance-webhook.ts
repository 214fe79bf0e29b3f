import { createHash } from "node:crypto";
import {
  type CompliancePayload,
  type ComplianceTopic,
  isComplianceTopic,
  parseCompliancePayload,
} from "./compliance-payloads.js";
import { verifyShopifyHmac } from "./verify-shopify-hmac.js";

/** One verified compliance delivery, handed to the durable queue. */
export type ComplianceJob = CompliancePayload & {
  /** `shopify:<shop domain>:<webhook id>`: the same delivery always gets the same id. */
  id: string;
  shopDomain: string;
  webhookId: string;
  /** From `X-Shopify-Triggered-At`, when sent. */
  triggeredAt?: string;
  /** From `X-Shopify-API-Version`, when sent. */
  apiVersion?: string;
  /** ISO time the delivery was accepted. */
  receivedAt: string;
};

/**
 * Puts a job in a durable queue. Must be idempotent on `job.id`: a job whose id the queue already holds is not
 * added again and the call answers `duplicate`.
 */
export type EnqueueComplianceJob = (job: ComplianceJob) => Promise<"queued" | "duplicate">;

export interface ComplianceWebhookOptions {
  /** The app's client secret (API secret key); several while rotating. */
  secret: string | readonly string[];
  enqueue: EnqueueComplianceJob;
  now?: () => Date;
  /** Bodies larger than this are refused with 413 before any work. Default 256 KiB. */
  maxBodyBytes?: number;
}

/** A delivery as received: the raw body bytes and a header reader (case-insensitive). */
export interface WebhookDelivery {
  rawBody: Uint8Array;
  header(name: string): string | null | undefined;
  /** The topic the route expects, when the URL names one (`/webhooks/customers/redact`). */
  expectedTopic?: ComplianceTopic;
}

/** What to answer Shopify. */
export interface WebhookAnswer {
  status: 200 | 400 | 401 | 413 | 503;
  body: { status: "queued" | "duplicate" | "error"; jobId?: string; error?: string };
}

/**
 * Handles one Shopify compliance webhook without any web framework: checks the HMAC of the raw body in
 * constant time (401 when missing or wrong, before the body is read as JSON), validates the payload against its
 * topic's documented shape (400), and hands the work to the durable `enqueue` (200 at once; a replayed delivery
 * with the same webhook id answers 200 `duplicate`). The work itself runs later, from the queue.
 *
 * @example
 * const answer = await handleComplianceWebhook(
 *   { rawBody, header: (n) => request.headers.get(n) },
 *   { secret: process.env.SHOPIFY_API_SECRET!, enqueue: (job) => queue.add(job) },
 * );
 * // { status: 200, body: { status: "queued", jobId: "shopify:shop.myshopify.com:b54557e4-…" } }
 */
export async function handleComplianceWebhook(
  delivery: WebhookDelivery,
  options: ComplianceWebhookOptions,
): Promise<WebhookAnswer> {
  const max = options.maxBodyBytes ?? 256 * 1024;
  if (delivery.rawBody.byteLength > max) {
    return { status: 413, body: { status: "error", error: `body larger than ${max} bytes` } };
  }
  if (!verifyShopifyHmac(delivery.rawBody, delivery.header("x-shopify-hmac-sha256"), options.secret)) {
    return { status: 401, body: { status: "error", error: "missing or invalid X-Shopify-Hmac-Sha256" } };
  }
  const topic = delivery.header("x-shopify-topic") ?? delivery.expectedTopic;
  if (!isComplianceTopic(topic)) {
    return { status: 400, body: { status: "error", error: "X-Shopify-Topic is not a compliance topic" } };
  }
  if (delivery.expectedTopic && topic !== delivery.expectedTopic) {
    return {
      status: 400,
      body: {
        status: "error",
        error: `X-Shopify-Topic does not match this endpoint (${delivery.expectedTopic})`,
      },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(delivery.rawBody));
  } catch {
    return { status: 400, body: { status: "error", error: "body is not JSON" } };
  }
  const parsed = parseCompliancePayload(topic, json);
  if (!parsed.success)
    return { status: 400, body: { status: "error", error: `invalid ${topic} payload: ${parsed.error}` } };
  const shopDomain = parsed.data.payload.shop_domain;
  // Shopify always sends a webhook id; without one, the body's hash still makes a replay the same job.
  const webhookId =
    delivery.header("x-shopify-webhook-id") ||
    `sha256-${createHash("sha256").update(delivery.rawBody).digest("hex")}`;
  const triggeredAt = delivery.header("x-shopify-triggered-at") || undefined;
  const apiVersion = delivery.header("x-shopify-api-version") || undefined;
  const job: ComplianceJob = {
    ...parsed.data,
    id: `shopify:${shopDomain}:${webhookId}`,
    shopDomain,
    webhookId,
    ...(triggeredAt ? { triggeredAt } : {}),
    ...(apiVersion ? { apiVersion } : {}),
    receivedAt: (options.now?.() ?? new Date()).toISOString(),
  };
  try {
    const outcome = await options.enqueue(job);
    return { status: 200, body: { status: outcome, jobId: job.id } };
  } catch {
    // Shopify retries failed deliveries (8 times over 4 hours): a queue outage must not lose the request.
    return { status: 503, body: { status: "error", error: "queue unavailable, retry later" } };
  }
}
