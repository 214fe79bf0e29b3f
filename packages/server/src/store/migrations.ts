import { LoupeError } from "@loupe/core";
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { CONSOLE_MIGRATIONS } from "../admin/admin-tables.js";
import { CONSENT_MIGRATIONS } from "../consent/consent-migrations.js";
import { DELIVERY_MIGRATIONS } from "../jobs/delivery-migrations.js";
import { PREFERENCE_MIGRATIONS } from "../preferences/preference-migrations.js";
import { RIGHTS_MIGRATIONS } from "../requests/rights-tables.js";

/**
 * Loupe's schema as code, in order. Each migration runs once, inside a transaction; the Migrator takes a
 * lock so that several processes starting together apply it only once.
 */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-consent-ledger": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table consent_receipts (
          id bigint primary key check (id > 0),
          visitor_id text,
          customer_id text,
          granted text[] not null,
          denied text[] not null,
          action text not null check (action in ('accept-all', 'reject-all', 'save', 'withdraw', 'gpc')),
          source text not null check (source in ('banner', 'dialog', 'preference-centre', 'api', 'signal')),
          gpc boolean not null,
          dnt boolean not null,
          regime text not null check (regime in ('opt-in', 'opt-out')),
          region text not null,
          notice_version text not null,
          config_hash text not null,
          language text,
          ip_truncated text,
          user_agent text,
          server_time timestamptz not null,
          prev_hash text not null,
          hash text not null unique,
          check (visitor_id is not null or customer_id is not null)
        )`.execute(db);
      await sql`create index consent_receipts_visitor on consent_receipts (visitor_id, id)`.execute(db);
      await sql`create index consent_receipts_customer on consent_receipts (customer_id, id)`.execute(db);
      await sql`
        create function consent_receipts_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'consent receipts are append-only: % is not allowed', tg_op
            using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`
        create trigger consent_receipts_no_change before update or delete on consent_receipts
        for each row execute function consent_receipts_append_only()`.execute(db);
      await sql`
        create trigger consent_receipts_no_truncate before truncate on consent_receipts
        for each statement execute function consent_receipts_append_only()`.execute(db);
      await sql`
        create table consent_links (
          visitor_id text not null,
          customer_id text not null,
          linked_at timestamptz not null default now(),
          primary key (visitor_id, customer_id)
        )`.execute(db);
      await sql`create index consent_links_customer on consent_links (customer_id)`.execute(db);
      await sql`
        create table consent_idempotency (
          key text primary key,
          request_hash text not null,
          response jsonb not null,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`
        create table notice_versions (
          version text primary key,
          format text not null,
          last_updated text not null,
          content text not null,
          published_at timestamptz not null default now(),
          seq bigserial not null
        )`.execute(db);
    },
  },
  "0002-consent-chain-guard": {
    async up(db: Kysely<unknown>) {
      // Lets a writer send a whole append in one round trip: it states where it expects the chain to end and
      // whether any of its idempotency keys is already stored; a mismatch raises and rolls the append back,
      // and the writer retries after reading the chain's end and the stored keys.
      await sql`
        create function consent_chain_guard(expected text, keys_used boolean) returns boolean language plpgsql as $$
        declare
          tip text;
        begin
          select id::text || ':' || hash into tip from consent_receipts order by id desc limit 1;
          if tip is distinct from expected then
            raise exception 'the consent chain moved' using errcode = 'LP001';
          end if;
          if keys_used then
            raise exception 'an idempotency key was used before' using errcode = 'LP002';
          end if;
          return true;
        end $$`.execute(db);
    },
  },
  ...CONSENT_MIGRATIONS,
  ...DELIVERY_MIGRATIONS,
  ...PREFERENCE_MIGRATIONS,
  ...RIGHTS_MIGRATIONS,
  ...CONSOLE_MIGRATIONS,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Applies every pending migration. Throws a `LoupeError` (INTERNAL) naming the migration that failed.
 *
 * @example
 * await migrateToLatest(db);
 */
// biome-ignore lint/suspicious/noExplicitAny: the Migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: "loupe_migrations",
    migrationLockTableName: "loupe_migrations_lock",
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LoupeError("INTERNAL", `migration ${failed?.migrationName ?? "(setup)"} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
