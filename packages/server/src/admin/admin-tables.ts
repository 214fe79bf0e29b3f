import { type ColumnType, type Kysely, type Migration, sql } from "kysely";
import { AUDIT_MIGRATIONS, type AuditTables } from "../audit/audit-tables.js";
import type { Database } from "../store/database.js";
import type { Role } from "./permissions.js";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A member of staff who may sign in to the console. */
export interface AdminUserTable {
  id: string;
  /** Lower-cased; the sign-in name. */
  email: string;
  role: ColumnType<Role, Role, Role>;
  /** argon2id PHC string; the password itself is never stored. */
  password_hash: string;
  created_at: Timestamp;
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A signed-in console session: only the SHA-256 of its cookie value is stored. */
export interface AdminSessionTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** The absolute end of the session, whatever its activity. */
  expires_at: Timestamp;
}

export type AdminTables = {
  admin_users: AdminUserTable;
  admin_sessions: AdminSessionTable;
};

/** Loupe's store with the console's tables (admin accounts, sessions, audit log). */
export type ConsoleDb = Kysely<Database & AdminTables & AuditTables>;

/**
 * The console's tables over Loupe's store.
 *
 * @example
 * const cdb = consoleDb(store.db);
 * await cdb.selectFrom("admin_users").select("id").execute();
 */
export function consoleDb(db: Kysely<Database>): ConsoleDb {
  return db.withTables<AdminTables & AuditTables>();
}

/** The audit log (0012) and the console's accounts and sessions (0014), spread into the store's `MIGRATIONS`. */
export const CONSOLE_MIGRATIONS: Record<string, Migration> = {
  ...AUDIT_MIGRATIONS,
  "0014-admin-accounts": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table admin_users (
          id text primary key,
          email text not null unique check (email = lower(email)),
          role text not null check (role in ('admin', 'analyst', 'viewer')),
          password_hash text not null check (password_hash like '$argon2id$%'),
          created_at timestamptz not null,
          disabled_at timestamptz
        )`.execute(db);
      await sql`
        create table admin_sessions (
          token_hash text primary key,
          user_id text not null references admin_users (id) on delete cascade,
          created_at timestamptz not null,
          last_seen_at timestamptz not null,
          expires_at timestamptz not null
        )`.execute(db);
      await sql`create index admin_sessions_user on admin_sessions (user_id)`.execute(db);
      await sql`create index admin_sessions_expires on admin_sessions (expires_at)`.execute(db);
    },
  },
};
