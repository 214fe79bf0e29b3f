import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LoupeError, type System, SystemSchema } from "@loupe/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ProviderRequest } from "../connector/connector.js";
import { connectorFactory } from "../connector/connector-registry.js";
import { HttpConnector, type HttpConnectorOptions } from "./http-connector.js";
import { verifyProviderCallback } from "./verify-provider-callback.js";

/** A service provider on a random local port: answers with the queued replies, records what it received. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string } | "hang";

class ProviderServer {
  readonly received: Received[] = [];
  replies: Reply[] = [];
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const reply = this.replies.shift() ?? { status: 500 };
      if (reply === "hang") return; // never answers: the client's timeout must end it
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.body ?? "");
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/privacy`;
  }

  reset(): void {
    this.received.length = 0;
    this.replies = [];
    this.server.closeAllConnections();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const NOW = new Date("2026-11-22T08:00:00Z");
const EMAIL = "ann.byrne@example.com";
const PHONE = "+15550100123";

/** Standard Webhooks signing written out here with node:crypto, independently of the module under test. */
function sign(secret: string, id: string, seconds: number, body: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${seconds}.${body}`).digest("base64")}`;
}

function system(provider: Record<string, unknown> = {}): System {
  return SystemSchema.parse({
    id: "mailer",
    title: "Mailer",
    connector: "http",
    connection: { env: "MAILER_URL" },
    recipient: "email-platform",
    tables: {
      contacts: { identity: { email: "email" }, fields: { email: "user.contact.email", name: "user.name" } },
    },
    provider: {
      secret_env: "MAILER_SECRET",
      callback_url: "https://privacy.example.com/cb/mailer",
      ...provider,
    },
  });
}

function request(kind: ProviderRequest["kind"] = "erase"): ProviderRequest {
  return {
    requestId: "req-42",
    idempotencyKey: "req-42:mailer",
    kind,
    subject: { email: [EMAIL], phone: [PHONE] },
    categories: ["user.contact.email", "user.name"],
  };
}

const provider = new ProviderServer();
let url = "";
const opened: HttpConnector[] = [];
/** Every message and evidence string produced, checked for personal data at the end. */
const texts: string[] = [];

async function connector(
  settings: Record<string, unknown> = {},
  options: HttpConnectorOptions = { baseDelayMs: 5, maxDelayMs: 20 },
  env: Record<string, string> = {},
): Promise<HttpConnector> {
  const c = new HttpConnector(
    { system: system(settings), env: { MAILER_URL: url, MAILER_SECRET: SECRET, ...env }, now: () => NOW },
    options,
  );
  await c.open();
  opened.push(c);
  return c;
}

async function send(c: HttpConnector, req = request()) {
  const out = await c.send(req);
  if (out.status !== "done") texts.push(out.message);
  else texts.push(out.evidence ?? "");
  return out;
}

beforeAll(async () => {
  url = await provider.start();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  provider.reset();
});
afterAll(async () => {
  await provider.stop();
  expect(texts.length).toBeGreaterThanOrEqual(15);
  for (const t of texts) {
    expect(t).not.toContain(EMAIL);
    expect(t).not.toContain(PHONE);
    expect(t).not.toContain(url);
  }
});

describe("HttpConnector.send", () => {
  it("posts the request as JSON signed per Standard Webhooks, verifiable independently", async () => {
    provider.replies = [
      {
        status: 200,
        body: JSON.stringify({ reference: "job-7", records: { contacts: [{ email: EMAIL, opens: 3 }] } }),
      },
    ];
    const out = await send(await connector(), request("access"));
    expect(out).toEqual({
      status: "done",
      value: { records: { contacts: [{ email: EMAIL, opens: 3 }] } },
      evidence:
        "provider 'mailer' answered HTTP 200 to the access request at 2026-11-22T08:00:00.000Z (reference job-7)",
    });
    expect(provider.received).toHaveLength(1);
    const [got] = provider.received;
    if (!got) throw new Error("nothing received");
    const seconds = Math.floor(NOW.getTime() / 1000);
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["webhook-id"]).toBe("req-42:mailer");
    expect(got.headers["webhook-timestamp"]).toBe(String(seconds));
    expect(got.headers["webhook-signature"]).toBe(sign(SECRET, "req-42:mailer", seconds, got.body));
    expect(JSON.parse(got.body)).toEqual({
      type: "loupe.privacy_request",
      version: 1,
      request_id: "req-42",
      idempotency_key: "req-42:mailer",
      system: "mailer",
      kind: "access",
      subject: { email: [EMAIL] }, // the phone is not sent: the map says the provider keys on e-mail only
      categories: ["user.contact.email", "user.name"],
      callback_url: "https://privacy.example.com/cb/mailer",
    });
  });

  it("sends only the corrections of categories the provider holds", async () => {
    provider.replies = [{ status: 200, body: '{"changed":1}' }];
    const req = {
      ...request("correct"),
      corrections: { "user.name": "Ann Byrne", "user.contact.address": "1 Main St" },
    };
    const out = await send(await connector(), req);
    expect(out).toMatchObject({ status: "done", value: { changed: 1 } });
    expect(JSON.parse(provider.received[0]?.body ?? "{}").corrections).toEqual({ "user.name": "Ann Byrne" });
  });

  it("retries network-side failures with the same body and idempotency key, then succeeds", async () => {
    provider.replies = [{ status: 503 }, { status: 500 }, { status: 200, body: '{"changed":2}' }];
    const out = await send(await connector({ retries: 3 }));
    expect(out).toMatchObject({ status: "done", value: { changed: 2 } });
    expect(provider.received).toHaveLength(3);
    const bodies = new Set(provider.received.map((r) => r.body));
    expect(bodies.size).toBe(1);
    for (const r of provider.received) {
      expect(r.headers["webhook-id"]).toBe("req-42:mailer");
      expect(r.headers["idempotency-key"]).toBe("req-42:mailer");
      expect(r.headers["webhook-signature"]).toBe(
        sign(SECRET, "req-42:mailer", Number(r.headers["webhook-timestamp"]), r.body),
      );
    }
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    provider.replies = [
      { status: 429, headers: { "retry-after": "1" } },
      { status: 200, body: "{}" },
    ];
    const c = await connector({}, { baseDelayMs: 1, maxDelayMs: 1 });
    const t0 = performance.now();
    const out = await send(c);
    expect(out.status).toBe("done");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(990);
    expect(provider.received).toHaveLength(2);
  });

  it("gives up on a Retry-After longer than it may wait, as retryable", async () => {
    provider.replies = [{ status: 503, headers: { "retry-after": "3600" } }];
    const out = await send(await connector({}, { baseDelayMs: 5, maxRetryAfterMs: 10_000 }));
    expect(out).toEqual({
      status: "failed",
      message: "provider 'mailer': HTTP 503; asked to retry after 3600 s",
      retryable: true,
    });
    expect(provider.received).toHaveLength(1);
  });

  it("fails as retryable once the retries are used up", async () => {
    provider.replies = [{ status: 502 }, { status: 502 }, { status: 502 }, { status: 200, body: "{}" }];
    const out = await send(await connector({ retries: 2 }));
    expect(out).toEqual({
      status: "failed",
      message: "provider 'mailer': HTTP 502; gave up after 3 attempts",
      retryable: true,
    });
    expect(provider.received).toHaveLength(3);
  });

  it.each([400, 403, 404, 422])("does not retry a %i and reports no part of the answer", async (status) => {
    provider.replies = [
      { status, body: JSON.stringify({ error: `unknown contact ${EMAIL}` }) },
      { status: 200 },
    ];
    const out = await send(await connector({ retries: 3 }));
    expect(out).toEqual({
      status: "failed",
      message: `provider 'mailer': refused the erase request: HTTP ${status}`,
      retryable: false,
    });
    expect(provider.received).toHaveLength(1);
  });

  it("does not follow redirects", async () => {
    provider.replies = [{ status: 307, headers: { location: "http://127.0.0.1:1/elsewhere" } }];
    const out = await send(await connector());
    expect(out).toMatchObject({ status: "failed", retryable: false });
    expect(out.status === "failed" && out.message).toContain("redirects are not followed");
    expect(provider.received).toHaveLength(1);
  });

  it("ends a silent attempt at the timeout and retries it", async () => {
    provider.replies = ["hang", "hang"];
    const c = await connector({ timeout: "200ms", retries: 1 });
    const t0 = performance.now();
    const out = await send(c);
    expect(out).toEqual({
      status: "failed",
      message: "provider 'mailer': no answer within 200 ms; gave up after 2 attempts",
      retryable: true,
    });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(provider.received).toHaveLength(2);
  });

  it("reports a refused connection as a retryable network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = await connector(
      { retries: 1 },
      { baseDelayMs: 5 },
      { MAILER_URL: `http://127.0.0.1:${port}/` },
    );
    const out = await send(c);
    expect(out).toEqual({
      status: "failed",
      message: "provider 'mailer': network error (ECONNREFUSED); gave up after 2 attempts",
      retryable: true,
    });
  });

  it("stops waiting when closed", async () => {
    provider.replies = ["hang"];
    const c = await connector({ timeout: "20s" });
    const pending = send(c);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    await c.close();
    expect(await pending).toEqual({
      status: "failed",
      message: "provider 'mailer': the connector was closed",
      retryable: true,
    });
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it("fails a 200 with an invalid result, naming the field and not its value", async () => {
    provider.replies = [
      { status: 200, body: JSON.stringify({ records: { contacts: [{ email: { v: EMAIL } }] } }) },
    ];
    const out = await send(await connector(), request("access"));
    expect(out).toEqual({
      status: "failed",
      message:
        "provider 'mailer': answered HTTP 200 with an invalid result: body.records.contacts[0].email: must be a string, number, boolean or null",
      retryable: false,
    });
    provider.replies = [{ status: 200, body: `not json ${EMAIL}` }];
    expect(await send(opened[0] as HttpConnector)).toMatchObject({ status: "failed", retryable: false });
  });

  it("fails an answer larger than the limit", async () => {
    provider.replies = [
      { status: 200, body: JSON.stringify({ records: { big: [{ v: "x".repeat(5000) }] } }) },
    ];
    const out = await send(await connector({}, { maxResponseBytes: 1000 }), request("access"));
    expect(out).toEqual({
      status: "failed",
      message: "provider 'mailer': answered HTTP 200 with more than 1000 bytes",
      retryable: false,
    });
  });
});

describe("asynchronous providers", () => {
  it("turns a 202 into pending, then accepts the provider's signed callback", async () => {
    provider.replies = [{ status: 202, headers: { "retry-after": "60" }, body: '{"reference":"job-981"}' }];
    const c = await connector();
    const out = await send(c, request("access"));
    expect(out).toEqual({
      status: "pending",
      reference: "job-981",
      message:
        "provider 'mailer' accepted the access request (reference job-981); its result arrives by signed callback",
      retryAfterMs: 60_000,
    });
    // The provider finishes later and calls back, signing with the shared secret.
    const sent = JSON.parse(provider.received[0]?.body ?? "{}");
    const body = JSON.stringify({
      request_id: sent.request_id,
      idempotency_key: sent.idempotency_key,
      status: "done",
      reference: "job-981",
      records: { contacts: [{ email: EMAIL, subscribed: false }] },
    });
    const at = Math.floor(NOW.getTime() / 1000) - 120;
    const headers = {
      "webhook-id": "cb_1",
      "webhook-timestamp": String(at),
      "webhook-signature": sign(SECRET, "cb_1", at, body),
    };
    const cb = c.verifyCallback(Buffer.from(body), headers);
    expect(cb).toEqual({
      ok: true,
      value: {
        messageId: "cb_1",
        requestId: "req-42",
        idempotencyKey: "req-42:mailer",
        reference: "job-981",
        outcome: {
          status: "done",
          value: { records: { contacts: [{ email: EMAIL, subscribed: false }] } },
          evidence:
            "signed callback cb_1 of 2026-11-22T07:58:00.000Z verified at 2026-11-22T08:00:00.000Z, provider reference job-981",
        },
      },
    });
    if (cb.ok && cb.value.outcome.status === "done") texts.push(cb.value.outcome.evidence ?? "");
  });

  it("accepts a signed failure with an error code", async () => {
    const body =
      '{"request_id":"req-42","idempotency_key":"req-42:mailer","status":"failed","error":"account_locked"}';
    const at = Math.floor(NOW.getTime() / 1000);
    const cb = verifyProviderCallback(
      body,
      new Headers({
        "webhook-id": "cb_2",
        "webhook-timestamp": String(at),
        "webhook-signature": sign(SECRET, "cb_2", at, body),
      }),
      SECRET,
      NOW,
    );
    expect(cb.ok && cb.value.outcome).toEqual({
      status: "failed",
      message: "the provider reported that the request failed (account_locked)",
      retryable: false,
    });
  });

  describe("rejects", () => {
    const body = '{"request_id":"req-42","idempotency_key":"req-42:mailer","status":"done","changed":1}';
    const at = Math.floor(NOW.getTime() / 1000);
    const good = {
      "webhook-id": "cb_3",
      "webhook-timestamp": String(at),
      "webhook-signature": sign(SECRET, "cb_3", at, body),
    };
    const rejected = (rawBody: string, headers: Record<string, string>, secret = SECRET) => {
      const r = verifyProviderCallback(rawBody, headers, secret, NOW);
      if (r.ok) throw new Error("accepted");
      const [e] = r.errors;
      return { code: e?.code, path: e?.location?.path, message: e?.message };
    };

    it("a tampered body", () => {
      expect(rejected(body.replace('"changed":1', '"changed":9'), good)).toEqual({
        code: "UNAUTHORIZED",
        path: "headers.webhook-signature",
        message: "webhook-signature does not match the body",
      });
    });

    it("another secret's signature", () => {
      const other = `whsec_${randomBytes(32).toString("base64")}`;
      expect(rejected(body, good, other).path).toBe("headers.webhook-signature");
    });

    it("a signature moved to another message id", () => {
      expect(rejected(body, { ...good, "webhook-id": "cb_4" }).path).toBe("headers.webhook-signature");
    });

    it.each([
      ["six minutes old", at - 360],
      ["six minutes ahead", at + 360],
    ])("a callback %s", (_, ts) => {
      const headers = {
        "webhook-id": "cb_5",
        "webhook-timestamp": String(ts),
        "webhook-signature": sign(SECRET, "cb_5", ts, body),
      };
      expect(rejected(body, headers)).toEqual({
        code: "UNAUTHORIZED",
        path: "headers.webhook-timestamp",
        message: "webhook-timestamp is 360 s away from now (at most 300 s allowed)",
      });
    });

    it("missing headers", () => {
      expect(rejected(body, {}).path).toBe("headers.webhook-id");
      expect(rejected(body, { "webhook-id": "cb_3" }).path).toBe("headers.webhook-timestamp");
      expect(rejected(body, { ...good, "webhook-signature": "" }).path).toBe("headers.webhook-signature");
    });

    it("a signed body with an invalid field, located", () => {
      const bad = '{"request_id":"req-42","idempotency_key":"req-42:mailer","status":"done","changed":-1}';
      const headers = { ...good, "webhook-signature": sign(SECRET, "cb_3", at, bad) };
      expect(rejected(bad, headers)).toEqual({
        code: "INVALID_REQUEST",
        path: "body.changed",
        message: "body.changed: must be a whole number of records, 0 or more",
      });
      const noStatus = '{"request_id":"req-42","idempotency_key":"req-42:mailer"}';
      expect(
        rejected(noStatus, { ...good, "webhook-signature": sign(SECRET, "cb_3", at, noStatus) }).path,
      ).toBe("body.status");
    });

    it("a malformed secret, without repeating it", () => {
      const r = rejected(body, good, "whsec_short");
      expect(r.code).toBe("USAGE");
      expect(r.message).not.toContain("short");
    });
  });
});

describe("settings", () => {
  const open = async (env: Record<string, string | undefined>, provider: Record<string, unknown> = {}) => {
    const c = new HttpConnector({ system: system(provider), env, now: () => NOW });
    try {
      await c.open();
      return undefined;
    } catch (e) {
      expect(e).toBeInstanceOf(LoupeError);
      return e as LoupeError;
    }
  };

  it("come from the environment, and errors name the variable, never its value", async () => {
    expect(await open({ MAILER_URL: url, MAILER_SECRET: SECRET })).toBeUndefined();
    expect((await open({ MAILER_SECRET: SECRET }))?.toJSON()).toEqual({
      code: "UNAVAILABLE",
      message: "system 'mailer': environment variable MAILER_URL is not set (it holds the provider's URL)",
    });
    const ftp = await open({ MAILER_URL: "ftp://user:pw@files.example", MAILER_SECRET: SECRET });
    expect(ftp?.message).toBe(
      "system 'mailer': environment variable MAILER_URL does not hold an http(s) URL",
    );
    const weak = await open({ MAILER_URL: url, MAILER_SECRET: "whsec_c2VjcmV0" });
    expect(weak?.code).toBe("USAGE");
    expect(weak?.message).toContain("MAILER_SECRET");
    expect(weak?.message).not.toContain("c2VjcmV0");
    expect((await open({ MAILER_URL: url }, { secret_env: undefined }))?.toJSON()).toEqual({
      code: "MAP_INVALID",
      message: "system 'mailer' (http) needs provider.secret_env",
      location: { path: "systems.mailer.provider.secret_env" },
    });
  });

  it("are strict in the map: variable names only, no secrets", () => {
    const parse = (provider: unknown) =>
      SystemSchema.safeParse({
        id: "mailer",
        connector: "http",
        connection: { env: "MAILER_URL" },
        provider,
      });
    expect(
      parse({ secret_env: "MAILER_SECRET", timeout: "5s", retries: 2, callback_url: "https://x.example/cb" })
        .success,
    ).toBe(true);
    expect(parse({ secret: SECRET }).success).toBe(false);
    expect(parse({ secret_env: "whsec_abc" }).success).toBe(false);
    expect(parse({ timeout: "5 minutes" }).success).toBe(false);
    expect(parse({ callback_url: "javascript:alert(1)" }).success).toBe(false);
  });

  it("registers the http and manual connector kinds", async () => {
    await import("../manual/manual-connector.js");
    const ctx = { system: system(), env: {}, now: () => NOW };
    expect(connectorFactory("http")?.(ctx)).toBeInstanceOf(HttpConnector);
    expect(
      connectorFactory("manual")?.({ ...ctx, system: { ...ctx.system, connector: "manual" } })?.kind,
    ).toBe("manual");
  });

  it("describe the map's tables", async () => {
    const c = new HttpConnector({ system: system(), env: {}, now: () => NOW });
    expect(await c.describe()).toEqual({
      system: "mailer",
      kind: "http",
      tables: [
        {
          name: "contacts",
          columns: ["email", "name"],
          primaryKey: [],
          maxLength: {},
          nullable: [],
          types: {},
          foreignKeys: [],
          estimatedRows: 0,
        },
      ],
    });
  });
});
