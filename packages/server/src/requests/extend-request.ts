import { checkExtension } from "@loupe/core";
import { loupeError } from "../errors/http-errors.js";
import type { Language } from "./denial-templates.js";
import { addEvent } from "./request-events.js";
import { kindName, MAIL_TEXT } from "./request-mail.js";
import type { RightsContext } from "./rights-context.js";

/**
 * Extends an open request: only once, only on or before its original due day, with a reason that the
 * requester is told in an extension notice sent now (§7021(b), Art. 12(3)). Returns the new due day.
 * CONFLICT when the law allows no extension, the due day has passed, or it was already extended.
 *
 * @example
 * await extendRequest(ctx, "req_3f…", { reason: "We hold your data in many systems.", actor: "staff" }); // "2026-05-31"
 */
export async function extendRequest(
  ctx: RightsContext,
  requestId: string,
  p: { reason: string; until?: string | undefined; actor: string },
): Promise<string> {
  const now = ctx.now();
  const req = await ctx.db
    .selectFrom("rights_requests")
    .selectAll()
    .where("id", "=", requestId)
    .executeTakeFirst();
  if (!req) throw loupeError("NOT_FOUND", `no request '${requestId}'`);
  if (
    !["received", "awaiting_verification", "verified", "awaiting_approval", "in_progress"].includes(
      req.status,
    )
  )
    throw loupeError("CONFLICT", `request '${requestId}' is ${req.status} and cannot be extended`);
  if (req.extended_until) throw loupeError("CONFLICT", `request '${requestId}' was already extended`);
  const checked = checkExtension(
    {
      receivedOn: new Date(req.received_at).toISOString().slice(0, 10),
      dueOn: req.due_on,
      ...(req.max_extended_due_on ? { maxExtendedDueOn: req.max_extended_due_on } : {}),
      ...(req.extension_notice_by ? { extensionNoticeBy: req.extension_notice_by } : {}),
      governedBy: { due: "us-ca" },
      regimes: [],
    },
    { noticeAt: now, reason: p.reason, ...(p.until ? { until: p.until } : {}) },
  );
  if (!checked.ok) throw checked.errors[0] ?? loupeError("CONFLICT", "the extension is not allowed");
  const until = checked.value;
  const u = await ctx.db
    .updateTable("rights_requests")
    .set({
      extended_until: until,
      extension_reason: p.reason.trim().slice(0, 1000),
      ...(req.status === "in_progress" ? { status: "extended" } : {}),
    })
    .where("id", "=", requestId)
    .where("extended_until", "is", null)
    .executeTakeFirst();
  if (Number(u.numUpdatedRows) === 0)
    throw loupeError("CONFLICT", `request '${requestId}' was already extended`);
  await addEvent(
    ctx.db,
    requestId,
    { actor: p.actor, type: "extended", detail: { until, reason: p.reason.trim().slice(0, 1000) } },
    now,
  );
  if (req.contact_email) {
    const lang = req.language as Language;
    const t = MAIL_TEXT[lang];
    await ctx.sendMail({
      to: req.contact_email,
      subject: t.extendSubject(ctx.organization.name),
      text: t.extend(
        kindName(req.kind, lang),
        until,
        p.reason.trim(),
        `${ctx.publicUrl}/privacy-centre/requests/${requestId}`,
      ),
      kind: "rights.extension-notice",
    });
    await addEvent(
      ctx.db,
      requestId,
      { actor: "system", type: "extension_notice_sent", detail: { channel: "email" } },
      now,
    );
  }
  return until;
}
