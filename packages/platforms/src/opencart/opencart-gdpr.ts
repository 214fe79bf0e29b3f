import { fail, LoupeError, ok, type Result } from "@loupe/core";
import mysql from "mysql2/promise";
import type { MysqlQueryable } from "./read-mysql-catalog.js";
import type { OpencartDatabase } from "./recognise-opencart.js";

/** OpenCart's `gdpr.status` values (`admin/controller/customer/gdpr.php`). */
export const OPENCART_GDPR_STATUS = {
  /** Requested, e-mail link not opened yet. */
  unverified: 0,
  /** The requester opened the e-mailed link. */
  verified: 1,
  /** Removal approved, waiting for processing. */
  processing: 2,
  /** Done (export mailed or account erased). */
  complete: 3,
  /** Denied by the shop. */
  denied: -1,
} as const;

/** A privacy request read from OpenCart's own GDPR page, ready to become a Loupe request. */
export interface OpencartRequestDraft {
  /** Stable id for Loupe: `opencart-gdpr-<database>-<prefix>-<gdpr_id>`, so a second import finds the same request. */
  requestId: string;
  /** `access` for OpenCart's `export`, `erase` for `remove`. */
  kind: "access" | "erase";
  subject: { email: string };
  source: { system: "opencart-gdpr"; table: string; id: number };
  /** The requester proved possession of the e-mail address (OpenCart status 1 or later). */
  emailVerified: boolean;
  /** The shop's admin already approved it (status 2). */
  approved: boolean;
  storeId: number;
  languageId: number;
  /** When OpenCart recorded the request (the database's local time, as written). */
  receivedAt: string;
}

export interface ReadGdprOptions {
  /** OpenCart statuses to import. Default: verified and processing (1 and 2). */
  statuses?: number[];
}

/**
 * Reads pending requests from OpenCart 4's `gdpr` table as Loupe request drafts. Read-only; OpenCart's own
 * confirmation code is never read. Fails with `NOT_FOUND` on a shop without the table (OpenCart 3).
 *
 * @example
 * const found = await recogniseOpencart(conn);
 * const drafts = found.ok ? await readOpencartGdprRequests(conn, found.value) : undefined;
 * // drafts.value[0] → { requestId: "opencart-gdpr-shop-oc_-4", kind: "erase", subject: { email: "anna@example.com" }, … }
 */
export async function readOpencartGdprRequests(
  db: MysqlQueryable,
  shop: OpencartDatabase,
  options: ReadGdprOptions = {},
): Promise<Result<OpencartRequestDraft[]>> {
  if (!shop.tables.has("gdpr")) {
    return fail(
      new LoupeError(
        "NOT_FOUND",
        `OpenCart ${shop.version} shop '${shop.database}' has no ${shop.prefix}gdpr table`,
      ),
    );
  }
  const statuses = options.statuses ?? [OPENCART_GDPR_STATUS.verified, OPENCART_GDPR_STATUS.processing];
  if (statuses.length === 0) return ok([]);
  const table = `${shop.prefix}gdpr`;
  const [rows] = await db.query(
    `SELECT gdpr_id, store_id, language_id, email, action, status, DATE_FORMAT(date_added, '%Y-%m-%d %H:%i:%s') AS date_added
       FROM ${mysql.escapeId(table)} WHERE status IN (?) AND action IN ('export', 'remove') ORDER BY gdpr_id`,
    [statuses],
  );
  const drafts = (rows as Record<string, unknown>[]).map((r): OpencartRequestDraft => {
    const status = Number(r.status);
    return {
      requestId: `opencart-gdpr-${shop.database}-${shop.prefix}-${Number(r.gdpr_id)}`,
      kind: r.action === "export" ? "access" : "erase",
      subject: { email: String(r.email).trim().toLowerCase() },
      source: { system: "opencart-gdpr", table, id: Number(r.gdpr_id) },
      emailVerified: status >= OPENCART_GDPR_STATUS.verified,
      approved: status === OPENCART_GDPR_STATUS.processing,
      storeId: Number(r.store_id),
      languageId: Number(r.language_id),
      receivedAt: String(r.date_added),
    };
  });
  return ok(drafts);
}

/** Loupe's state of an imported request, as written back to OpenCart's admin list. */
export type OpencartGdprOutcome = "processing" | "complete" | "denied";

/**
 * Writes a request's state back to OpenCart's `gdpr` row (`processing` → 2, `complete` → 3, `denied` → -1), so
 * the shop's admin list shows what Loupe did. Idempotent. Fails with `NOT_FOUND` when the row is gone.
 *
 * @example
 * await writeOpencartGdprStatus(conn, shop, draft.source.id, "complete");
 */
export async function writeOpencartGdprStatus(
  db: MysqlQueryable,
  shop: OpencartDatabase,
  gdprId: number,
  outcome: OpencartGdprOutcome,
): Promise<Result<{ gdprId: number; status: number }>> {
  if (!shop.tables.has("gdpr")) {
    return fail(
      new LoupeError(
        "NOT_FOUND",
        `OpenCart ${shop.version} shop '${shop.database}' has no ${shop.prefix}gdpr table`,
      ),
    );
  }
  if (!Number.isSafeInteger(gdprId) || gdprId <= 0) {
    return fail(new LoupeError("INVALID_REQUEST", `gdpr id must be a positive integer, got ${gdprId}`));
  }
  const status = OPENCART_GDPR_STATUS[outcome];
  const table = mysql.escapeId(`${shop.prefix}gdpr`);
  const [found] = await db.query(`SELECT gdpr_id FROM ${table} WHERE gdpr_id = ?`, [gdprId]);
  if ((found as unknown[]).length === 0) {
    return fail(new LoupeError("NOT_FOUND", `${shop.prefix}gdpr has no request ${gdprId}`));
  }
  await db.query(`UPDATE ${table} SET status = ? WHERE gdpr_id = ?`, [status, gdprId]);
  return ok({ gdprId, status });
}
