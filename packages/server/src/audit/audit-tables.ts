import { type ColumnType, type Kysely, type Migration, sql } from "kysely";

/** One entry of the audit log: append-only, hash-chained (see `audit-hash.ts`). */
export interface AuditLogTable {
  /** Position in the chain: 1, 2, 3… without gaps. */
  id: ColumnType<string, string | number, never>;
  at: ColumnType<Date, Date | string, never>;
  actor: string;
  action: string;
  target: string | null;
  data: ColumnType<AuditData, string, never>;
  prev_hash: string;
  hash: string;
}

/** What an audit entry may carry besides actor, action and target: ids, hashes, counts and flags only. */
export type AuditData = Record<string, string | number | boolean | null>;

export type AuditTables = {
  audit_log: AuditLogTable;
};

/** The advisory lock that serialises appends to the audit chain across processes ("Audt"). */
export const AUDIT_LOCK_ID = 0x41756474;

/** The audit log's schema, spread into the store's `MIGRATIONS`. */
export const AUDIT_MIGRATIONS: Record<string, Migration> = {
  "0012-audit-log": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table audit_log (
          id bigint primary key check (id > 0),
          at timestamptz not null,
          actor text not null,
          action text not null,
          target text,
          data jsonb not null,
          prev_hash text not null,
          hash text not null unique
        )`.execute(db);
      await sql`create index audit_log_action on audit_log (action, id)`.execute(db);
      await sql`
        create function audit_log_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'the audit log is append-only: % is not allowed', tg_op
            using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`
        create trigger audit_log_no_change before update or delete on audit_log
        for each row execute function audit_log_append_only()`.execute(db);
      await sql`
        create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function audit_log_append_only()`.execute(db);
    },
  },
};
