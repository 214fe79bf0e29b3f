import { createHash, randomBytes } from "node:crypto";
import { fail, ok, type Result } from "@loupe/core";
import type { Kysely } from "kysely";
import { loupeError } from "../errors/http-errors.js";
import { normaliseEmail } from "./normalise-email.js";

/** The stored side of an e-mailed link: only the token's hash, never the token. */
export interface LinkTokenTable {
  token_hash: string;
  purpose: string;
  email: string;
  customer_id: string | null;
  created_at: Date | string;
  expires_at: Date | string;
}

/** Any Kysely whose schema has `identity_link_tokens` (the store's `LoupeDb` qualifies after migration). */
// biome-ignore lint/suspicious/noExplicitAny: callers pass the store's typed Kysely
type AnyDb = Kysely<any>;
const tokens = (db: AnyDb) => db.withTables<{ identity_link_tokens: LinkTokenTable }>();

/** What a link was issued for: the person's address and, when the shop said so, its customer id. */
export interface LinkHolder {
  purpose: string;
  email: string;
  customerId: string | null;
  expiresAt: Date;
}

/** Default lifetime of a preference-centre link. */
export const LINK_TTL_MS = 7 * 24 * 3600 * 1000;

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Issues an opaque link token (32 random bytes, base64url) for one purpose — `preferences` for the
 * preference centre; the rights workflow uses its own purposes (e.g. `verify-request`). Only the token's
 * SHA-256 is stored, with the address, the optional customer id and the expiry; a token for one purpose is
 * refused for any other. Expired tokens are swept as new ones are issued.
 *
 * @example
 * const { token, expiresAt } = await issueLinkToken(db, { purpose: "preferences", email: "ada@example.com" });
 * const url = `${publicUrl}/preferences/manage?t=${token}`; // e-mail it; never log it
 */
export async function issueLinkToken(
  db: AnyDb,
  holder: { purpose: string; email: string; customerId?: string | undefined },
  options: { now?: Date; ttlMs?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? LINK_TTL_MS));
  const token = randomBytes(32).toString("base64url");
  await tokens(db)
    .deleteFrom("identity_link_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 24 * 3600 * 1000))
    .execute();
  await tokens(db)
    .insertInto("identity_link_tokens")
    .values({
      token_hash: hashOf(token),
      purpose: holder.purpose,
      email: normaliseEmail(holder.email),
      customer_id: holder.customerId ?? null,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * Reads a link token for a purpose: UNAUTHORIZED when it is malformed, unknown, issued for another purpose
 * or expired at `now` (the messages say which, without telling apart unknown and wrong-purpose tokens).
 * A token stays usable until it expires, so the person can come back to the same page.
 *
 * @example
 * const r = await readLinkToken(db, token, "preferences", new Date());
 * if (r.ok) r.value.email; // "ada@example.com"
 */
export async function readLinkToken(
  db: AnyDb,
  token: string,
  purpose: string,
  now: Date,
): Promise<Result<LinkHolder>> {
  if (typeof token !== "string" || !TOKEN_RE.test(token))
    return fail(loupeError("UNAUTHORIZED", "the link is not valid: request a new one"));
  const row = await tokens(db)
    .selectFrom("identity_link_tokens")
    .selectAll()
    .where("token_hash", "=", hashOf(token))
    .executeTakeFirst();
  if (!row || row.purpose !== purpose)
    return fail(loupeError("UNAUTHORIZED", "the link is not valid: request a new one"));
  const expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= now.getTime())
    return fail(loupeError("UNAUTHORIZED", "the link has expired: request a new one"));
  return ok({ purpose: row.purpose, email: row.email, customerId: row.customer_id, expiresAt });
}

/**
 * Ends a link token before its expiry (e.g. after a one-time use by the rights workflow). Returns whether
 * a token was removed.
 *
 * @example
 * await revokeLinkToken(db, token); // true
 */
export async function revokeLinkToken(db: AnyDb, token: string): Promise<boolean> {
  if (!TOKEN_RE.test(token)) return false;
  const r = await tokens(db)
    .deleteFrom("identity_link_tokens")
    .where("token_hash", "=", hashOf(token))
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
