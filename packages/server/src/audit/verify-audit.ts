import type { Kysely, Selectable } from "kysely";
import { AUDIT_GENESIS_HASH, auditEntryHash, type ChainedAuditEntry } from "./audit-hash.js";
import type { AuditLogTable, AuditTables } from "./audit-tables.js";

export type AuditVerification =
  | { ok: true; count: number }
  | { ok: false; brokenAt: number; reason: string; count: number };

/**
 * A stored row in the exact shape its hash covers (id as a number, time as ISO 8601), whichever driver read it.
 *
 * @example
 * auditEntryHash(toChainedAudit(row)) === row.hash; // true for an untouched entry
 */
export function toChainedAudit(row: Selectable<AuditLogTable>): ChainedAuditEntry {
  return {
    id: Number(row.id),
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    data: row.data,
    prev_hash: row.prev_hash,
  };
}

/**
 * Walks the whole audit log in order and checks every link of the hash chain: ids follow each other
 * without gaps from 1, each entry's `prev_hash` is the hash of the one before, and each `hash` matches the
 * entry's content. Reports the first broken entry (and how many entries before it were intact).
 *
 * @example
 * const r = await verifyAudit(store.db);
 * if (!r.ok) console.error(`audit entry ${r.brokenAt}: ${r.reason}`);
 */
export async function verifyAudit(
  // biome-ignore lint/suspicious/noExplicitAny: any Kysely over Loupe's store, or a transaction of one
  db: Kysely<any>,
  options: { pageSize?: number } = {},
): Promise<AuditVerification> {
  const adb = db as unknown as Kysely<AuditTables>;
  const pageSize = options.pageSize ?? 5000;
  let expectedId = 1;
  let prev = AUDIT_GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await adb
      .selectFrom("audit_log")
      .selectAll()
      .where("id", ">=", String(expectedId))
      .orderBy("id")
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const id = Number(row.id);
      if (id !== expectedId) {
        const missing = `${expectedId}${id - expectedId > 1 ? `–${id - 1}` : ""}`;
        return {
          ok: false,
          brokenAt: id,
          count,
          reason: `entry ${missing} is missing: the chain jumps from ${expectedId - 1} to ${id}`,
        };
      }
      if (row.prev_hash !== prev) {
        return {
          ok: false,
          brokenAt: id,
          count,
          reason: `prev_hash does not match the hash of entry ${id - 1}: an entry before it was changed or removed`,
        };
      }
      if (auditEntryHash(toChainedAudit(row)) !== row.hash) {
        return {
          ok: false,
          brokenAt: id,
          count,
          reason: "hash does not match the entry's content: the entry was changed",
        };
      }
      prev = row.hash;
      expectedId = id + 1;
      count += 1;
    }
    if (rows.length < pageSize) return { ok: true, count };
  }
}
