import { createHash } from "node:crypto";
import type { LoupeError } from "@loupe/core";
import { loupeError } from "../errors/http-errors.js";
import type { ConsentContext, RequestMeta } from "./consent-context.js";
import type { ConsentModel } from "./consent-model.js";
import type { ReceiptInput, RecordConsentRequest } from "./consent-schemas.js";
import type { AppendResult, PendingReceipt } from "./ledger-writer.js";

/**
 * Records a batch of consent receipts (already validated against `RecordConsentRequestSchema`): checks the
 * purposes against the data map, completes the granted and denied lists from the action, adds what the
 * server knows (regime, region, truncated IP, user agent, signals) and appends them to the ledger.
 * Resolves after the receipts are committed. An idempotency key replays the first result.
 *
 * @example
 * const { response, replayed } = await recordConsent(ctx, { receipts: [receipt] }, meta, "3c0e…");
 * response.receipts[0].id; // 1
 */
export async function recordConsent(
  ctx: ConsentContext,
  request: RecordConsentRequest,
  meta: RequestMeta,
  idempotencyKey?: string,
): Promise<AppendResult> {
  const pending: PendingReceipt[] = [];
  for (const [i, r] of request.receipts.entries()) {
    const at = `receipts[${i}]`;
    if (!(await ctx.isKnownNoticeVersion(r.noticeVersion))) {
      throw loupeError("INVALID_REQUEST", `${at}.noticeVersion: no such notice version was published`, {
        path: `${at}.noticeVersion`,
      });
    }
    const choices = completeChoices(ctx.model, r.action, r.granted, r.denied, at);
    if ("error" in choices) throw choices.error;
    pending.push(pendingReceipt(r, choices, meta));
  }
  return ctx.writer.append(pending, { key: idempotencyKey, requestHash: requestHash("consent", request) });
}

/**
 * A receipt for the ledger from the SDK's input and the server's view of the request.
 *
 * @example
 * const pending = pendingReceipt(input, { granted: ["essential"], denied: ["analytics"] }, meta);
 */
export function pendingReceipt(
  r: Pick<
    ReceiptInput,
    "visitorId" | "action" | "source" | "gpc" | "dnt" | "noticeVersion" | "configHash"
  > & {
    customerId?: string | undefined;
    language?: string | undefined;
  },
  choices: { granted: string[]; denied: string[] },
  meta: RequestMeta,
): PendingReceipt {
  return {
    visitor_id: r.visitorId ?? null,
    customer_id: r.customerId ?? null,
    granted: choices.granted,
    denied: choices.denied,
    action: r.action,
    source: r.source,
    gpc: r.gpc || meta.gpc,
    dnt: r.dnt || meta.dnt,
    regime: meta.regime,
    region: meta.region,
    notice_version: r.noticeVersion,
    config_hash: r.configHash,
    language: r.language ?? null,
    ip_truncated: meta.ipTruncated,
    user_agent: meta.userAgent,
  };
}

/**
 * Checks a receipt's choices against the map's cookie purposes and completes them from the action:
 * `accept-all` grants every purpose, `reject-all` grants only the required ones, `save` denies what it
 * does not grant, `withdraw` denies every purpose that can be refused, `gpc` denies the sale/sharing ones.
 * Lists come back in the map's order.
 *
 * @example
 * completeChoices(model, "reject-all", undefined, undefined, "receipts[0]");
 * // { granted: ["essential"], denied: ["functional", "analytics", "advertising", "social"] }
 */
export function completeChoices(
  model: ConsentModel,
  action: ReceiptInput["action"],
  granted: readonly string[] | undefined,
  denied: readonly string[] | undefined,
  at: string,
): { granted: string[]; denied: string[] } | { error: LoupeError } {
  const bad = (path: string, message: string) => ({
    error: loupeError("INVALID_REQUEST", `${path}: ${message}`, { path }),
  });
  for (const [list, name] of [
    [granted, "granted"],
    [denied, "denied"],
  ] as const) {
    for (const [j, id] of (list ?? []).entries()) {
      if (!model.purposeIds.has(id)) {
        return bad(
          `${at}.${name}[${j}]`,
          `'${id}' is not a cookie purpose of the data map (${[...model.purposeIds].join(", ")})`,
        );
      }
    }
  }
  for (const [j, id] of (denied ?? []).entries()) {
    if (granted?.includes(id)) return bad(`${at}.denied[${j}]`, `'${id}' is both granted and denied`);
    if (model.required.includes(id))
      return bad(`${at}.denied[${j}]`, `'${id}' is strictly necessary and cannot be refused`);
  }
  const g = new Set(granted ?? []);
  const d = new Set(denied ?? []);
  switch (action) {
    case "accept-all":
      if (d.size) return bad(`${at}.denied`, "must be empty for accept-all");
      for (const p of model.purposeIds) g.add(p);
      break;
    case "reject-all": {
      const extra = [...g].find((p) => !model.required.includes(p));
      if (extra)
        return bad(`${at}.granted`, `reject-all grants only strictly necessary purposes, not '${extra}'`);
      for (const p of model.required) g.add(p);
      for (const p of model.optional) d.add(p);
      break;
    }
    case "save":
      for (const p of model.required) g.add(p);
      if (denied === undefined) for (const p of model.optional) if (!g.has(p)) d.add(p);
      break;
    case "withdraw":
      if (g.size) return bad(`${at}.granted`, "must be empty for withdraw");
      if (denied === undefined) for (const p of model.optional) d.add(p);
      break;
    case "gpc":
      if (denied === undefined) for (const p of model.saleOrShare) if (!g.has(p)) d.add(p);
      break;
  }
  const order = [...model.purposeIds];
  return { granted: order.filter((p) => g.has(p)), denied: order.filter((p) => d.has(p)) };
}

/**
 * A stable hash of a request, to tell a replay from a different request with the same idempotency key.
 *
 * @example
 * requestHash("consent", body) === requestHash("consent", structuredClone(body)); // true
 */
export function requestHash(route: string, body: unknown): string {
  return createHash("sha256").update(route).update("\n").update(JSON.stringify(body)).digest("hex");
}
