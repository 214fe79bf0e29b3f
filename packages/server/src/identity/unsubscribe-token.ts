import { createHash, randomBytes } from "node:crypto";
import { fail, ok, type Result } from "@loupe/core";
import { EncryptJWT, errors as joseErrors, jwtDecrypt } from "jose";
import { z } from "zod";
import { loupeError } from "../errors/http-errors.js";
import { normaliseEmail } from "./normalise-email.js";

/** Unsubscribe links work at least this long (CAN-SPAM asks for 30 days); the default is one year. */
export const UNSUBSCRIBE_MIN_DAYS = 30;
export const UNSUBSCRIBE_DEFAULT_DAYS = 365;

/** Who and what an unsubscribe token stands for. */
export interface UnsubscribeClaim {
  email: string;
  /** The list: `all` for every marketing e-mail, or a marketing topic id such as `promotions`. */
  list: string;
  issuedAt: Date;
  expiresAt: Date;
}

export const ListIdSchema = z
  .string()
  .regex(/^(all|[a-z0-9][a-z0-9-]{0,63})$/, "must be 'all' or a topic id such as 'promotions'");

const ClaimsSchema = z.object({ e: z.email().max(254), l: ListIdSchema, iat: z.number(), exp: z.number() });

/** AES-256-GCM key derived from the link secret, separate from any other use of that secret. */
const keyOf = (secret: string) =>
  createHash("sha256").update("loupe unsubscribe token v1\n").update(secret, "utf8").digest();

/**
 * A random link secret for a process that was given none (tokens then die with the process; production
 * sets `LOUPE_LINK_SECRET`).
 *
 * @example
 * const secret = config.linkSecret ?? ephemeralLinkSecret();
 */
export function ephemeralLinkSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * An opaque, per-recipient, per-list unsubscribe token: an encrypted and authenticated JWT (JWE, `dir` +
 * A256GCM) holding the address, the list and the expiry, so the endpoint needs no stored row per mail and a
 * token reveals nothing to whoever reads the URL. Valid for `days` (at least {@link UNSUBSCRIBE_MIN_DAYS},
 * default {@link UNSUBSCRIBE_DEFAULT_DAYS}).
 *
 * @example
 * const token = await createUnsubscribeToken({ email: "ada@example.com", list: "promotions" }, secret);
 * const url = `${publicUrl}/unsubscribe/${token}`;
 */
export async function createUnsubscribeToken(
  who: { email: string; list: string },
  secret: string,
  options: { now?: Date; days?: number } = {},
): Promise<string> {
  const list = ListIdSchema.parse(who.list);
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const days = Math.max(options.days ?? UNSUBSCRIBE_DEFAULT_DAYS, UNSUBSCRIBE_MIN_DAYS);
  return new EncryptJWT({ e: normaliseEmail(who.email), l: list })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(iat)
    .setExpirationTime(iat + days * 86400)
    .encrypt(keyOf(secret));
}

/**
 * Opens an unsubscribe token: UNAUTHORIZED when it was altered, made with another secret, or has expired
 * at `now` (the message says which). Never throws on a bad token.
 *
 * @example
 * const r = await readUnsubscribeToken(token, secret, new Date());
 * if (r.ok) r.value.list; // "promotions"
 */
export async function readUnsubscribeToken(
  token: string,
  secret: string,
  now: Date,
): Promise<Result<UnsubscribeClaim>> {
  const bad = (message: string) => fail<UnsubscribeClaim>(loupeError("UNAUTHORIZED", message));
  if (typeof token !== "string" || token.length > 2048 || !/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/.test(token))
    return bad("this unsubscribe link is not valid; nothing was changed");
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtDecrypt(token, keyOf(secret), {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
      currentDate: now,
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired)
      return bad("this unsubscribe link has expired; nothing was changed");
    return bad("this unsubscribe link is not valid (it was altered or is not ours); nothing was changed");
  }
  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) return bad("this unsubscribe link is not valid; nothing was changed");
  return ok({
    email: claims.data.e,
    list: claims.data.l,
    issuedAt: new Date(claims.data.iat * 1000),
    expiresAt: new Date(claims.data.exp * 1000),
  });
}
