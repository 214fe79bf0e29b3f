import { describe, expect, it } from "vitest";
import { parseWebhookSecret, signWebhookPayload, verifyWebhookSignature } from "./webhook-signature.js";

// The example published with the Standard Webhooks specification.
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  seconds: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

function key(secret: string): Buffer {
  const k = parseWebhookSecret(secret);
  if (!k.ok) throw new Error("bad secret");
  return k.value;
}

describe("Standard Webhooks signatures", () => {
  it("match the specification's example", () => {
    const headers = signWebhookPayload({
      key: key(SPEC.secret),
      id: SPEC.id,
      timestamp: new Date(SPEC.seconds * 1000),
      body: SPEC.body,
    });
    expect(headers).toEqual({
      "webhook-id": SPEC.id,
      "webhook-timestamp": String(SPEC.seconds),
      "webhook-signature": SPEC.signature,
    });
  });

  it("verify from bytes, with several signatures (key rotation) and any header case", () => {
    const r = verifyWebhookSignature({
      key: key(SPEC.secret),
      body: Buffer.from(SPEC.body),
      headers: {
        "Webhook-Id": SPEC.id,
        "webhook-timestamp": String(SPEC.seconds),
        "webhook-signature": `v1,AAAA ${SPEC.signature}`,
      },
      now: new Date((SPEC.seconds + 299) * 1000),
    });
    expect(r).toEqual({ ok: true, value: { id: SPEC.id, timestamp: new Date(SPEC.seconds * 1000) } });
  });

  it("accept secrets without the prefix and refuse short or non-base64 ones", () => {
    expect(parseWebhookSecret(SPEC.secret.slice(6)).ok).toBe(true);
    expect(parseWebhookSecret("whsec_c2VjcmV0").ok).toBe(false); // 6 bytes
    expect(parseWebhookSecret("whsec_not base64!").ok).toBe(false);
    expect(parseWebhookSecret("").ok).toBe(false);
  });
});
