import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { keyedHash, sameHash } from "../requests/rights-crypto.js";

/** The cookie that binds the privacy centre's form tokens to one browser. */
export const CSRF_COOKIE = "loupe_pc";

/**
 * The form token of this browser (HMAC of a random cookie value), setting the cookie when it is missing.
 * Forms carry it in a hidden `_csrf` field; together with the Origin check of the whole server this is a
 * signed double-submit token.
 *
 * @example
 * <input type="hidden" name="_csrf" value={csrfToken(c, keys.csrfKey)} />
 */
export function csrfToken(c: Context, key: Buffer): string {
  let nonce = getCookie(c, CSRF_COOKIE);
  if (!nonce || !/^[\w-]{20,64}$/.test(nonce)) {
    nonce = randomBytes(18).toString("base64url");
    setCookie(c, CSRF_COOKIE, nonce, {
      httpOnly: true,
      sameSite: "Strict",
      secure: new URL(c.req.url).protocol === "https:",
      path: "/privacy-centre",
    });
  }
  return keyedHash(key, `csrf:${nonce}`);
}

/**
 * Whether a submitted `_csrf` value belongs to this browser's cookie.
 *
 * @example
 * if (!checkCsrf(c, keys.csrfKey, form.get("_csrf"))) return forbidden();
 */
export function checkCsrf(c: Context, key: Buffer, submitted: string | undefined): boolean {
  const nonce = getCookie(c, CSRF_COOKIE);
  if (!nonce || !submitted || !/^[0-9a-f]{64}$/.test(submitted)) return false;
  return sameHash(keyedHash(key, `csrf:${nonce}`), submitted);
}
