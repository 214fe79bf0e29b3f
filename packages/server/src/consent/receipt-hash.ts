import { createHash } from "node:crypto";

/** The `prev_hash` of the first receipt of a ledger. */
export const GENESIS_HASH = "0".repeat(64);

/** The stored fields of a receipt that its hash covers (everything but `hash` itself). */
export interface ChainedReceipt {
  id: number;
  visitor_id: string | null;
  customer_id: string | null;
  granted: readonly string[];
  denied: readonly string[];
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
  /** ISO 8601 with milliseconds, UTC. */
  server_time: string;
  prev_hash: string;
}

/**
 * The canonical text of a receipt: a JSON array of its fields in a fixed order, so that the same content
 * always gives the same bytes whichever database or driver returned it.
 *
 * @example
 * canonicalReceipt(receipt); // '[1,"v-1",null,["essential"],[],"save",…]'
 */
export function canonicalReceipt(r: ChainedReceipt): string {
  return JSON.stringify([
    r.id,
    r.visitor_id,
    r.customer_id,
    r.granted,
    r.denied,
    r.action,
    r.source,
    r.gpc,
    r.dnt,
    r.regime,
    r.region,
    r.notice_version,
    r.config_hash,
    r.language,
    r.ip_truncated,
    r.user_agent,
    r.server_time,
    r.prev_hash,
  ]);
}

/**
 * The hash of a receipt: SHA-256 (hex) over its canonical text, which includes the previous receipt's
 * hash; changing any stored receipt therefore breaks its own hash or the link to the next one.
 *
 * @example
 * const hash = receiptHash({ ...receipt, prev_hash: GENESIS_HASH });
 */
export function receiptHash(r: ChainedReceipt): string {
  return hashCanonical(canonicalReceipt(r));
}

/**
 * The hash of a receipt from its canonical text ({@link canonicalReceipt}), for a caller that keeps the text.
 *
 * @example
 * const text = canonicalReceipt(receipt);
 * hashCanonical(text) === receiptHash(receipt); // true
 */
export function hashCanonical(canonical: string): string {
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
