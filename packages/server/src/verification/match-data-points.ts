import type { ShopRecord } from "../requests/rights-context.js";

/** Data points a requester may give, compared with the shop's own records. */
export interface GivenDataPoints {
  phone?: string | undefined;
  orderNumber?: string | undefined;
  postcode?: string | undefined;
}

const digits = (s: string) => s.replace(/\D/g, "");
const compact = (s: string) => s.replace(/[\s-]/g, "").toUpperCase();

/**
 * Which of the given data points match the shop's record: phone numbers by their last ten digits, order
 * numbers and postcodes without spaces, dashes or case. A field being corrected never counts (§7060(h)).
 *
 * @example
 * matchDataPoints({ phone: "(415) 555-0100", postcode: "94105" }, { phones: ["+14155550100"], orderNumbers: [], postcodes: ["94105-1234"] });
 * // ["phone", "postcode"]
 */
export function matchDataPoints(
  given: GivenDataPoints,
  record: ShopRecord | undefined,
  exclude: readonly string[] = [],
): ("phone" | "orderNumber" | "postcode")[] {
  if (!record) return [];
  const out: ("phone" | "orderNumber" | "postcode")[] = [];
  if (given.phone && !exclude.includes("phone")) {
    const p = digits(given.phone).slice(-10);
    if (p.length >= 7 && record.phones.some((x) => digits(x).slice(-10) === p)) out.push("phone");
  }
  if (given.orderNumber && !exclude.includes("orderNumber")) {
    const o = compact(given.orderNumber);
    if (o && record.orderNumbers.some((x) => compact(x) === o)) out.push("orderNumber");
  }
  if (given.postcode && !exclude.includes("postcode") && !exclude.includes("address")) {
    const z = compact(given.postcode);
    if (
      z.length >= 3 &&
      record.postcodes.some((x) => compact(x) === z || (/^\d{5}$/.test(z) && compact(x).startsWith(z)))
    )
      out.push("postcode");
  }
  return out;
}
