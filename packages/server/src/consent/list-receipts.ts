import type { LoupeDb } from "../store/database.js";
import type { Receipt } from "./consent-schemas.js";
import { toReceipt } from "./receipt-rows.js";
import { forSubject, type Subject } from "./subject-receipts.js";

/**
 * A subject's receipts, oldest first, a page at a time (`after` is the last id already read).
 *
 * @example
 * const page = await listReceipts(db, { kind: "customer", id: "cus_10482" }, { after: 0, limit: 100 });
 * if (page.next) await listReceipts(db, subject, { after: page.next, limit: 100 });
 */
export async function listReceipts(
  db: LoupeDb,
  subject: Subject,
  page: { after: number; limit: number },
): Promise<{ receipts: Receipt[]; next?: number }> {
  const rows = await forSubject(db.selectFrom("consent_receipts").selectAll(), subject)
    .where("id", ">", String(page.after))
    .orderBy("id")
    .limit(page.limit + 1)
    .execute();
  const receipts = rows.slice(0, page.limit).map(toReceipt);
  const last = receipts[receipts.length - 1];
  return rows.length > page.limit && last ? { receipts, next: last.id } : { receipts };
}
