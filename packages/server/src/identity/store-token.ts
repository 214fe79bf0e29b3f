import { fail, ok, type Result } from "@loupe/core";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { loupeError } from "../errors/http-errors.js";

/** Who a shop's signed login token names. */
export interface StoreIdentity {
  /** The shop's customer id (`sub`). */
  customerId: string;
  /** The customer's e-mail address, lower-cased. */
  email: string;
  /** When the token stops being accepted. */
  expiresAt: Date;
}

const ClaimsSchema = z.object({
  sub: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[^\s\p{Cc}]+$/u),
  email: z.email().max(254),
  exp: z.number().int(),
});

/** The only algorithm accepted: HMAC-SHA-256 with the shared secret (no `none`, no key confusion). */
const ALGORITHMS = ["HS256"];
/** Longest lifetime a login token may claim: it is a hand-off from a logged-in page, not a session. */
export const STORE_TOKEN_MAX_SECONDS = 3600;

const key = (secret: string) => new TextEncoder().encode(secret);

/**
 * Signs a store login token (JWT, HS256) as the shop does when a logged-in customer follows a link to the
 * preference centre or the privacy request forms: `sub` = customer id, `email`, `iat`, `exp` (default 10
 * minutes, at most {@link STORE_TOKEN_MAX_SECONDS}). Shops in other languages sign the same three claims
 * with any JWT library.
 *
 * @example
 * const token = await signStoreToken({ customerId: "cus_10482", email: "ada@example.com" }, process.env.LOUPE_STORE_TOKEN_SECRET!);
 * // link: https://privacy.shop.example/preferences/login?token=<token>
 */
export async function signStoreToken(
  who: { customerId: string; email: string },
  secret: string,
  options: { now?: Date; ttlSeconds?: number } = {},
): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const ttl = Math.min(options.ttlSeconds ?? 600, STORE_TOKEN_MAX_SECONDS);
  return new SignJWT({ email: who.email })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(who.customerId)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(key(secret));
}

/**
 * Verifies a store login token: HS256 signature with the shop's secret, not expired at `now` (30 s of
 * clock skew allowed), a lifetime of at most {@link STORE_TOKEN_MAX_SECONDS}, a customer id in `sub` and an
 * e-mail address in `email`. Never throws on a bad token: the result says what was wrong (UNAUTHORIZED).
 *
 * @example
 * const r = await verifyStoreToken(token, secret, new Date());
 * if (r.ok) r.value.customerId; // "cus_10482"
 * else r.errors[0].message; // "the login token has expired"
 */
export async function verifyStoreToken(
  token: string,
  secret: string,
  now: Date,
): Promise<Result<StoreIdentity>> {
  const bad = (message: string) => fail<StoreIdentity>(loupeError("UNAUTHORIZED", message));
  if (typeof token !== "string" || token.length > 4096 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token))
    return bad("the login token is not a signed token");
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key(secret), {
      algorithms: ALGORITHMS,
      currentDate: now,
      clockTolerance: 30,
      requiredClaims: ["sub", "exp"],
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) return bad("the login token has expired");
    return bad("the login token's signature or claims are not valid");
  }
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) return bad("the login token must carry a customer id (sub) and an e-mail address");
  const iat = typeof payload.iat === "number" ? payload.iat : Math.floor(now.getTime() / 1000);
  if (claims.data.exp - iat > STORE_TOKEN_MAX_SECONDS)
    return bad(`the login token lives longer than ${STORE_TOKEN_MAX_SECONDS} seconds`);
  return ok({
    customerId: claims.data.sub,
    email: claims.data.email.toLowerCase(),
    expiresAt: new Date(claims.data.exp * 1000),
  });
}
