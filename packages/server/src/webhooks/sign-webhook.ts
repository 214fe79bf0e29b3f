import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefix of Standard Webhooks secrets. */
export const SECRET_PREFIX = "whsec_";

/**
 * A new signing secret: `whsec_` followed by 32 random bytes in base64.
 *
 * @example
 * newWebhookSecret(); // "whsec_3q2+7w…"
 */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    "base64",
  );
}

/**
 * The Standard Webhooks headers for one delivery: `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the secret's bytes.
 *
 * @example
 * const headers = signWebhook({ secret, id: "msg_2b…", timestamp: new Date(), body: '{"type":"x"}' });
 * headers["webhook-signature"]; // "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="
 */
export function signWebhook(input: { secret: string; id: string; timestamp: Date; body: string }): {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
} {
  const seconds = String(Math.floor(input.timestamp.getTime() / 1000));
  const mac = createHmac("sha256", keyOf(input.secret))
    .update(`${input.id}.${seconds}.${input.body}`)
    .digest("base64");
  return { "webhook-id": input.id, "webhook-timestamp": seconds, "webhook-signature": `v1,${mac}` };
}

/**
 * Checks Standard Webhooks headers against the raw body: some `v1,` signature must match (constant-time
 * comparison) and the timestamp must be within `toleranceSeconds` (default 300) of `now`.
 *
 * @example
 * verifyWebhook({ secret, body, headers: req.headers }); // true or false
 */
export function verifyWebhook(input: {
  secret: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  now?: Date;
  toleranceSeconds?: number;
}): boolean {
  const header = (name: string) => {
    const v = input.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = header("webhook-id");
  const timestamp = header("webhook-timestamp");
  const signatures = header("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = (input.now ?? new Date()).getTime() / 1000;
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(
    signWebhook({
      secret: input.secret,
      id,
      timestamp: new Date(Number(timestamp) * 1000),
      body: input.body,
    })["webhook-signature"].slice(3),
    "base64",
  );
  return signatures.split(" ").some((s) => {
    const [version, mac] = s.split(",", 2);
    if (version !== "v1" || !mac) return false;
    const given = Buffer.from(mac, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
