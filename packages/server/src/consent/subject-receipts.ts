import type { SelectQueryBuilder } from "kysely";
import type { Database } from "../store/database.js";

/** A subject of the ledger: a pseudonymous visitor, or a customer with every visitor id linked to them. */
export type Subject = { kind: "visitor"; id: string } | { kind: "customer"; id: string };

/**
 * Narrows a receipts query to one subject: a visitor's own receipts, or a customer's receipts plus those of
 * every visitor id linked to the customer (choices made before logging in count too).
 *
 * @example
 * const rows = await forSubject(db.selectFrom("consent_receipts").selectAll(), subject).execute();
 */
export function forSubject<O>(
  query: SelectQueryBuilder<Database, "consent_receipts", O>,
  subject: Subject,
): SelectQueryBuilder<Database, "consent_receipts", O> {
  if (subject.kind === "visitor") return query.where("visitor_id", "=", subject.id);
  return query.where((eb) =>
    eb.or([
      eb("customer_id", "=", subject.id),
      eb(
        "visitor_id",
        "in",
        eb
          .selectFrom("consent_links")
          .select("consent_links.visitor_id")
          .where("consent_links.customer_id", "=", subject.id),
      ),
    ]),
  );
}
