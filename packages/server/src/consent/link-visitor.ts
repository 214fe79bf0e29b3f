import type { LoupeDb } from "../store/database.js";

/**
 * Links a visitor id to a customer (at login), so that the customer's consent state and receipts include
 * what the visitor chose. Linking twice is harmless: `created` tells whether the link is new.
 *
 * @example
 * await linkVisitor(db, { visitorId: "v_3f9a2c71d4e84b06", customerId: "cus_10482" });
 * // { visitorId: "v_3f9a2c71d4e84b06", customerId: "cus_10482", linkedAt: "2026-11-02T09:00:00.000Z", created: true }
 */
export async function linkVisitor(
  db: LoupeDb,
  link: { visitorId: string; customerId: string },
): Promise<{ visitorId: string; customerId: string; linkedAt: string; created: boolean }> {
  const inserted = await db
    .insertInto("consent_links")
    .values({ visitor_id: link.visitorId, customer_id: link.customerId })
    .onConflict((oc) => oc.columns(["visitor_id", "customer_id"]).doNothing())
    .returning("linked_at")
    .executeTakeFirst();
  const row =
    inserted ??
    (await db
      .selectFrom("consent_links")
      .select("linked_at")
      .where("visitor_id", "=", link.visitorId)
      .where("customer_id", "=", link.customerId)
      .executeTakeFirstOrThrow());
  return { ...link, linkedAt: new Date(row.linked_at).toISOString(), created: inserted !== undefined };
}
