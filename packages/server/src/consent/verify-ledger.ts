import type { Kysely } from "kysely";
import type { Database } from "../store/database.js";
import { GENESIS_HASH, receiptHash } from "./receipt-hash.js";
import { toChained } from "./receipt-rows.js";

export type LedgerVerification =
  | { ok: true; count: number }
  | { ok: false; brokenAt: number; reason: string };

/**
 * Walks the whole consent ledger in order and checks every link of the hash chain: ids follow each other
 * without gaps from 1, each receipt's `prev_hash` is the hash of the one before, and each `hash` matches
 * the receipt's content. Reports the first broken receipt.
 *
 * @example
 * const r = await verifyLedger(store.db);
 * if (!r.ok) console.error(`receipt ${r.brokenAt}: ${r.reason}`);
 */
export async function verifyLedger(
  db: Kysely<Database>,
  options: { pageSize?: number } = {},
): Promise<LedgerVerification> {
  const pageSize = options.pageSize ?? 5000;
  let expectedId = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom("consent_receipts")
      .selectAll()
      .where("id", ">=", String(expectedId))
      .orderBy("id")
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const id = Number(row.id);
      if (id !== expectedId) {
        return {
          ok: false,
          brokenAt: id,
          reason: `receipt ${expectedId}${id - expectedId > 1 ? `–${id - 1}` : ""} is missing: the chain jumps from ${expectedId - 1} to ${id}`,
        };
      }
      if (row.prev_hash !== prev) {
        return {
          ok: false,
          brokenAt: id,
          reason: `prev_hash does not match the hash of receipt ${id - 1}: a receipt before it was changed or removed`,
        };
      }
      if (receiptHash(toChained(row)) !== row.hash) {
        return {
          ok: false,
          brokenAt: id,
          reason: "hash does not match the receipt's content: the receipt was changed",
        };
      }
      prev = row.hash;
      expectedId = id + 1;
      count += 1;
    }
    if (rows.length < pageSize) return { ok: true, count };
  }
}
