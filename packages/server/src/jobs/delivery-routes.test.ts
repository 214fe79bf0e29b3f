import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type LoupeApp } from "../app/create-app.js";
import { sha256 } from "../config/load-config.js";
import { queueMail } from "../mail/queue-mail.js";
import { isSuppressed } from "../suppression/record-suppression.js";
import { AURORA_MAP, TEST_STORES } from "../testing/test-stores.js";

const KEY = "admin-key-for-delivery-routes-test";
const auth = { Authorization: `Bearer ${KEY}` };
const json = { ...auth, "Content-Type": "application/json" };

describe("suppression, webhook and outbox admin API", () => {
  let app: LoupeApp;
  let dispose: () => Promise<void>;
  let logs = "";

  beforeAll(async () => {
    const kind = TEST_STORES.find((k) => k.name === "postgres");
    if (!kind) throw new Error("no postgres test store");
    const opened = await kind.open();
    dispose = opened.dispose;
    app = await createApp({
      store: opened.store,
      config: {
        mapPath: AURORA_MAP,
        apiKeyHash: sha256(KEY),
        rateLimit: { perSecond: 1, burst: 3 },
        logLevel: "info",
      },
      logDestination: new Writable({
        write(chunk, _enc, done) {
          logs += chunk.toString();
          done();
        },
      }),
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it("refuses every route without the API key", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/suppressions"],
      ["POST", "/api/v1/suppressions"],
      ["POST", "/api/v1/suppressions/check"],
      ["POST", "/api/v1/suppressions/check-batch"],
      ["GET", "/api/v1/suppressions/export.csv"],
      ["GET", "/api/v1/webhooks/endpoints"],
      ["POST", "/api/v1/webhooks/endpoints"],
      ["GET", "/api/v1/webhooks/deliveries"],
      ["GET", "/api/v1/mail/outbox"],
    ] as const) {
      const res = await app.request(path, {
        method,
        headers: { Authorization: "Bearer wrong-key-wrong-key", "Content-Type": "application/json" },
        ...(method === "POST" ? { body: "{}" } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it("logs a phone request, checks it, exports it as JSON and CSV, and tells a webhook receiver", async () => {
    const endpoint = await app.request("/api/v1/webhooks/endpoints", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ url: "http://127.0.0.1:9/unreachable", types: ["suppression.created"] }),
    });
    expect(endpoint.status).toBe(201);
    const created = (await endpoint.json()) as { id: string; secret: string; types: string[] };
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await (await app.request("/api/v1/webhooks/endpoints", { headers: auth })).json();
    expect(listed.endpoints).toEqual([expect.objectContaining({ id: created.id, enabled: true })]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const logged = await app.request("/api/v1/suppressions", {
      method: "POST",
      headers: json,
      body: JSON.stringify({
        phone: "+1 415 555 0142",
        channel: "phone",
        source: "phone-call",
        receivedAt: "2026-11-21T15:04:05Z",
      }),
    });
    expect(logged.status).toBe(201);
    expect(await isSuppressed(app.store.db, { phone: "+14155550142", channel: "phone" })).toBe(true);

    const check = await app.request("/api/v1/suppressions/check", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ phone: "0014155550142", channel: "phone", scope: "topic:events" }),
    });
    expect(await check.json()).toEqual({ suppressed: true });
    const batch = await app.request("/api/v1/suppressions/check-batch", {
      method: "POST",
      headers: json,
      body: JSON.stringify({
        items: [
          { phone: "+14155550142", channel: "phone" },
          { phone: "+14155550142", channel: "sms" },
          { email: "someone@example.com", channel: "email" },
        ],
      }),
    });
    expect(await batch.json()).toEqual({ results: [true, false, false] });

    const changes = await (await app.request("/api/v1/suppressions?after=0", { headers: auth })).json();
    expect(changes.entries).toEqual([
      expect.objectContaining({
        keyKind: "phone",
        channel: "phone",
        scope: "all",
        source: "phone-call",
        receivedAt: "2026-11-21T15:04:05.000Z",
      }),
    ]);
    const none = await (
      await app.request(`/api/v1/suppressions?after=${changes.cursor}`, { headers: auth })
    ).json();
    expect(none).toEqual({ entries: [], next: null, cursor: changes.cursor });

    const csv = await app.request("/api/v1/suppressions/export.csv", { headers: auth });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      `phone,${changes.entries[0].keyHash},phone,all,phone-call,2026-11-21T15:04:05.000Z`,
    );

    const deliveries = await (
      await app.request(`/api/v1/webhooks/deliveries?endpoint=${created.id}`, { headers: auth })
    ).json();
    expect(deliveries.deliveries).toEqual([
      expect.objectContaining({
        endpointId: created.id,
        eventType: "suppression.created",
        status: "pending",
      }),
    ]);
    const off = await app.request(`/api/v1/webhooks/endpoints/${created.id}`, {
      method: "PATCH",
      headers: json,
      body: JSON.stringify({ enabled: false }),
    });
    expect(await off.json()).toMatchObject({ id: created.id, enabled: false });
  });

  it("validates every input and names the field", async () => {
    const cases: [string, string, unknown, string][] = [
      [
        "POST",
        "/api/v1/suppressions",
        { phone: "555-0142", channel: "phone", source: "phone-call" },
        "phone",
      ],
      ["POST", "/api/v1/suppressions", { phone: "+14155550142", channel: "phone", source: "link" }, "source"],
      [
        "POST",
        "/api/v1/suppressions",
        { address: "1 Elm St", channel: "post", source: "postal", extra: 1 },
        "",
      ],
      ["POST", "/api/v1/suppressions/check", { email: "a@example.com", channel: "fax" }, "channel"],
      [
        "POST",
        "/api/v1/suppressions/check-batch",
        {
          items: [
            { email: "a@example.com", channel: "email" },
            { email: "x", channel: "email" },
          ],
        },
        "items[1].email",
      ],
      ["POST", "/api/v1/webhooks/endpoints", { url: "ftp://example.com/hook" }, "url"],
      ["PATCH", "/api/v1/webhooks/endpoints/not-a-uuid", { enabled: true }, "id"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await app.request(path, { method, headers: json, body: JSON.stringify(body) });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      const error = (await res.json()).error;
      expect(error.code).toBe("INVALID_REQUEST");
      if (field) expect(error.location?.path).toBe(field);
    }
    for (const path of [
      "/api/v1/suppressions?after=abc",
      "/api/v1/webhooks/deliveries?status=lost",
      "/api/v1/mail/outbox?limit=0",
    ]) {
      const res = await app.request(path, { headers: auth });
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.location.path).toMatch(/^query\./);
    }
    const unknown = await app.request("/api/v1/webhooks/endpoints/00000000-0000-4000-8000-000000000000", {
      method: "PATCH",
      headers: json,
      body: JSON.stringify({ enabled: true }),
    });
    expect(unknown.status).toBe(404);
  });

  it("lists the outbox for the admin console", async () => {
    const { id } = await queueMail(
      { db: app.store.db, queue: app.queue },
      { to: "ada@example.com", subject: "Your request", text: "Received.", kind: "request-ack" },
    );
    const res = await app.request("/api/v1/mail/outbox?kind=request-ack", { headers: auth });
    const body = await res.json();
    expect(body.mail).toEqual([expect.objectContaining({ id, to: "ada@example.com", kind: "request-ack" })]);
  });

  it("keeps personal data out of the logs", () => {
    expect(logs).toContain('"route":"/api/v1/suppressions"');
    for (const personal of ["4155550142", "415 555", "ada@example.com", "someone@example.com", "whsec_"])
      expect(logs).not.toContain(personal);
  });

  it("rate-limits the admin routes per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await app.request("/api/v1/mail/outbox", { headers: auth })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThan(40);
  });

  it("documents its routes in the OpenAPI document", async () => {
    const doc = await (await app.request("/openapi.json")).json();
    for (const path of [
      "/api/v1/suppressions",
      "/api/v1/suppressions/check",
      "/api/v1/suppressions/check-batch",
      "/api/v1/suppressions/export.csv",
      "/api/v1/webhooks/endpoints",
      "/api/v1/webhooks/endpoints/{id}",
      "/api/v1/webhooks/deliveries",
      "/api/v1/mail/outbox",
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths["/api/v1/suppressions/check"].post.security).toEqual([{ apiKey: [] }]);
  });
});
