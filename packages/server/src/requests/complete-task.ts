import { loupeError } from "../errors/http-errors.js";
import { addEvent } from "./request-events.js";
import type { RightsContext } from "./rights-context.js";
import { finishIfDone } from "./run-request.js";

/**
 * Marks a manual task of a request done (a provider without an API was asked by hand), with a note of
 * what was done; the request is answered when it was the last open task.
 *
 * @example
 * await completeTask(ctx, "req_3f…", "all-systems", { note: "Erased in the helpdesk by hand.", actor: "staff" });
 */
export async function completeTask(
  ctx: RightsContext,
  requestId: string,
  taskId: string,
  p: {
    note: string;
    actor: string;
    outcome?:
      | {
          action: "erased" | "kept" | "corrected" | "read" | "none";
          rows: number;
          reason?: string | undefined;
        }
      | undefined;
  },
): Promise<"done" | "waiting" | "skipped"> {
  const now = ctx.now();
  const task = await ctx.db
    .selectFrom("rights_tasks")
    .selectAll()
    .where("request_id", "=", requestId)
    .where("task_id", "=", taskId)
    .executeTakeFirst();
  if (!task) throw loupeError("NOT_FOUND", `request '${requestId}' has no task '${taskId}'`);
  if (task.completed_at) throw loupeError("CONFLICT", `task '${taskId}' is already complete`);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("rights_tasks")
      .set({ completed_at: now, note: p.note.slice(0, 2000) })
      .where("request_id", "=", requestId)
      .where("task_id", "=", taskId)
      .execute();
    if (p.outcome) {
      const req = await trx
        .selectFrom("rights_requests")
        .select("result")
        .where("id", "=", requestId)
        .executeTakeFirstOrThrow();
      const result = (req.result ?? { items: [] }) as { items: unknown[] };
      result.items = [...(result.items ?? []), { system: task.system, ...p.outcome }];
      await trx
        .updateTable("rights_requests")
        .set({ result: JSON.stringify(result) })
        .where("id", "=", requestId)
        .execute();
    }
    await addEvent(trx, requestId, { actor: p.actor, type: "task_completed", detail: { task: taskId } }, now);
  });
  return finishIfDone(ctx, requestId);
}
