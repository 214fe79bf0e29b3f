import type { ComplianceJob } from "./handle-compliance-webhook.js";

/** Shopify's deadline for completing a compliance request. */
export const COMPLIANCE_DEADLINE_DAYS = 30;

/** A Loupe request made from a compliance webhook. */
export interface ShopifyComplianceRequest {
  /** Stable: the same delivery always makes the same request. */
  requestId: string;
  /** `access` for `customers/data_request`, `erase` for `customers/redact`, `drop-shop` for `shop/redact`. */
  kind: "access" | "erase" | "drop-shop";
  shopDomain: string;
  shopId: string;
  /** The subject as Shopify names them (absent for `shop/redact`). */
  subject?: { email?: string; phone?: string; customerId?: string };
  /** Shopify order ids the request covers. */
  orders: string[];
  receivedAt: string;
  /** `receivedAt` + 30 days. */
  dueAt: string;
  /** Who receives the result: Shopify sends data requests to the shop owner, not to the customer. */
  deliverTo: "shop-owner" | "none";
}

/**
 * Turns a queued compliance job into a Loupe request: subject, kind, orders and the 30-day deadline.
 *
 * @example
 * complianceRequest(job); // { requestId: "shopify:shop.myshopify.com:data_request:9999", kind: "access", dueAt: "…", … }
 */
export function complianceRequest(job: ComplianceJob): ShopifyComplianceRequest {
  const received = new Date(job.receivedAt);
  const dueAt = new Date(received.getTime() + COMPLIANCE_DEADLINE_DAYS * 86_400_000).toISOString();
  const base = { shopDomain: job.shopDomain, shopId: job.payload.shop_id, receivedAt: job.receivedAt, dueAt };
  const subjectOf = (c: { id?: string; email?: string; phone?: string }) => ({
    ...(c.email ? { email: c.email.toLowerCase() } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.id ? { customerId: c.id } : {}),
  });
  switch (job.topic) {
    case "customers/data_request":
      return {
        ...base,
        requestId: `shopify:${job.shopDomain}:data_request:${job.payload.data_request.id}`,
        kind: "access",
        subject: subjectOf(job.payload.customer),
        orders: job.payload.orders_requested,
        deliverTo: "shop-owner",
      };
    case "customers/redact":
      return {
        ...base,
        requestId: `shopify:${job.shopDomain}:redact:${job.payload.customer.id ?? job.webhookId}`,
        kind: "erase",
        subject: subjectOf(job.payload.customer),
        orders: job.payload.orders_to_redact,
        deliverTo: "none",
      };
    case "shop/redact":
      return {
        ...base,
        requestId: `shopify:${job.shopDomain}:shop_redact`,
        kind: "drop-shop",
        orders: [],
        deliverTo: "none",
      };
  }
}

/** What finishing a compliance request did, kept as evidence. */
export interface ComplianceEvidence {
  requestId: string;
  kind: ShopifyComplianceRequest["kind"];
  topic: ComplianceJob["topic"];
  webhookId: string;
  shopDomain: string;
  receivedAt: string;
  completedAt: string;
  dueAt: string;
  /** Completed within Shopify's 30 days. */
  onTime: boolean;
  /** What the handler reports (counts, package id, kept records with their retention reasons); no personal data. */
  outcome: Record<string, unknown>;
}

/** The work behind each kind, supplied by the server (Loupe's own records) or the rights engine. */
export interface ComplianceHandlers {
  access(request: ShopifyComplianceRequest): Promise<Record<string, unknown>>;
  erase(request: ShopifyComplianceRequest): Promise<Record<string, unknown>>;
  dropShop(request: ShopifyComplianceRequest): Promise<Record<string, unknown>>;
}

/**
 * Runs a queued compliance job to completion and returns its evidence. Called by the queue's worker; a retry
 * after a crash runs it again, so handlers must be idempotent (the request id is stable).
 *
 * @example
 * const evidence = await runComplianceJob(job, { access, erase, dropShop });
 * evidence.onTime; // true
 */
export async function runComplianceJob(
  job: ComplianceJob,
  handlers: ComplianceHandlers,
  now: () => Date = () => new Date(),
): Promise<ComplianceEvidence> {
  const request = complianceRequest(job);
  const outcome =
    request.kind === "access"
      ? await handlers.access(request)
      : request.kind === "erase"
        ? await handlers.erase(request)
        : await handlers.dropShop(request);
  const completedAt = now().toISOString();
  return {
    requestId: request.requestId,
    kind: request.kind,
    topic: job.topic,
    webhookId: job.webhookId,
    shopDomain: job.shopDomain,
    receivedAt: job.receivedAt,
    completedAt,
    dueAt: request.dueAt,
    onTime: completedAt <= request.dueAt,
    outcome,
  };
}
