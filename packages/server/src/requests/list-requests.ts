import { sql } from "kysely";
import { type RightsRequestView, toView } from "./get-request.js";
import { CLOSED_STATUSES, type RequestStatus } from "./request-model.js";
import type { RightsContext } from "./rights-context.js";

/**
 * Requests by due day (the extended day when extended), soonest first: open ones by default, or those of
 * one status. Staff use it to see what is due.
 *
 * @example
 * const { requests } = await listRequests(ctx, { open: true, limit: 50 });
 * requests[0]?.effectiveDueOn; // the most urgent
 */
export async function listRequests(
  ctx: RightsContext,
  q: {
    status?: RequestStatus | undefined;
    open?: boolean | undefined;
    dueBefore?: string | undefined;
    limit?: number | undefined;
    offset?: number | undefined;
  },
): Promise<{ requests: RightsRequestView[] }> {
  let query = ctx.db.selectFrom("rights_requests").selectAll();
  if (q.status) query = query.where("status", "=", q.status);
  else if (q.open ?? true) query = query.where("status", "not in", [...CLOSED_STATUSES]);
  if (q.dueBefore) query = query.where(sql<string>`coalesce(extended_until, due_on)`, "<=", q.dueBefore);
  const rows = await query
    .orderBy(sql`coalesce(extended_until, due_on)`)
    .orderBy("received_at")
    .limit(Math.min(q.limit ?? 100, 500))
    .offset(q.offset ?? 0)
    .execute();
  const now = ctx.now();
  return { requests: rows.map((r) => toView(r, [], now)) };
}
