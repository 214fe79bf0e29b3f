import type { Kysely } from "kysely";
import type { RightsTables } from "./rights-tables.js";

/** One entry of a request's timeline. */
export interface RequestEvent {
  at: string;
  actor: string;
  type: string;
  detail: Record<string, unknown>;
}

/**
 * Appends an event to a request's timeline (inside the caller's transaction when `db` is one). Details
 * never hold personal data: ids, counts, reasons and dates only.
 *
 * @example
 * await addEvent(trx, "req_3f…", { actor: "staff", type: "approved", detail: {} }, new Date());
 */
export async function addEvent(
  db: Kysely<RightsTables>,
  requestId: string,
  event: { actor: string; type: string; detail?: Record<string, unknown> },
  at: Date,
): Promise<void> {
  await db
    .insertInto("rights_events")
    .values({
      request_id: requestId,
      at,
      actor: event.actor,
      type: event.type,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}

/**
 * A request's timeline, oldest first.
 *
 * @example
 * (await listEvents(db, "req_3f…")).map((e) => e.type); // ["received", "acknowledged", "verified", …]
 */
export async function listEvents(db: Kysely<RightsTables>, requestId: string): Promise<RequestEvent[]> {
  const rows = await db
    .selectFrom("rights_events")
    .select(["at", "actor", "type", "detail"])
    .where("request_id", "=", requestId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    type: r.type,
    detail: (r.detail ?? {}) as Record<string, unknown>,
  }));
}
