import { fail, LoupeError, ok, type Result } from "@loupe/core";
import type { ConnectorOutcome, ProviderResult } from "../connector/connector.js";
import { PROVIDER_REFERENCE, parseProviderResult } from "./parse-provider-result.js";
import { type HeaderSource, parseWebhookSecret, verifyWebhookSignature } from "./webhook-signature.js";

/** A finished or failed outcome (what ends a `pending` step). */
export type FinalOutcome = Exclude<ConnectorOutcome<ProviderResult>, { status: "pending" }>;

/**
 * How a pending provider step ends: a provider's signed callback or a person's confirmed manual task. The caller
 * finds its pending step by `idempotencyKey` (which names the request and the system), records `outcome`, and
 * ignores a second completion of a step that is already finished.
 */
export interface ProviderCompletion {
  requestId: string;
  idempotencyKey: string;
  /** The provider's reference (or the manual task's). */
  reference?: string;
  outcome: FinalOutcome;
}

/** A verified provider callback: the completion and the callback's own `webhook-id` (unique per message). */
export interface ProviderCallback extends ProviderCompletion {
  messageId: string;
}

const TOKEN = /^[\w.:-]{1,200}$/;

/**
 * Checks a service provider's callback and reads its result. The provider signs it as Loupe signs requests
 * (Standard Webhooks, the system's `provider.secret_env` secret); the timestamp must be within 5 minutes of `now`
 * and the signature is compared in constant time, before the body is parsed. The body is JSON:
 *
 * ```json
 * { "request_id": "req-42", "idempotency_key": "req-42:mailer", "status": "done",
 *   "reference": "job-981", "records": { "contacts": [{ "email": "…" }] }, "changed": 1 }
 * ```
 *
 * or `{ …, "status": "failed", "error": "account_locked", "retryable": false }` (`error` is a short code; a
 * provider's free text is never kept, so no personal data reaches messages). Errors are `UNAUTHORIZED` (located
 * at the header at fault), `INVALID_REQUEST` (located at the body field) or `USAGE` (the secret is malformed).
 * A replayed callback verifies again within the 5 minutes: the caller finishes a step once and ignores repeats.
 *
 * @example
 * const cb = verifyProviderCallback(rawBody, req.headers, env.MAILER_WEBHOOK_SECRET, new Date());
 * if (cb.ok) await finishPendingStep(cb.value.idempotencyKey, cb.value.outcome);
 */
export function verifyProviderCallback(
  rawBody: string | Uint8Array,
  headers: HeaderSource,
  secret: string,
  now: Date,
): Result<ProviderCallback> {
  const key = parseWebhookSecret(secret);
  if (!key.ok) return key;
  const signed = verifyWebhookSignature({ key: key.value, body: rawBody, headers, now });
  if (!signed.ok) return signed;
  const problem = (path: string, message: string) =>
    fail<ProviderCallback>(new LoupeError("INVALID_REQUEST", `${path}: ${message}`, { path }));
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === "string" ? rawBody : Buffer.from(rawBody).toString("utf8"));
  } catch {
    return problem("body", "is not JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return problem("body", "must be a JSON object");
  const body = json as Record<string, unknown>;
  if (typeof body.request_id !== "string" || !TOKEN.test(body.request_id))
    return problem("body.request_id", "must be the request id Loupe sent");
  if (typeof body.idempotency_key !== "string" || !/^[\x21-\x7e]{1,256}$/.test(body.idempotency_key))
    return problem("body.idempotency_key", "must be the idempotency key Loupe sent");
  const base = {
    messageId: signed.value.id,
    requestId: body.request_id,
    idempotencyKey: body.idempotency_key,
  };
  if (body.status === "done") {
    const parsed = parseProviderResult(body, "body");
    if (!parsed.ok) return parsed;
    const { result, reference } = parsed.value;
    const evidence = `signed callback ${signed.value.id} of ${signed.value.timestamp.toISOString()} verified at ${now.toISOString()}${reference ? `, provider reference ${reference}` : ""}`;
    return ok({ ...base, reference, outcome: { status: "done", value: result, evidence } });
  }
  if (body.status === "failed") {
    if (body.error !== undefined && (typeof body.error !== "string" || !TOKEN.test(body.error)))
      return problem("body.error", "must be a short error code such as 'account_locked'");
    if (body.retryable !== undefined && typeof body.retryable !== "boolean")
      return problem("body.retryable", "must be true or false");
    if (
      body.reference !== undefined &&
      (typeof body.reference !== "string" || !PROVIDER_REFERENCE.test(body.reference))
    )
      return problem("body.reference", "must be 1–200 letters, digits, '.', ':', '_' or '-'");
    const code = body.error ? ` (${body.error})` : "";
    return ok({
      ...base,
      reference: body.reference as string | undefined,
      outcome: {
        status: "failed",
        message: `the provider reported that the request failed${code}`,
        retryable: body.retryable === true,
      },
    });
  }
  return problem("body.status", "must be 'done' or 'failed'");
}
