import { sql } from "kysely";
import { loupeError } from "../errors/http-errors.js";
import { purgeAfter } from "./create-request.js";
import type { Language } from "./denial-templates.js";
import { DENIAL_TEMPLATES } from "./denial-templates.js";
import { addEvent } from "./request-events.js";
import { ATTORNEY_GENERAL, denialMail, MAIL_TEXT } from "./request-mail.js";
import { CLOSED_STATUSES, type DenialBasis, type RequestStatus } from "./request-model.js";
import type { RightsContext } from "./rights-context.js";

/**
 * Denies a request with a basis from the templates and an optional note: records the answer, e-mails the
 * template's reason with appeal instructions where a regime grants an appeal (and the complaint right under
 * GDPR). A closed request cannot be denied again (CONFLICT).
 *
 * @example
 * await denyRequest(ctx, "req_3f…", { basis: "exempt", note: "Invoices are kept 7 years for tax law.", actor: "staff" });
 */
export async function denyRequest(
  ctx: RightsContext,
  requestId: string,
  p: { basis: DenialBasis | "duplicate"; note?: string | undefined; actor: string },
): Promise<void> {
  const now = ctx.now();
  const req = await ctx.db
    .selectFrom("rights_requests")
    .selectAll()
    .where("id", "=", requestId)
    .executeTakeFirst();
  if (!req) throw loupeError("NOT_FOUND", `no request '${requestId}'`);
  if ((CLOSED_STATUSES as readonly string[]).includes(req.status as RequestStatus))
    throw loupeError("CONFLICT", `request '${requestId}' is already ${req.status}`);
  const updated = await ctx.db
    .updateTable("rights_requests")
    .set({ status: "denied", denial_basis: p.basis, responded_at: now, purge_after: purgeAfter(now) })
    .where("id", "=", requestId)
    .where("status", "=", req.status)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    throw loupeError("CONFLICT", `request '${requestId}' changed meanwhile`);
  await addEvent(
    ctx.db,
    requestId,
    { actor: p.actor, type: "denied", detail: { basis: p.basis, ...(p.note ? { note: p.note } : {}) } },
    now,
  );
  const lang = req.language as Language;
  if (req.kind === "appeal" && req.parent_id) {
    // Upholding the decision: the appealed request returns to what it was; the answer names the attorney general.
    await ctx.db
      .updateTable("rights_requests")
      .set({ status: sql<string>`coalesce(details->>'statusBeforeAppeal', 'denied')` })
      .where("id", "=", req.parent_id)
      .where("status", "=", "appealed")
      .execute();
    if (!req.contact_email) return;
    const ag = req.jurisdictions
      .map((j) => ATTORNEY_GENERAL[j])
      .filter(Boolean)
      .join("; ");
    await ctx.sendMail({
      to: req.contact_email,
      subject: MAIL_TEXT[lang].appealSubject(ctx.organization.name),
      text: MAIL_TEXT[lang].appealDecision(true, p.note ?? DENIAL_TEMPLATES[p.basis][lang], ag),
      kind: "rights.appeal-decision",
    });
    return;
  }
  if (!req.contact_email) return;
  const statusUrl = `${ctx.publicUrl}/privacy-centre/requests/${requestId}`;
  const gdpr = req.jurisdictions.some((j) => j === "eea" || j === "uk");
  await ctx.sendMail(
    denialMail({
      to: req.contact_email,
      org: ctx.organization.name,
      lang,
      kind: req.kind,
      basis: p.basis,
      note: p.note,
      statusUrl,
      appeal:
        req.appeal_days && p.basis !== "duplicate"
          ? { days: req.appeal_days, url: `${ctx.publicUrl}/privacy-centre/appeal?request=${requestId}` }
          : undefined,
      gdpr,
    }),
  );
}
