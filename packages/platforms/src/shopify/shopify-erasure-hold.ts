import type { ShopifyAccessData } from "./shopify-admin-client.js";

/** Shopify holds the erasure of a customer who ordered recently until this many days after the last order. */
export const SHOPIFY_ERASURE_HOLD_DAYS = 180;

/** When Shopify will erase, and the sentence Loupe shows the requester. */
export interface ShopifyErasureHold {
  /** Whether Shopify will wait before erasing. */
  held: boolean;
  /** ISO date (YYYY-MM-DD) from which Shopify erases. */
  erasableFrom: string;
  message: string;
}

/**
 * The latest order date in an access read, if any.
 *
 * @example
 * lastOrderDate({ customer: {}, orders: [{ createdAt: "2026-10-01T10:00:00Z" }] }); // "2026-10-01T10:00:00Z"
 */
export function lastOrderDate(data: ShopifyAccessData | undefined): string | undefined {
  const dates = (data?.orders ?? [])
    .map((o) => String(o.createdAt ?? ""))
    .filter((d) => !Number.isNaN(Date.parse(d)));
  return dates.sort().at(-1);
}

/**
 * Explains Shopify's hold on an erasure requested with `customerRequestDataErasure`: a customer who ordered in the
 * last 180 days is erased only 180 days after that order (Shopify keeps order records for the shop until then).
 *
 * @example
 * shopifyErasureHold("2026-10-01T10:00:00Z", new Date("2026-11-22T00:00:00Z")).erasableFrom; // "2027-03-30"
 */
export function shopifyErasureHold(
  lastOrderAt: string | Date | undefined,
  requestedAt: Date,
): ShopifyErasureHold {
  const today = requestedAt.toISOString().slice(0, 10);
  const last = lastOrderAt === undefined ? Number.NaN : new Date(lastOrderAt).getTime();
  const end = last + SHOPIFY_ERASURE_HOLD_DAYS * 86_400_000;
  if (Number.isNaN(last) || end <= requestedAt.getTime()) {
    return {
      held: false,
      erasableFrom: today,
      message:
        "We have asked Shopify, our shop platform, to erase your personal data. Shopify does so within days.",
    };
  }
  const from = new Date(end).toISOString().slice(0, 10);
  return {
    held: true,
    erasableFrom: from,
    message:
      `We have asked Shopify, our shop platform, to erase your personal data. Because you ordered on ${new Date(last).toISOString().slice(0, 10)}, ` +
      `Shopify keeps the records of that order until ${from} (${SHOPIFY_ERASURE_HOLD_DAYS} days after it, for returns, chargebacks and accounting) and erases your data then. ` +
      "Everything Loupe itself holds about you is erased now.",
  };
}
