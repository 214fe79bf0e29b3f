import { loupeError } from "../errors/http-errors.js";
import { proceed } from "../verification/verify-request.js";
import { purgeAfter } from "./create-request.js";
import type { Language } from "./denial-templates.js";
import { addEvent } from "./request-events.js";
import { MAIL_TEXT } from "./request-mail.js";
import type { RightsContext } from "./rights-context.js";

/**
 * Approves a request that waits for a staff approval, then queues its execution. CONFLICT when the request
 * does not wait for one.
 *
 * @example
 * await approveRequest(ctx, "req_3f…", { actor: "staff" });
 */
export async function approveRequest(
  ctx: RightsContext,
  requestId: string,
  p: { actor: string },
): Promise<void> {
  const now = ctx.now();
  const u = await ctx.db
    .updateTable("rights_requests")
    .set({ approved_at: now })
    .where("id", "=", requestId)
    .where("status", "=", "awaiting_approval")
    .where("approved_at", "is", null)
    .executeTakeFirst();
  if (Number(u.numUpdatedRows) === 0) {
    const exists = await ctx.db
      .selectFrom("rights_requests")
      .select("status")
      .where("id", "=", requestId)
      .executeTakeFirst();
    if (!exists) throw loupeError("NOT_FOUND", `no request '${requestId}'`);
    throw loupeError("CONFLICT", `request '${requestId}' is ${exists.status}, not awaiting approval`);
  }
  await addEvent(ctx.db, requestId, { actor: p.actor, type: "approved", detail: {} }, now);
  const req = await ctx.db
    .selectFrom("rights_requests")
    .selectAll()
    .where("id", "=", requestId)
    .executeTakeFirstOrThrow();
  if (req.kind === "appeal" && req.parent_id) {
    // Approving an appeal overturns the decision: the appealed request runs again, the appeal is answered.
    await ctx.db
      .updateTable("rights_requests")
      .set({ status: "completed", responded_at: now, purge_after: purgeAfter(now) })
      .where("id", "=", requestId)
      .execute();
    await addEvent(
      ctx.db,
      requestId,
      { actor: p.actor, type: "completed", detail: { decision: "overturned" } },
      now,
    );
    await ctx.db
      .updateTable("rights_requests")
      .set({ status: "in_progress", denial_basis: null, responded_at: null })
      .where("id", "=", req.parent_id)
      .execute();
    await addEvent(
      ctx.db,
      req.parent_id,
      { actor: p.actor, type: "queued", detail: { appeal: requestId } },
      now,
    );
    if (req.contact_email) {
      const lang = req.language as Language;
      await ctx.sendMail({
        to: req.contact_email,
        subject: MAIL_TEXT[lang].appealSubject(ctx.organization.name),
        text: MAIL_TEXT[lang].appealDecision(false, "", ""),
        kind: "rights.appeal-decision",
      });
    }
    await ctx.schedule(req.parent_id);
    return;
  }
  await proceed(ctx, requestId);
}
