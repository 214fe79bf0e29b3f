import { loupeError } from "../errors/http-errors.js";
import type { ConsentContext, RequestMeta } from "./consent-context.js";
import type { WithdrawRequest } from "./consent-schemas.js";
import type { AppendResult } from "./ledger-writer.js";
import { completeChoices, pendingReceipt, requestHash } from "./record-consent.js";

/**
 * Withdraws consent: records a `withdraw` receipt that denies the given purposes (every purpose that can be
 * refused when none are given) for a visitor and/or customer, against the notice and configuration in force
 * unless the request names the ones shown.
 *
 * @example
 * await withdrawConsent(ctx, { visitorId: "v_3f9a2c71d4e84b06", source: "preference-centre" }, meta);
 */
export async function withdrawConsent(
  ctx: ConsentContext,
  request: WithdrawRequest,
  meta: RequestMeta,
  idempotencyKey?: string,
): Promise<AppendResult> {
  const noticeVersion = request.noticeVersion ?? ctx.notice.version;
  if (!(await ctx.isKnownNoticeVersion(noticeVersion))) {
    throw loupeError("INVALID_REQUEST", "noticeVersion: no such notice version was published", {
      path: "noticeVersion",
    });
  }
  const choices = completeChoices(ctx.model, "withdraw", undefined, request.purposes, "");
  if ("error" in choices) {
    // Report the field as the request names it (`purposes[1]`, not `.denied[1]`).
    const path = (choices.error.location?.path ?? "").replace(/^\.denied/, "purposes");
    throw loupeError("INVALID_REQUEST", choices.error.message.replace(/^\.denied/, "purposes"), { path });
  }
  const receipt = pendingReceipt(
    {
      visitorId: request.visitorId as string,
      customerId: request.customerId,
      action: "withdraw",
      source: request.source,
      gpc: false,
      dnt: false,
      noticeVersion,
      configHash: request.configHash ?? ctx.configFor(meta).configHash,
      language: request.language,
    },
    choices,
    meta,
  );
  return ctx.writer.append([receipt], { key: idempotencyKey, requestHash: requestHash("withdraw", request) });
}
