import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** One outgoing e-mail: always kept here, delivered by SMTP when configured. */
export interface MailOutboxTable {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: ColumnType<Record<string, string>, string, string>;
  /** queued → sending → sent; `kept` without SMTP; `failed` after the last attempt. */
  status: ColumnType<"queued" | "sending" | "sent" | "kept" | "failed", string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  lease_until: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

/** A receiver of signed webhooks. */
export interface WebhookEndpointTable {
  id: string;
  url: string;
  /** `whsec_` + base64 key; needed in clear to sign, so it is never returned after creation. */
  secret: string;
  /** Event types delivered; null for every type. */
  types: string[] | null;
  description: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

/** One emitted event (its id is the `webhook-id` of every delivery). */
export interface WebhookEventTable {
  id: string;
  seq: Generated<string>;
  type: string;
  subject: string;
  data: ColumnType<Record<string, unknown>, string, never>;
  created_at: Timestamp;
}

/** One event for one endpoint, delivered in `event_seq` order per (endpoint, subject). */
export interface WebhookDeliveryTable {
  id: Generated<string>;
  event_id: string;
  event_seq: ColumnType<string, string | number | bigint, never>;
  endpoint_id: string;
  subject: string;
  status: ColumnType<"pending" | "delivered", string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_attempt_at: NullableTimestamp;
  last_status: number | null;
  last_error: string | null;
  delivered_at: NullableTimestamp;
}

/** A lease on one (endpoint, subject) stream, so that one worker at a time delivers it in order. */
export interface WebhookStreamTable {
  endpoint_id: string;
  subject: string;
  lease_until: NullableTimestamp;
}

/** One suppressed identifier (keyed hash) for a channel and scope. */
export interface SuppressionTable {
  id: Generated<string>;
  key_kind: "email" | "phone" | "address";
  key_hash: Buffer;
  channel: "email" | "sms" | "phone" | "post" | "all";
  scope: string;
  source: string;
  received_at: Timestamp;
  effective_at: Timestamp;
  lifted_at: NullableTimestamp;
  change_seq: Generated<string>;
  updated_at: Timestamp;
}

/** The suppression list's hash key: a generated key, or the fingerprint of `LOUPE_SUPPRESSION_KEY`. */
export interface SuppressionKeyTable {
  id: number;
  fingerprint: Buffer | null;
  stored_key: Buffer | null;
  created_at: Timestamp;
}

declare module "../store/database.js" {
  interface Database {
    mail_outbox: MailOutboxTable;
    webhook_endpoints: WebhookEndpointTable;
    webhook_events: WebhookEventTable;
    webhook_deliveries: WebhookDeliveryTable;
    webhook_streams: WebhookStreamTable;
    suppressions: SuppressionTable;
    suppression_key: SuppressionKeyTable;
  }
}
