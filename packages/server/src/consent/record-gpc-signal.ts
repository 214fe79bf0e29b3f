import type { ConsentContext, RequestMeta } from "./consent-context.js";
import { getConsentState } from "./get-consent-state.js";
import type { AppendResult } from "./ledger-writer.js";
import { pendingReceipt } from "./record-consent.js";

const pending = new WeakMap<ConsentContext, Set<string>>();

/**
 * Honours a Global Privacy Control signal (`Sec-GPC: 1`) seen on a request of an identified customer:
 * records a receipt with action `gpc`, source `signal`, denying every purpose that counts as sale or
 * sharing — unless GPC is not honoured by the map, no purpose is concerned, or the customer's state
 * already denies them all. Returns the append result, or undefined when nothing was recorded.
 *
 * @example
 * await recordGpcSignal(ctx, { customerId: "cus_10482" }, meta);
 */
export async function recordGpcSignal(
  ctx: ConsentContext,
  who: { customerId: string; visitorId?: string | undefined },
  meta: RequestMeta,
): Promise<AppendResult | undefined> {
  const { model } = ctx;
  if (!model.gpcHonoured || model.saleOrShare.length === 0) return undefined;
  const busy = pending.get(ctx) ?? new Set<string>();
  pending.set(ctx, busy);
  if (busy.has(who.customerId)) return undefined;
  busy.add(who.customerId);
  try {
    const state = await getConsentState(ctx, { kind: "customer", id: who.customerId });
    const open = state.purposes.filter((p) => model.saleOrShare.includes(p.id) && p.state !== "denied");
    if (open.length === 0) return undefined;
    const config = ctx.configFor(meta);
    const receipt = pendingReceipt(
      {
        visitorId: who.visitorId as string,
        customerId: who.customerId,
        action: "gpc",
        source: "signal",
        gpc: true,
        dnt: meta.dnt,
        noticeVersion: ctx.notice.version,
        configHash: config.configHash,
      },
      { granted: [], denied: [...model.saleOrShare] },
      meta,
    );
    return await ctx.writer.append([receipt], { requestHash: "gpc-signal" });
  } finally {
    busy.delete(who.customerId);
  }
}
