import { type ColumnType, type Generated, type Kysely, type Migration, sql } from "kysely";
import type { LoupeDb } from "../store/database.js";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** One rights request (regulations.md C2): who asked for what, how it was verified, its clock and outcome. */
export interface RightsRequestTable {
  id: string;
  kind: string;
  status: string;
  jurisdictions: string[];
  channel: string;
  requester_role: string;
  /** Keyed hash of the normalised e-mail address: duplicates and frequency limits without reading addresses. */
  email_hash: string;
  /** Where the answer goes (the consumer's address, or the agent's for an agent request). */
  contact_email: string;
  /** The identities handed to the rights engine ({ email, phone?, customerId? }). */
  subject: Json<{ email?: string; phone?: string; customerId?: string }>;
  details: Json<Record<string, unknown>>;
  language: string;
  verification_level: string;
  verified_at: NullableTimestamp;
  received_at: Timestamp;
  acknowledge_by: string | null;
  acknowledged_at: NullableTimestamp;
  due_on: string;
  max_extended_due_on: string | null;
  extension_notice_by: string | null;
  extended_until: string | null;
  extension_reason: string | null;
  appeal_days: number | null;
  requires_approval: boolean;
  approved_at: NullableTimestamp;
  responded_at: NullableTimestamp;
  denial_basis: string | null;
  result: Json<unknown> | null;
  parent_id: string | null;
  status_token_hash: string;
  purge_after: NullableTimestamp;
}

/** The append-only timeline of a request. */
export interface RightsEventTable {
  id: Generated<string>;
  request_id: string;
  at: Timestamp;
  actor: string;
  type: string;
  detail: Json<Record<string, unknown>>;
}

/** A pending proof of control of an e-mail address, and the extra data given for matching (purged after). */
export interface RightsVerificationTable {
  request_id: string;
  code_hash: string;
  expires_at: Timestamp;
  attempts: number;
  consumed_at: NullableTimestamp;
  /** Data points and the declaration given on the form, kept only until verification ends. */
  evidence: Json<Record<string, unknown>> | null;
}

/** A staff task the engine could not do itself (a provider without an API). */
export interface RightsTaskTable {
  request_id: string;
  task_id: string;
  system: string;
  description: string;
  completed_at: NullableTimestamp;
  note: string | null;
}

/** An encrypted file attached to a request: the access package, an agent's signed permission. */
export interface RightsFileTable {
  request_id: string;
  kind: string;
  name: string;
  media_type: string;
  /** AES-256-GCM: 12-byte IV ‖ ciphertext ‖ 16-byte tag. */
  sealed: Buffer;
  created_at: Timestamp;
}

/** A download link for an access package: hashed, expiring, single-use. */
export interface RightsDownloadTable {
  token_hash: string;
  request_id: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

/** Secrets the rights workflow keeps when none is configured (the embedded default). */
export interface RightsSettingTable {
  key: string;
  value: string;
}

export type RightsTables = {
  rights_requests: RightsRequestTable;
  rights_events: RightsEventTable;
  rights_verifications: RightsVerificationTable;
  rights_tasks: RightsTaskTable;
  rights_files: RightsFileTable;
  rights_downloads: RightsDownloadTable;
  rights_settings: RightsSettingTable;
};

export type RightsDb = Kysely<RightsTables>;

/**
 * The rights tables over Loupe's store.
 *
 * @example
 * const rdb = rightsDb(store.db);
 * await rdb.selectFrom("rights_requests").selectAll().execute();
 */
export function rightsDb(db: LoupeDb): RightsDb {
  return db.withTables<RightsTables>() as unknown as RightsDb;
}

/** The rights workflow's schema, spread into the store's `MIGRATIONS`. */
export const RIGHTS_MIGRATIONS: Record<string, Migration> = {
  "0004-rights-requests": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table rights_requests (
          id text primary key,
          kind text not null,
          status text not null,
          jurisdictions text[] not null,
          channel text not null,
          requester_role text not null check (requester_role in ('self', 'authorized_agent', 'parent_guardian')),
          email_hash text not null,
          contact_email text not null,
          subject jsonb not null,
          details jsonb not null default '{}',
          language text not null,
          verification_level text not null,
          verified_at timestamptz,
          received_at timestamptz not null,
          acknowledge_by text,
          acknowledged_at timestamptz,
          due_on text not null,
          max_extended_due_on text,
          extension_notice_by text,
          extended_until text,
          extension_reason text,
          appeal_days integer,
          requires_approval boolean not null default false,
          approved_at timestamptz,
          responded_at timestamptz,
          denial_basis text,
          result jsonb,
          parent_id text references rights_requests (id) on delete set null,
          status_token_hash text not null,
          purge_after timestamptz
        )`.execute(db);
      await sql`create index rights_requests_due on rights_requests (status, due_on)`.execute(db);
      await sql`create index rights_requests_email on rights_requests (email_hash, kind, received_at)`.execute(
        db,
      );
      await sql`create index rights_requests_purge on rights_requests (purge_after)`.execute(db);
      await sql`
        create table rights_events (
          id bigserial primary key,
          request_id text not null references rights_requests (id) on delete cascade,
          at timestamptz not null,
          actor text not null,
          type text not null,
          detail jsonb not null default '{}'
        )`.execute(db);
      await sql`create index rights_events_request on rights_events (request_id, id)`.execute(db);
      await sql`
        create table rights_verifications (
          request_id text primary key references rights_requests (id) on delete cascade,
          code_hash text not null,
          expires_at timestamptz not null,
          attempts integer not null default 0,
          consumed_at timestamptz,
          evidence jsonb
        )`.execute(db);
      await sql`
        create table rights_tasks (
          request_id text not null references rights_requests (id) on delete cascade,
          task_id text not null,
          system text not null,
          description text not null,
          completed_at timestamptz,
          note text,
          primary key (request_id, task_id)
        )`.execute(db);
      await sql`
        create table rights_files (
          request_id text not null references rights_requests (id) on delete cascade,
          kind text not null,
          name text not null,
          media_type text not null,
          sealed bytea not null,
          created_at timestamptz not null,
          primary key (request_id, kind)
        )`.execute(db);
      await sql`
        create table rights_downloads (
          token_hash text primary key,
          request_id text not null references rights_requests (id) on delete cascade,
          expires_at timestamptz not null,
          used_at timestamptz
        )`.execute(db);
      await sql`create table rights_settings (key text primary key, value text not null)`.execute(db);
    },
  },
};
