import { normaliseEmail } from "../identity/normalise-email.js";
import { type PreferenceContext, recordPreferences } from "./record-preferences.js";

/**
 * The rights workflow's hook for the opt-outs made through a privacy-centre form: records the opt-out of sale and
 * sharing (or the limit on sensitive personal information) for the e-mail address given, as the opt-out pages do,
 * so the choice reaches the preference receipts, the suppression list and the webhooks. Without an address there
 * is no one to apply it to beyond the request itself.
 *
 * @example
 * await mountRights(app, { …, hooks: { applyOptOut: applyOptOut(preferences.context) } });
 */
export function applyOptOut(ctx: PreferenceContext) {
  return async (
    who: { email?: string | undefined },
    kind: "opt_out_sale_share" | "limit_spi",
  ): Promise<void> => {
    if (!who.email) return;
    const key = kind === "opt_out_sale_share" ? ctx.model.saleShare.key : ctx.model.sensitive.key;
    await recordPreferences(
      ctx,
      { email: normaliseEmail(who.email), customerId: null },
      { action: "opt-out", source: "opt-out-page", changes: [{ key, allowed: false }] },
      {
        ipTruncated: null,
        userAgent: null,
        regime: ctx.consent.model.defaultRegime,
        region: "",
        gpc: false,
        dnt: false,
      },
    );
  };
}
