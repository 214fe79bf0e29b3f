import type { Kysely } from "kysely";
import type { AuditEntry } from "./append-audit.js";
import type { AuditTables } from "./audit-tables.js";
import { toChainedAudit } from "./verify-audit.js";

/** One page of the audit log, newest first. */
export interface AuditList {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; undefined on the last page. */
  nextBefore: number | undefined;
  /** Number of entries in the whole log. */
  total: number;
}

/**
 * Reads the audit log newest first, a page at a time (keyset paging on the id), optionally of one action.
 *
 * @example
 * const page = await listAudit(db, { limit: 50 });
 * const older = await listAudit(db, { limit: 50, before: page.nextBefore });
 */
export async function listAudit(
  // biome-ignore lint/suspicious/noExplicitAny: any Kysely over Loupe's store, or a transaction of one
  db: Kysely<any>,
  options: { limit?: number; before?: number | undefined; action?: string | undefined } = {},
): Promise<AuditList> {
  const adb = db as unknown as Kysely<AuditTables>;
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  let q = adb.selectFrom("audit_log").selectAll();
  if (options.before !== undefined) q = q.where("id", "<", String(options.before));
  if (options.action) q = q.where("action", "=", options.action);
  const rows = await q
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
  const tip = await adb
    .selectFrom("audit_log")
    .select("id")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const entries = rows.slice(0, limit).map((row) => ({ ...toChainedAudit(row), hash: row.hash }));
  const last = entries.at(-1);
  return {
    entries,
    nextBefore: rows.length > limit && last ? last.id : undefined,
    total: tip ? Number(tip.id) : 0,
  };
}
