import { createHash, randomBytes } from "node:crypto";
import type { ConsoleDb } from "./admin-tables.js";
import type { AdminUser } from "./admin-users.js";

/** How long a session lives without activity, and at most. */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** A live session and its account. */
export interface StaffSession {
  user: AdminUser;
  tokenHash: string;
  /** The per-session token every console form carries. */
  csrf: string;
  expiresAt: Date;
}

/**
 * SHA-256 (hex) of a session token: the only form in which the store keeps it.
 *
 * @example
 * sessionTokenHash("k7…").length; // 64
 */
export function sessionTokenHash(token: string): string {
  return createHash("sha256").update(`session:${token}`, "utf8").digest("hex");
}

/**
 * The CSRF token of a session: derived from the session token one way, so it is never stored and reveals
 * nothing of the cookie.
 *
 * @example
 * csrfTokenOf(token); // "Zx3…" (43 characters)
 */
export function csrfTokenOf(token: string): string {
  return createHash("sha256").update(`csrf:${token}`, "utf8").digest("base64url");
}

/**
 * Starts a session for an account: returns the opaque token for the cookie (256 random bits) and stores only
 * its hash, with the absolute expiry.
 *
 * @example
 * const { token } = await createSession(db, user.id, new Date(), limits);
 */
export async function createSession(
  db: ConsoleDb,
  userId: string,
  now: Date,
  limits: SessionLimits,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + limits.absoluteMs);
  await db
    .insertInto("admin_sessions")
    .values({
      token_hash: sessionTokenHash(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * The session of a cookie token, or undefined when unknown, idle for longer than `idleMs`, past its absolute
 * expiry or of a disabled account (an expired session is deleted). Marks activity at most once a minute.
 *
 * @example
 * const session = await readSession(db, cookieToken, new Date(), limits);
 */
export async function readSession(
  db: ConsoleDb,
  token: string | undefined,
  now: Date,
  limits: SessionLimits,
): Promise<StaffSession | undefined> {
  if (!token || token.length > 128) return undefined;
  const tokenHash = sessionTokenHash(token);
  const row = await db
    .selectFrom("admin_sessions as s")
    .innerJoin("admin_users as u", "u.id", "s.user_id")
    .select(["s.last_seen_at", "s.expires_at"])
    .selectAll("u")
    .where("s.token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const t = now.getTime();
  const lastSeen = new Date(row.last_seen_at).getTime();
  const expiresAt = new Date(row.expires_at);
  if (row.disabled_at || t >= expiresAt.getTime() || t - lastSeen >= limits.idleMs) {
    await db.deleteFrom("admin_sessions").where("token_hash", "=", tokenHash).execute();
    return undefined;
  }
  if (t - lastSeen >= 60_000)
    await db
      .updateTable("admin_sessions")
      .set({ last_seen_at: now })
      .where("token_hash", "=", tokenHash)
      .execute();
  const { last_seen_at: _seen, expires_at: _expires, ...user } = row;
  return { user, tokenHash, csrf: csrfTokenOf(token), expiresAt };
}

/**
 * Ends a session (logout).
 *
 * @example
 * await deleteSession(db, session.tokenHash);
 */
export async function deleteSession(db: ConsoleDb, tokenHash: string): Promise<void> {
  await db.deleteFrom("admin_sessions").where("token_hash", "=", tokenHash).execute();
}

/**
 * Deletes sessions past their absolute expiry or idle limit; returns how many.
 *
 * @example
 * await purgeSessions(db, new Date(), limits);
 */
export async function purgeSessions(db: ConsoleDb, now: Date, limits: SessionLimits): Promise<number> {
  const r = await db
    .deleteFrom("admin_sessions")
    .where((eb) =>
      eb.or([eb("expires_at", "<=", now), eb("last_seen_at", "<=", new Date(now.getTime() - limits.idleMs))]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
