import { createHmac, timingSafeEqual } from "node:crypto";
import { fail, LoupeError, ok, type Result } from "@loupe/core";

/**
 * Standard Webhooks (https://www.standardwebhooks.com) signing, used both ways between Loupe and a service
 * provider: `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, keyed with the bytes of a `whsec_<base64>` secret.
 */

/** Prefix of Standard Webhooks secrets. */
export const WEBHOOK_SECRET_PREFIX = "whsec_";

/** How far a signed message's timestamp may be from the receiver's clock, in seconds (Standard Webhooks: 5 min). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Headers as `fetch` or `node:http` give them. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * The key bytes of a Standard Webhooks secret: `whsec_` followed by base64 of 24 to 64 bytes (the prefix may be
 * left out). The message never repeats the secret.
 *
 * @example
 * parseWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ok; // true
 * parseWebhookSecret("hunter2").ok; // false
 */
export function parseWebhookSecret(secret: string): Result<Buffer> {
  const b64 = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  const key =
    /^[A-Za-z0-9+/]+={0,2}$/.test(b64) && b64.length % 4 === 0 ? Buffer.from(b64, "base64") : undefined;
  if (!key || key.length < 24 || key.length > 64)
    return fail(
      new LoupeError(
        "USAGE",
        "not a Standard Webhooks secret: expected 'whsec_' followed by base64 of 24 to 64 random bytes",
      ),
    );
  return ok(key);
}

function mac(key: Buffer, id: string, seconds: string, body: string | Uint8Array): Buffer {
  return createHmac("sha256", key).update(`${id}.${seconds}.`).update(body).digest();
}

/**
 * The three Standard Webhooks headers for one message. The body is signed as given (the exact bytes sent).
 *
 * @example
 * const key = parseWebhookSecret(process.env.MAILER_WEBHOOK_SECRET ?? "");
 * if (key.ok) signWebhookPayload({ key: key.value, id: "req-42:mailer", timestamp: new Date(), body: "{}" });
 * // { "webhook-id": "req-42:mailer", "webhook-timestamp": "1795330000", "webhook-signature": "v1,…" }
 */
export function signWebhookPayload(input: {
  key: Buffer;
  id: string;
  timestamp: Date;
  body: string | Uint8Array;
}): { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string } {
  const seconds = String(Math.floor(input.timestamp.getTime() / 1000));
  const signature = mac(input.key, input.id, seconds, input.body).toString("base64");
  return { "webhook-id": input.id, "webhook-timestamp": seconds, "webhook-signature": `v1,${signature}` };
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name] ?? headers[Object.keys(headers).find((k) => k.toLowerCase() === name) ?? ""];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Checks a signed message against its raw body: the timestamp must be within `toleranceSeconds` of `now` (either
 * way) and one of the space-separated `v1,` signatures must match, compared in constant time. Returns the message
 * id and time; failures are `UNAUTHORIZED` errors located at the header at fault.
 *
 * @example
 * const checked = verifyWebhookSignature({ key, body: rawBody, headers: req.headers, now: new Date() });
 * if (checked.ok) checked.value.id; // "msg_2b…"
 */
export function verifyWebhookSignature(input: {
  key: Buffer;
  body: string | Uint8Array;
  headers: HeaderSource;
  now: Date;
  toleranceSeconds?: number;
}): Result<{ id: string; timestamp: Date }> {
  const denied = (name: string, message: string) =>
    fail<{ id: string; timestamp: Date }>(
      new LoupeError("UNAUTHORIZED", message, { path: `headers.${name}` }),
    );
  const id = header(input.headers, "webhook-id");
  const seconds = header(input.headers, "webhook-timestamp");
  const signatures = header(input.headers, "webhook-signature");
  if (!id || !/^[\x21-\x7e]{1,256}$/.test(id))
    return denied("webhook-id", "webhook-id is missing or malformed");
  if (!seconds || !/^\d{1,12}$/.test(seconds))
    return denied("webhook-timestamp", "webhook-timestamp is missing or not Unix seconds");
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  const skew = Math.abs(input.now.getTime() / 1000 - Number(seconds));
  if (skew > tolerance)
    return denied(
      "webhook-timestamp",
      `webhook-timestamp is ${Math.round(skew)} s away from now (at most ${tolerance} s allowed)`,
    );
  if (!signatures) return denied("webhook-signature", "webhook-signature is missing");
  const expected = mac(input.key, id, seconds, input.body);
  const matches = signatures.split(" ").some((s) => {
    const comma = s.indexOf(",");
    if (comma < 0 || s.slice(0, comma) !== "v1") return false;
    const given = Buffer.from(s.slice(comma + 1), "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return denied("webhook-signature", "webhook-signature does not match the body");
  return ok({ id, timestamp: new Date(Number(seconds) * 1000) });
}
