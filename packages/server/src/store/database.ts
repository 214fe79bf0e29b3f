import type { ColumnType, Generated, Kysely } from "kysely";

/** One consent receipt: append-only, hash-chained (see `consent/receipt-hash.ts`). */
export interface ConsentReceiptTable {
  /** Position in the chain: 1, 2, 3… without gaps. */
  id: ColumnType<string, string | number | bigint, never>;
  visitor_id: string | null;
  customer_id: string | null;
  granted: string[];
  denied: string[];
  action: string;
  source: string;
  gpc: boolean;
  dnt: boolean;
  regime: string;
  region: string;
  notice_version: string;
  config_hash: string;
  language: string | null;
  ip_truncated: string | null;
  user_agent: string | null;
  server_time: ColumnType<Date, Date | string, never>;
  prev_hash: string;
  hash: string;
}

/** A visitor id seen on a customer's login. */
export interface ConsentLinkTable {
  visitor_id: string;
  customer_id: string;
  linked_at: ColumnType<Date, Date | string | undefined, never>;
}

/** The first result of each idempotency key, replayed for repeated requests. */
export interface ConsentIdempotencyTable {
  key: string;
  request_hash: string;
  response: ColumnType<unknown, string, never>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** Every published version of the privacy notice. */
export interface NoticeVersionTable {
  version: string;
  format: string;
  last_updated: string;
  content: string;
  published_at: ColumnType<Date, Date | string | undefined, never>;
  seq: Generated<number>;
}

/** Loupe's own store. */
export interface Database {
  consent_receipts: ConsentReceiptTable;
  consent_links: ConsentLinkTable;
  consent_idempotency: ConsentIdempotencyTable;
  notice_versions: NoticeVersionTable;
}

export type LoupeDb = Kysely<Database>;
