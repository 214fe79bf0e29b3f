import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Checks Shopify's `X-Shopify-Hmac-Sha256` header: the base64 HMAC-SHA256 of the raw request body, keyed with
 * the app's client secret. Compared in constant time; several secrets may be given while one is being rotated.
 * A missing or malformed header is `false`.
 *
 * @example
 * verifyShopifyHmac(rawBody, request.headers.get("x-shopify-hmac-sha256"), process.env.SHOPIFY_API_SECRET!); // true
 */
export function verifyShopifyHmac(
  rawBody: Uint8Array | string,
  header: string | null | undefined,
  secret: string | readonly string[],
): boolean {
  if (!header || !/^[A-Za-z0-9+/]+={0,2}$/.test(header.trim())) return false;
  const given = Buffer.from(header.trim(), "base64");
  if (given.length !== 32) return false;
  let valid = false;
  for (const s of typeof secret === "string" ? [secret] : secret) {
    if (!s) continue;
    const expected = createHmac("sha256", s).update(rawBody).digest();
    // Every secret is checked, so the time taken does not say which one matched.
    if (timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

/**
 * Signs a body as Shopify does (base64 HMAC-SHA256), for tests and for replaying a stored delivery.
 *
 * @example
 * signShopifyBody('{"shop_id":1}', "secret"); // "…base64…"
 */
export function signShopifyBody(rawBody: Uint8Array | string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}
