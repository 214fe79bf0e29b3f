import { createHash } from "node:crypto";
import type { AuditData } from "./audit-tables.js";

/** The `prev_hash` of the first entry of the audit log. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/** The stored fields of an audit entry that its hash covers (everything but `hash` itself). */
export interface ChainedAuditEntry {
  id: number;
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  actor: string;
  action: string;
  target: string | null;
  data: AuditData;
  prev_hash: string;
}

/**
 * The canonical text of an audit entry: a JSON array of its fields in a fixed order, `data` with its keys
 * sorted (jsonb does not keep the order they were written in), so that the same content always gives the
 * same bytes whichever database or driver returned it.
 *
 * @example
 * canonicalAuditEntry(entry); // '[1,"2026-11-22T07:00:00.000Z","staff:u-1","admin.login",null,{},"000…"]'
 */
export function canonicalAuditEntry(e: ChainedAuditEntry): string {
  const data: AuditData = {};
  for (const key of Object.keys(e.data).sort()) data[key] = e.data[key] ?? null;
  return JSON.stringify([e.id, e.at, e.actor, e.action, e.target, data, e.prev_hash]);
}

/**
 * The hash of an audit entry: SHA-256 (hex) over its canonical text, which includes the previous entry's
 * hash; changing any stored entry therefore breaks its own hash or the link to the next one.
 *
 * @example
 * const hash = auditEntryHash({ id: 1, at, actor: "system", action: "audit.start", target: null, data: {}, prev_hash: AUDIT_GENESIS_HASH });
 */
export function auditEntryHash(e: ChainedAuditEntry): string {
  return createHash("sha256").update(canonicalAuditEntry(e), "utf8").digest("hex");
}
