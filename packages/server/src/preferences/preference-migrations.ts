import { type Kysely, type Migration, sql } from "kysely";
import { IDENTITY_MIGRATIONS } from "../identity/identity-migrations.js";

/**
 * The preference centre's tables, merged into the store's `MIGRATIONS`: signed links (identity) and the
 * append-only, hash-chained preference receipts.
 */
export const PREFERENCE_MIGRATIONS: Record<string, Migration> = {
  ...IDENTITY_MIGRATIONS,
  "0011-preference-receipts": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table preference_receipts (
          id bigserial primary key,
          subject text not null check (subject ~ '^(e:[0-9a-f]{64}|b:[A-Za-z0-9_-]{8,64})$'),
          customer_id text,
          action text not null check (action in ('save', 'object', 'opt-out', 'unsubscribe', 'gpc')),
          source text not null check (source in ('preference-centre', 'opt-out-page', 'one-click', 'link', 'signal')),
          changes jsonb not null,
          gpc boolean not null,
          notice_version text not null,
          ip_truncated text,
          user_agent text,
          server_time timestamptz not null,
          prev_hash text not null,
          hash text not null unique
        )`.execute(db);
      await sql`create index preference_receipts_subject on preference_receipts (subject, id)`.execute(db);
      await sql`
        create function preference_receipts_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'preference receipts are append-only: % is not allowed', tg_op
            using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`
        create trigger preference_receipts_no_change before update or delete on preference_receipts
        for each row execute function preference_receipts_append_only()`.execute(db);
      await sql`
        create trigger preference_receipts_no_truncate before truncate on preference_receipts
        for each statement execute function preference_receipts_append_only()`.execute(db);
    },
  },
};
