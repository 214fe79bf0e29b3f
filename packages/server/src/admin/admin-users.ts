import { randomUUID } from "node:crypto";
import { fail, LoupeError, ok, type Result } from "@loupe/core";
import { type Selectable, sql } from "kysely";
import { z } from "zod";
import { appendAudit } from "../audit/append-audit.js";
import type { AdminUserTable, ConsoleDb } from "./admin-tables.js";
import { checkPassword, hashPassword, verifyPassword } from "./passwords.js";
import { isRole, type Role } from "./permissions.js";

export type AdminUser = Selectable<AdminUserTable>;

const EmailSchema = z.email().max(254);

/**
 * A staff e-mail address as stored: trimmed and lower-cased, or an INVALID_REQUEST naming the field.
 *
 * @example
 * normaliseStaffEmail(" Ana@Shop.Example ").ok; // true, value "ana@shop.example"
 */
export function normaliseStaffEmail(value: string, field = "email"): Result<string> {
  const email = value.trim().toLowerCase();
  if (!EmailSchema.safeParse(email).success)
    return fail(new LoupeError("INVALID_REQUEST", `${field}: must be an e-mail address`, { path: field }));
  return ok(email);
}

/**
 * Creates a console account with an argon2id password hash and records `user.create` in the audit log
 * (the account's id and role, never its address). CONFLICT when the address is taken.
 *
 * @example
 * const r = await createAdminUser(db, { email: "ana@shop.example", role: "admin", password: "a long passphrase" });
 * if (r.ok) r.value.id;
 */
export async function createAdminUser(
  db: ConsoleDb,
  input: { email: string; role: string; password: string },
  options: { actor?: string; now?: () => Date } = {},
): Promise<Result<AdminUser>> {
  const email = normaliseStaffEmail(input.email);
  if (!email.ok) return email;
  if (!isRole(input.role))
    return fail(
      new LoupeError("INVALID_REQUEST", "role: must be admin, analyst or viewer", { path: "role" }),
    );
  const password = checkPassword(input.password);
  if (!password.ok) return password;
  const passwordHash = await hashPassword(password.value);
  const now = (options.now ?? (() => new Date()))();
  const row = {
    id: randomUUID(),
    email: email.value,
    role: input.role,
    password_hash: passwordHash,
    created_at: now,
    disabled_at: null,
  };
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("admin_users")
      .values(row)
      .onConflict((oc) => oc.column("email").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted)
      return fail<AdminUser>(
        new LoupeError("CONFLICT", "email: an account with this address exists already", { path: "email" }),
      );
    await appendAudit(
      trx,
      {
        actor: options.actor ?? "system",
        action: "user.create",
        target: `user:${row.id}`,
        data: { role: row.role },
      },
      { now: () => now },
    );
    return ok(inserted);
  });
}

/**
 * Creates the first admin from `LOUPE_ADMIN_EMAIL` and `LOUPE_ADMIN_PASSWORD` when the store has no admin
 * account yet; does nothing otherwise (the variables never overwrite an existing account). Returns whether
 * an account was created; throws USAGE when the variables are invalid.
 *
 * @example
 * await ensureFirstAdmin(db, { email: process.env.LOUPE_ADMIN_EMAIL, password: process.env.LOUPE_ADMIN_PASSWORD });
 */
export async function ensureFirstAdmin(
  db: ConsoleDb,
  first: { email: string | undefined; password: string | undefined },
  options: { now?: () => Date } = {},
): Promise<boolean> {
  if (!first.email || !first.password) return false;
  const existing = await db
    .selectFrom("admin_users")
    .select("id")
    .where("role", "=", "admin")
    .limit(1)
    .execute();
  if (existing.length) return false;
  const r = await createAdminUser(
    db,
    { email: first.email, role: "admin", password: first.password },
    options,
  );
  if (r.ok) return true;
  const err = r.errors[0];
  if (err?.code === "CONFLICT") return false;
  throw new LoupeError(
    "USAGE",
    `LOUPE_ADMIN_${err?.location?.path === "email" ? "EMAIL" : "PASSWORD"}: ${err?.message ?? "invalid"}`,
  );
}

/**
 * Every console account, admins first, then by address.
 *
 * @example
 * const users = await listAdminUsers(db);
 */
export function listAdminUsers(db: ConsoleDb): Promise<AdminUser[]> {
  return db
    .selectFrom("admin_users")
    .selectAll()
    .orderBy(sql`case role when 'admin' then 0 when 'analyst' then 1 else 2 end`)
    .orderBy("email")
    .execute();
}

/**
 * Changes an account's role or disables/enables it, and records it in the audit log in the same transaction.
 * Refuses (CONFLICT) to leave the console without an enabled admin; NOT_FOUND for an unknown id.
 *
 * @example
 * await updateAdminUser(db, id, { role: "viewer" }, { actor: `staff:${me.id}` });
 */
export async function updateAdminUser(
  db: ConsoleDb,
  id: string,
  change: { role: Role } | { disabled: boolean },
  options: { actor: string; now?: () => Date },
): Promise<Result<AdminUser>> {
  const now = (options.now ?? (() => new Date()))();
  return db.transaction().execute(async (trx) => {
    // Serialise account changes so that two admins cannot demote each other at once.
    await trx.selectFrom("admin_users").select("id").where("role", "=", "admin").forUpdate().execute();
    const user = await trx.selectFrom("admin_users").selectAll().where("id", "=", id).executeTakeFirst();
    if (!user) return fail<AdminUser>(new LoupeError("NOT_FOUND", "no such account"));
    const next = {
      role: "role" in change ? change.role : user.role,
      disabled_at:
        "disabled" in change ? (change.disabled ? (user.disabled_at ?? now) : null) : user.disabled_at,
    };
    if (user.role === "admin" && !user.disabled_at && (next.role !== "admin" || next.disabled_at)) {
      const others = await trx
        .selectFrom("admin_users")
        .select("id")
        .where("role", "=", "admin")
        .where("disabled_at", "is", null)
        .where("id", "!=", id)
        .limit(1)
        .execute();
      if (!others.length)
        return fail<AdminUser>(
          new LoupeError("CONFLICT", "the console must keep at least one enabled admin"),
        );
    }
    const updated = await trx
      .updateTable("admin_users")
      .set(next)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (next.disabled_at) await trx.deleteFrom("admin_sessions").where("user_id", "=", id).execute();
    const action = "role" in change ? "user.role" : change.disabled ? "user.disable" : "user.enable";
    await appendAudit(
      trx,
      { actor: options.actor, action, target: `user:${id}`, data: { role: updated.role, before: user.role } },
      { now: () => now },
    );
    return ok(updated);
  });
}

/**
 * Changes one's own password: checks the current one, stores the argon2id hash of the new one, ends the
 * account's other sessions and records `user.password`. INVALID_REQUEST naming the field otherwise.
 *
 * @example
 * await changePassword(db, me.id, { current: "old passphrase…", next: "new passphrase…" }, { keepSession: session.tokenHash });
 */
export async function changePassword(
  db: ConsoleDb,
  userId: string,
  passwords: { current: string; next: string; confirm: string },
  options: { keepSession: string; now?: () => Date },
): Promise<Result<void>> {
  const user = await db.selectFrom("admin_users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!user || !(await verifyPassword(user.password_hash, passwords.current)))
    return fail(
      new LoupeError("INVALID_REQUEST", "current password: it is not your password", { path: "current" }),
    );
  const next = checkPassword(passwords.next, "new password");
  if (!next.ok) return next;
  if (passwords.confirm !== passwords.next)
    return fail(
      new LoupeError("INVALID_REQUEST", "confirm: the two new passwords differ", { path: "confirm" }),
    );
  const hash = await hashPassword(next.value);
  const now = (options.now ?? (() => new Date()))();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("admin_users").set({ password_hash: hash }).where("id", "=", userId).execute();
    const ended = await trx
      .deleteFrom("admin_sessions")
      .where("user_id", "=", userId)
      .where("token_hash", "!=", options.keepSession)
      .executeTakeFirst();
    await appendAudit(
      trx,
      {
        actor: `staff:${userId}`,
        action: "user.password",
        target: `user:${userId}`,
        data: { endedSessions: Number(ended.numDeletedRows) },
      },
      { now: () => now },
    );
  });
  return ok(undefined);
}
