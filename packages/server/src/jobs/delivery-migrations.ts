import { type Kysely, type Migration, sql } from "kysely";

/**
 * The tables of outgoing things: the mail outbox (0003), webhook endpoints, events and deliveries (0005),
 * and the suppression list (0007). Spread into `MIGRATIONS` (`store/migrations.ts`).
 */
export const DELIVERY_MIGRATIONS: Record<string, Migration> = {
  "0003-mail-outbox": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table mail_outbox (
          id uuid primary key,
          kind text not null,
          to_address text not null,
          subject text not null,
          text_body text not null,
          html_body text,
          headers jsonb not null default '{}',
          status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'kept', 'failed')),
          attempts integer not null default 0,
          next_attempt_at timestamptz not null default now(),
          lease_until timestamptz,
          last_error text,
          created_at timestamptz not null default now(),
          sent_at timestamptz
        )`.execute(db);
      await sql`create index mail_outbox_created on mail_outbox (created_at desc)`.execute(db);
      await sql`create index mail_outbox_due on mail_outbox (next_attempt_at) where status in ('queued', 'sending')`.execute(
        db,
      );
    },
  },
  "0005-webhooks": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table webhook_endpoints (
          id uuid primary key,
          url text not null,
          secret text not null,
          types text[],
          description text,
          enabled boolean not null default true,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`
        create table webhook_events (
          id text primary key,
          seq bigserial unique,
          type text not null,
          subject text not null,
          data jsonb not null,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`
        create table webhook_deliveries (
          id bigserial primary key,
          event_id text not null references webhook_events (id) on delete cascade,
          event_seq bigint not null,
          endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
          subject text not null,
          status text not null default 'pending' check (status in ('pending', 'delivered')),
          attempts integer not null default 0,
          next_attempt_at timestamptz not null default now(),
          last_attempt_at timestamptz,
          last_status integer,
          last_error text,
          delivered_at timestamptz,
          unique (event_id, endpoint_id)
        )`.execute(db);
      await sql`create index webhook_deliveries_stream on webhook_deliveries (endpoint_id, subject, event_seq) where status = 'pending'`.execute(
        db,
      );
      await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(
        db,
      );
      await sql`
        create table webhook_streams (
          endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
          subject text not null,
          lease_until timestamptz,
          primary key (endpoint_id, subject)
        )`.execute(db);
    },
  },
  "0007-suppression-list": {
    async up(db: Kysely<unknown>) {
      await sql`create sequence suppression_changes`.execute(db);
      await sql`
        create table suppressions (
          id bigserial primary key,
          key_kind text not null check (key_kind in ('email', 'phone', 'address')),
          key_hash bytea not null,
          channel text not null check (channel in ('email', 'sms', 'phone', 'post', 'all')),
          scope text not null,
          source text not null,
          received_at timestamptz not null,
          effective_at timestamptz not null,
          lifted_at timestamptz,
          change_seq bigint not null default nextval('suppression_changes'),
          updated_at timestamptz not null default now(),
          unique (key_hash, key_kind, channel, scope)
        )`.execute(db);
      await sql`create index suppressions_changes on suppressions (change_seq)`.execute(db);
      await sql`
        create table suppression_key (
          id integer primary key check (id = 1),
          fingerprint bytea,
          stored_key bytea,
          created_at timestamptz not null default now(),
          check ((fingerprint is null) <> (stored_key is null))
        )`.execute(db);
    },
  },
};
