import type { RequestKind } from "@loupe/core";
import { purgeAfter } from "./create-request.js";
import type { Language } from "./denial-templates.js";
import { addEvent } from "./request-events.js";
import { kindName, MAIL_TEXT, outcomeLines } from "./request-mail.js";
import { ENGINE_KIND } from "./request-model.js";
import { DOWNLOAD_TTL_MS, type ExecutionOutcome, type RightsContext } from "./rights-context.js";
import { keyedHash, randomToken, seal } from "./rights-crypto.js";

const RUNNABLE = ["in_progress", "extended"];

/**
 * Executes a queued request and answers it. Safe to run again after a crash (the job queue does so): a request
 * that is no longer in progress is left alone, the rights engine's steps are idempotent, and the answer is
 * written once. Requests to know categories are answered from the map; the others go through the rights
 * engine (`execute`) — or become a manual task when no engine is configured. Work the engine leaves to
 * people (providers without an API) keeps the request open until staff complete it.
 *
 * @example
 * await queue.work("rights.execute", (job) => runRequest(ctx, job.data.requestId));
 */
export async function runRequest(
  ctx: RightsContext,
  requestId: string,
): Promise<"done" | "waiting" | "skipped"> {
  const req = await ctx.db
    .selectFrom("rights_requests")
    .selectAll()
    .where("id", "=", requestId)
    .executeTakeFirst();
  if (!req || !RUNNABLE.includes(req.status)) return "skipped";
  const kind = req.kind as RequestKind;
  const engineKind = ENGINE_KIND[kind];
  const now = ctx.now();
  const existing = (req.result ?? undefined) as { items?: ExecutionOutcome["items"] } | undefined;
  if (!existing?.items) {
    let outcome: ExecutionOutcome;
    if (!engineKind) {
      outcome = { items: [] };
    } else if (!ctx.execute) {
      outcome = {
        items: [],
        manualTasks: [
          {
            id: "all-systems",
            system: "all",
            description: `carry out the ${kind} request in every system of the data map`,
          },
        ],
      };
    } else {
      await addEvent(
        ctx.db,
        requestId,
        { actor: "system", type: "execution_started", detail: { engine: engineKind } },
        now,
      );
      const details = req.details as { corrections?: Record<string, string> };
      outcome = await ctx.execute({
        requestId,
        kind: engineKind,
        subject: req.subject as { email?: string; customerId?: string },
        ...(details.corrections ? { corrections: details.corrections } : {}),
      });
    }
    await ctx.db.transaction().execute(async (trx) => {
      if (outcome.package) {
        await trx
          .deleteFrom("rights_files")
          .where("request_id", "=", requestId)
          .where("kind", "=", "access-package")
          .execute();
        await trx
          .insertInto("rights_files")
          .values({
            request_id: requestId,
            kind: "access-package",
            name: `${requestId}.zip`,
            media_type: "application/zip",
            sealed: seal(ctx.keys.sealKey, outcome.package, `${requestId}:access-package`),
            created_at: now,
          })
          .execute();
      }
      for (const t of outcome.manualTasks ?? []) {
        await trx
          .insertInto("rights_tasks")
          .values({ request_id: requestId, task_id: t.id, system: t.system, description: t.description })
          .onConflict((oc) => oc.columns(["request_id", "task_id"]).doNothing())
          .execute();
      }
      const result = {
        items: outcome.items,
        hasPackage: Boolean(outcome.package),
        ...(kind === "know_categories" ? { categories: ctx.categoriesAnswer } : {}),
      };
      await trx
        .updateTable("rights_requests")
        .set({ result: JSON.stringify(result) })
        .where("id", "=", requestId)
        .execute();
      await addEvent(
        trx,
        requestId,
        {
          actor: "system",
          type: "executed",
          detail: {
            systems: [...new Set(outcome.items.map((i) => i.system))].length,
            erased: outcome.items.filter((i) => i.action === "erased").reduce((n, i) => n + i.rows, 0),
            kept: outcome.items.filter((i) => i.action === "kept").reduce((n, i) => n + i.rows, 0),
            manualTasks: outcome.manualTasks?.length ?? 0,
          },
        },
        now,
      );
    });
  }
  return finishIfDone(ctx, requestId);
}

/**
 * Answers a request whose execution and manual tasks are all done: completed, or partially completed when
 * something was kept; e-mails what was done, kept and why, with a single-use download link for an access
 * package. Returns "waiting" while tasks are open.
 *
 * @example
 * await finishIfDone(ctx, "req_3f…"); // "done"
 */
export async function finishIfDone(
  ctx: RightsContext,
  requestId: string,
): Promise<"done" | "waiting" | "skipped"> {
  const now = ctx.now();
  const open = await ctx.db
    .selectFrom("rights_tasks")
    .select("task_id")
    .where("request_id", "=", requestId)
    .where("completed_at", "is", null)
    // Telling recipients (notify-…) does not hold the answer back; staff complete those tasks separately.
    .where("task_id", "not like", "notify-%")
    .execute();
  if (open.length) return "waiting";
  const req = await ctx.db
    .selectFrom("rights_requests")
    .selectAll()
    .where("id", "=", requestId)
    .executeTakeFirst();
  if (!req || !RUNNABLE.includes(req.status)) return "skipped";
  const result = (req.result ?? { items: [] }) as { items: ExecutionOutcome["items"]; hasPackage?: boolean };
  const kept = result.items.some((i) => i.action === "kept" && i.rows > 0);
  const status = kept && req.kind === "delete" ? "partially_completed" : "completed";
  let downloadToken: string | undefined;
  const answered = await ctx.db.transaction().execute(async (trx) => {
    const u = await trx
      .updateTable("rights_requests")
      .set({ status, responded_at: now, purge_after: purgeAfter(now) })
      .where("id", "=", requestId)
      .where("status", "in", RUNNABLE)
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) === 0) return false;
    if (result.hasPackage) {
      downloadToken = randomToken();
      await trx
        .insertInto("rights_downloads")
        .values({
          token_hash: keyedHash(ctx.keys.hashKey, `download:${downloadToken}`),
          request_id: requestId,
          expires_at: new Date(now.getTime() + DOWNLOAD_TTL_MS),
        })
        .execute();
    }
    await addEvent(trx, requestId, { actor: "system", type: status, detail: { kept } }, now);
    return true;
  });
  if (!answered) return "skipped";
  if (req.contact_email) {
    const lang = req.language as Language;
    const t = MAIL_TEXT[lang];
    const lines = outcomeLines(result.items, lang);
    if (downloadToken) lines.push(t.download(`${ctx.publicUrl}/privacy-centre/download/${downloadToken}`));
    await ctx.sendMail({
      to: req.contact_email,
      subject: t.answerSubject(ctx.organization.name),
      text: t.answer(
        kindName(req.kind, lang),
        lines.join("\n"),
        `${ctx.publicUrl}/privacy-centre/requests/${requestId}`,
      ),
      kind: "rights.answer",
    });
  }
  return "done";
}
