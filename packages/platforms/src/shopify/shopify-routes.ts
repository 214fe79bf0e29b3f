import { type Context, Hono } from "hono";
import { type ComplianceTopic, isComplianceTopic } from "./compliance-payloads.js";
import { type ComplianceWebhookOptions, handleComplianceWebhook } from "./handle-compliance-webhook.js";

export type ShopifyRoutesOptions = ComplianceWebhookOptions;

/**
 * A Hono sub-app with Shopify's compliance webhook endpoints, for the server to mount:
 * `POST /webhooks` (topic from `X-Shopify-Topic`, the single `uri` of `shopify.app.toml`'s `compliance_topics`)
 * and `POST /webhooks/customers/data_request`, `/webhooks/customers/redact`, `/webhooks/shop/redact`.
 * The raw body is read as bytes before anything else, so the HMAC covers exactly what Shopify signed.
 *
 * @example
 * app.route("/shopify", shopifyRoutes({ secret: process.env.SHOPIFY_API_SECRET!, enqueue }));
 * // Shopify → POST https://loupe.example/shopify/webhooks
 */
export function shopifyRoutes(options: ShopifyRoutesOptions): Hono {
  const app = new Hono();
  const max = options.maxBodyBytes ?? 256 * 1024;
  const handle = async (c: Context, expectedTopic?: ComplianceTopic) => {
    const length = Number(c.req.header("content-length") ?? 0);
    if (length > max) return c.json({ status: "error", error: `body larger than ${max} bytes` }, 413);
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    const answer = await handleComplianceWebhook(
      { rawBody, header: (name) => c.req.header(name), ...(expectedTopic ? { expectedTopic } : {}) },
      options,
    );
    return c.json(answer.body, answer.status);
  };
  app.post("/webhooks", (c) => handle(c));
  app.post("/webhooks/:group/:action", (c) => {
    const topic = `${c.req.param("group")}/${c.req.param("action")}`;
    if (!isComplianceTopic(topic)) return c.json({ status: "error", error: "unknown webhook topic" }, 404);
    return handle(c, topic);
  });
  return app;
}
