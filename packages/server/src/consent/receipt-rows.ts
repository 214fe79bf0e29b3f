import type { Selectable } from "kysely";
import type { ConsentReceiptTable } from "../store/database.js";
import type { Receipt } from "./consent-schemas.js";
import type { ChainedReceipt } from "./receipt-hash.js";

type Row = Selectable<ConsentReceiptTable>;

/**
 * A stored row in the exact shape its hash covers (ids as numbers, time as ISO 8601), whichever driver read it.
 *
 * @example
 * receiptHash(toChained(row)) === row.hash; // true for an untouched receipt
 */
export function toChained(row: Row): ChainedReceipt {
  return {
    id: Number(row.id),
    visitor_id: row.visitor_id,
    customer_id: row.customer_id,
    granted: row.granted,
    denied: row.denied,
    action: row.action,
    source: row.source,
    gpc: row.gpc,
    dnt: row.dnt,
    regime: row.regime,
    region: row.region,
    notice_version: row.notice_version,
    config_hash: row.config_hash,
    language: row.language,
    ip_truncated: row.ip_truncated,
    user_agent: row.user_agent,
    server_time: new Date(row.server_time).toISOString(),
    prev_hash: row.prev_hash,
  };
}

/**
 * A stored row as the API returns it.
 *
 * @example
 * const receipts = rows.map(toReceipt);
 */
export function toReceipt(row: Row): Receipt {
  return {
    id: Number(row.id),
    visitorId: row.visitor_id,
    customerId: row.customer_id,
    granted: row.granted,
    denied: row.denied,
    action: row.action as Receipt["action"],
    source: row.source as Receipt["source"],
    gpc: row.gpc,
    dnt: row.dnt,
    regime: row.regime as Receipt["regime"],
    region: row.region,
    noticeVersion: row.notice_version,
    configHash: row.config_hash,
    language: row.language,
    ipTruncated: row.ip_truncated,
    userAgent: row.user_agent,
    serverTime: new Date(row.server_time).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
