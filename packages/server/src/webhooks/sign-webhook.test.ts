import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhook, verifyWebhook } from "./sign-webhook.js";

const DOCS = new URL("../../../../docs/webhooks.md", import.meta.url);

// The example of the Standard Webhooks specification (and of Svix's libraries, which it comes from).
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signatures", () => {
  it("matches the specification's example", () => {
    const headers = signWebhook({
      secret: SPEC.secret,
      id: SPEC.id,
      timestamp: new Date(SPEC.timestamp * 1000),
      body: SPEC.body,
    });
    expect(headers).toEqual({
      "webhook-id": SPEC.id,
      "webhook-timestamp": String(SPEC.timestamp),
      "webhook-signature": SPEC.signature,
    });
  });

  it("verifies the right signature and refuses a changed body, id, secret or an old timestamp", () => {
    const now = new Date(SPEC.timestamp * 1000 + 60_000);
    const headers = {
      "webhook-id": SPEC.id,
      "webhook-timestamp": String(SPEC.timestamp),
      "webhook-signature": SPEC.signature,
    };
    expect(verifyWebhook({ secret: SPEC.secret, body: SPEC.body, headers, now })).toBe(true);
    // Several signatures (during a key rotation): one valid is enough.
    expect(
      verifyWebhook({
        secret: SPEC.secret,
        body: SPEC.body,
        headers: { ...headers, "webhook-signature": `v1,AAAA ${SPEC.signature}` },
        now,
      }),
    ).toBe(true);
    expect(verifyWebhook({ secret: SPEC.secret, body: '{"test": 2432232315}', headers, now })).toBe(false);
    expect(
      verifyWebhook({
        secret: SPEC.secret,
        body: SPEC.body,
        headers: { ...headers, "webhook-id": "msg_x" },
        now,
      }),
    ).toBe(false);
    expect(verifyWebhook({ secret: newWebhookSecret(), body: SPEC.body, headers, now })).toBe(false);
    expect(
      verifyWebhook({
        secret: SPEC.secret,
        body: SPEC.body,
        headers,
        now: new Date(SPEC.timestamp * 1000 + 301_000),
      }),
    ).toBe(false);
    expect(
      verifyWebhook({
        secret: SPEC.secret,
        body: SPEC.body,
        headers: { ...headers, "webhook-signature": undefined },
        now,
      }),
    ).toBe(false);
  });

  it("makes whsec_ secrets of 32 random bytes", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it("agrees with the receiver example in docs/webhooks.md", () => {
    const text = readFileSync(DOCS, "utf8");
    const source = /\nfunction verify\(headers, body\) \{[\s\S]*?\n\}\n/.exec(text)?.[0];
    expect(source).toBeDefined();
    const secret = newWebhookSecret();
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const verify = new Function("createHmac", "timingSafeEqual", "key", `${source}; return verify;`)(
      createHmac,
      timingSafeEqual,
      key,
    ) as (headers: Record<string, string>, body: string) => boolean;
    const body = '{"type":"suppression.created"}';
    const headers = signWebhook({ secret, id: "msg_1", timestamp: new Date(), body });
    expect(verify(headers, body)).toBe(true);
    expect(verify(headers, `${body} `)).toBe(false);
    expect(
      verify({ ...headers, "webhook-signature": headers["webhook-signature"].replace("v1,", "v2,") }, body),
    ).toBe(false);
    const old = signWebhook({ secret, id: "msg_1", timestamp: new Date(Date.now() - 600_000), body });
    expect(verify(old, body)).toBe(false);
  });
});
