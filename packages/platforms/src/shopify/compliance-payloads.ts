import { z } from "zod";

/** The three mandatory compliance topics every Shopify app answers. */
export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;
export type ComplianceTopic = (typeof COMPLIANCE_TOPICS)[number];

/** Shopify ids arrive as JSON numbers; kept as decimal strings (they can exceed 2^53 in theory). */
const shopifyId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform((v) => String(v));
const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v ? v : undefined));

const customer = z.object({
  id: shopifyId.nullish().transform((v) => v ?? undefined),
  email: optionalText,
  phone: optionalText,
});

const shop = {
  shop_id: shopifyId,
  shop_domain: z.string().min(1).max(255),
};

/** `customers/data_request`: the customer asked the shop for their data. */
export const DataRequestPayload = z.object({
  ...shop,
  orders_requested: z.array(shopifyId).default([]),
  customer,
  data_request: z.object({ id: shopifyId }),
});

/** `customers/redact`: the shop asked for the customer's data to be erased (sometimes only an e-mail is known). */
export const CustomerRedactPayload = z.object({
  ...shop,
  customer,
  orders_to_redact: z.array(shopifyId).default([]),
});

/** `shop/redact`: 48 hours after the shop uninstalled the app, erase the shop's data. */
export const ShopRedactPayload = z.object(shop);

export type DataRequestPayload = z.output<typeof DataRequestPayload>;
export type CustomerRedactPayload = z.output<typeof CustomerRedactPayload>;
export type ShopRedactPayload = z.output<typeof ShopRedactPayload>;

/** A parsed compliance payload with its topic. */
export type CompliancePayload =
  | { topic: "customers/data_request"; payload: DataRequestPayload }
  | { topic: "customers/redact"; payload: CustomerRedactPayload }
  | { topic: "shop/redact"; payload: ShopRedactPayload };

/**
 * Whether a string is one of the three compliance topics.
 *
 * @example
 * isComplianceTopic("shop/redact"); // true
 * isComplianceTopic("orders/create"); // false
 */
export function isComplianceTopic(topic: string | null | undefined): topic is ComplianceTopic {
  return (COMPLIANCE_TOPICS as readonly string[]).includes(topic ?? "");
}

/**
 * Validates a compliance payload against its topic's documented shape; the error lists the fields that were
 * wrong (never their values).
 *
 * @example
 * parseCompliancePayload("shop/redact", { shop_id: 954889, shop_domain: "x.myshopify.com" });
 * // { success: true, data: { topic: "shop/redact", payload: { shop_id: "954889", shop_domain: "x.myshopify.com" } } }
 */
export function parseCompliancePayload(
  topic: ComplianceTopic,
  json: unknown,
): { success: true; data: CompliancePayload } | { success: false; error: string } {
  const schema =
    topic === "customers/data_request"
      ? DataRequestPayload
      : topic === "customers/redact"
        ? CustomerRedactPayload
        : ShopRedactPayload;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      success: false,
      error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    };
  }
  return { success: true, data: { topic, payload: parsed.data } as CompliancePayload };
}
