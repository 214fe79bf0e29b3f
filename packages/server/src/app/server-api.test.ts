import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../log/create-logger.js";
import type { Store } from "../store/open-store.js";
import { AURORA_MAP, TEST_STORES } from "../testing/test-stores.js";
import { createApp, type LoupeApp } from "./create-app.js";

const API_KEY = "aurora-admin-key-0123456789abcdef";
const auth = { Authorization: `Bearer ${API_KEY}` };
const NOW = new Date("2026-11-02T09:30:00.000Z");
const VISITOR = "v_3f9a2c71d4e84b06";
const EMAIL = "jane.doe@example.com";
const IP = "203.0.113.77";

describe.each(TEST_STORES)("server on $name", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: LoupeApp;
  let logs = "";
  let notice: { version: string; configHash: string };

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Forwarded-For": IP,
        "User-Agent": "TestBrowser/1.0",
        ...headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const receipt = (over: Record<string, unknown> = {}) => ({
    visitorId: VISITOR,
    action: "save",
    source: "dialog",
    granted: ["analytics"],
    noticeVersion: notice.version,
    configHash: notice.configHash,
    language: "fr-FR",
    ...over,
  });

  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
    const destination = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    app = await createApp({
      store,
      now: () => NOW,
      logger: createLogger({ level: "debug", destination }),
      config: {
        mapPath: AURORA_MAP,
        apiKeyHash: (await import("../config/load-config.js")).sha256(API_KEY),
        corsOrigins: ["https://aurora-jewelry.example"],
        clientIpHeader: "x-forwarded-for",
        rateLimit: { perSecond: 1000, burst: 1000 },
      },
    });
    const config = await (
      await app.request("/api/v1/consent/config", { headers: { "CF-IPCountry": "FR" } })
    ).json();
    notice = { version: config.notice.version, configHash: config.configHash };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it("GET /healthz checks the store", async () => {
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", store: kind.name });
  });

  it("GET /privacy serves the rendered notice and stores its version once", async () => {
    const res = await app.request("/privacy");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain("Aurora Fine Jewelry");
    expect(html).toContain(notice.version);
    expect(res.headers.get("etag")).toBe(`"${notice.version}"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(
      (await app.request("/privacy", { headers: { "If-None-Match": `"${notice.version}"` } })).status,
    ).toBe(304);

    // A second app on the same store publishes nothing new.
    const again = await createApp({
      store,
      now: () => NOW,
      config: { mapPath: AURORA_MAP, logLevel: "silent" },
    });
    await again.close();
    const list = await app.request("/privacy/versions", { headers: { Accept: "application/json" } });
    const body = await list.json();
    expect(body.current).toBe(notice.version);
    expect(body.versions).toHaveLength(1);
    expect(body.versions[0]).toMatchObject({ version: notice.version, lastUpdated: "2026-11-01" });
    const page = await (await app.request("/privacy/versions")).text();
    expect(page).toContain(`href="${body.versions[0].url}"`);
    const one = await app.request(body.versions[0].url);
    expect(one.status).toBe(200);
    expect(await one.text()).toBe(html);
    const missing = await app.request("/privacy/versions/sha256:000000000000");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "NOT_FOUND", message: "no notice version 'sha256:000000000000' was published" },
    });
  });

  it("GET /.well-known/gpc.json declares GPC support", async () => {
    const res = await app.request("/.well-known/gpc.json");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ gpc: true, lastUpdate: "2026-11-01" });
  });

  it("GET /openapi.json describes every route with the zod schemas", async () => {
    const doc = await (await app.request("/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/healthz",
      "/privacy",
      "/privacy/versions",
      "/privacy/versions/{version}",
      "/.well-known/gpc.json",
      "/api/v1/consent",
      "/api/v1/consent/config",
      "/api/v1/consent/withdraw",
      "/api/v1/consent/link",
      "/api/v1/consent/visitor/{id}",
      "/api/v1/consent/customer/{id}",
      "/api/v1/consent/customer/{id}/receipts",
      "/consent/customer/{id}/receipts",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const request = doc.components.schemas.RecordConsentRequest;
    expect(request.properties.receipts).toMatchObject({ maxItems: 100, minItems: 1 });
    expect(request.properties.receipts.items).toEqual({ $ref: "#/components/schemas/ReceiptInput" });
    expect(doc.components.schemas.ReceiptInput.properties.action.enum).toEqual([
      "accept-all",
      "reject-all",
      "save",
      "withdraw",
      "gpc",
    ]);
    expect(doc.components.schemas.ReceiptInput.required).not.toContain("gpc"); // has a default
    expect(JSON.stringify(doc)).not.toContain("#/$defs");
  });

  it("GET /api/v1/consent/config decides the regime from the country header", async () => {
    const fr = await (
      await app.request("/api/v1/consent/config", { headers: { "CF-IPCountry": "FR" } })
    ).json();
    const us = await (await app.request("/api/v1/consent/config", { headers: { "X-Country": "us" } })).json();
    const unknown = await (await app.request("/api/v1/consent/config")).json();
    expect(fr).toMatchObject({ regime: "opt-in", region: "FR", organization: "Aurora Fine Jewelry" });
    expect(us).toMatchObject({ regime: "opt-out", region: "US" });
    expect(unknown).toMatchObject({ regime: "opt-in", region: "unknown" });
    expect(fr.gpc).toEqual({ honoured: true, purposes: ["advertising"] });
    expect(fr.notice).toEqual({ version: notice.version, lastUpdated: "2026-11-01", url: "/privacy" });
    expect(fr.purposes.map((p: { id: string }) => p.id)).toEqual([
      "essential",
      "functional",
      "analytics",
      "advertising",
      "social",
    ]);
    expect(fr.purposes[3]).toMatchObject({
      title: "Targeting/advertising",
      saleOrShare: true,
      cookies: [{ name: "_fbp", provider: "Meta", duration: "3mo" }],
    });
    expect(fr.configHash).not.toBe(us.configHash);
  });

  it("CORS answers only the configured origins", async () => {
    const ok = await app.request("/api/v1/consent", {
      method: "OPTIONS",
      headers: { Origin: "https://aurora-jewelry.example", "Access-Control-Request-Method": "POST" },
    });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://aurora-jewelry.example");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Idempotency-Key/);
    const other = await app.request("/api/v1/consent", {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    // A cross-site form post is refused by the CSRF check.
    const form = await app.request("/api/v1/consent", {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "receipts=1",
    });
    expect(form.status).toBe(403);
    expect((await form.json()).error.code).toBe("FORBIDDEN");
  });

  it("POST /api/v1/consent records receipts with what the server knows", async () => {
    const res = await post(
      "/api/v1/consent",
      {
        receipts: [
          receipt(),
          receipt({
            visitorId: "v_second_visitor_01",
            action: "reject-all",
            granted: undefined,
            source: "banner",
          }),
        ],
      },
      { "CF-IPCountry": "FR", DNT: "1" },
    );
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.receipts).toHaveLength(2);
    expect(body.receipts[0]).toMatchObject({ serverTime: NOW.toISOString() });
    expect(body.receipts[1].id).toBe(body.receipts[0].id + 1);
    const row = await store.db
      .selectFrom("consent_receipts")
      .selectAll()
      .where("id", "=", String(body.receipts[0].id))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      visitor_id: VISITOR,
      customer_id: null,
      granted: ["essential", "analytics"],
      denied: ["functional", "advertising", "social"],
      action: "save",
      source: "dialog",
      gpc: false,
      dnt: true,
      regime: "opt-in",
      region: "FR",
      notice_version: notice.version,
      config_hash: notice.configHash,
      language: "fr-FR",
      ip_truncated: "203.0.113.0/24",
      user_agent: "TestBrowser/1.0",
      hash: body.receipts[0].hash,
    });
    expect(new Date(row.server_time).toISOString()).toBe(NOW.toISOString());
  });

  it("POST /api/v1/consent replays an Idempotency-Key without a duplicate", async () => {
    const key = "0d8f5a36-3c1e-4c55-9a57-2f3d7b4d8e10";
    const body = { receipts: [receipt({ visitorId: "v_idempotent_0001" })] };
    const first = await post("/api/v1/consent", body, { "Idempotency-Key": key });
    const second = await post("/api/v1/consent", body, { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await second.json()).toEqual(await first.json());
    const rows = await store.db
      .selectFrom("consent_receipts")
      .select("id")
      .where("visitor_id", "=", "v_idempotent_0001")
      .execute();
    expect(rows).toHaveLength(1);
    const changed = await post(
      "/api/v1/consent",
      { receipts: [receipt({ visitorId: "v_idempotent_0002" })] },
      { "Idempotency-Key": key },
    );
    expect(changed.status).toBe(409);
    expect((await changed.json()).error.code).toBe("CONFLICT");
  });

  it("POST /api/v1/consent reports validation errors with field paths", async () => {
    const cases: [unknown, number, string, string | undefined][] = [
      [{ receipts: [receipt({ action: "maybe" })] }, 400, "INVALID_REQUEST", "receipts[0].action"],
      [
        { receipts: [receipt(), receipt({ granted: ["analytics", "telepathy"] })] },
        400,
        "INVALID_REQUEST",
        "receipts[1].granted[1]",
      ],
      [{ receipts: [receipt({ visitorId: EMAIL })] }, 400, "INVALID_REQUEST", "receipts[0].visitorId"],
      [
        { receipts: [receipt({ noticeVersion: "sha256:ffffffffffff" })] },
        400,
        "INVALID_REQUEST",
        "receipts[0].noticeVersion",
      ],
      [{ receipts: [receipt({ colour: "blue" })] }, 400, "INVALID_REQUEST", "receipts[0]"],
      [{ receipts: [] }, 400, "INVALID_REQUEST", "receipts"],
      [{ receipts: Array.from({ length: 101 }, () => receipt()) }, 400, "INVALID_REQUEST", "receipts"],
      ["{not json", 400, "INVALID_REQUEST", undefined],
    ];
    for (const [body, status, code, path] of cases) {
      const res = await post("/api/v1/consent", body);
      const json = await res.json();
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect(json.error.code).toBe(code);
      expect(json.error.location?.path).toBe(path);
      expect(JSON.stringify(json)).not.toMatch(/at .*\.ts|stack/);
    }
    const big = await post("/api/v1/consent", { receipts: [], padding: "x".repeat(300 * 1024) });
    expect(big.status).toBe(413);
    expect((await big.json()).error).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      message: "the request body is larger than 256 KiB",
    });
    const wrongType = await app.request("/api/v1/consent", {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body: "a,b",
    });
    expect(wrongType.status).toBe(415);
    expect((await wrongType.json()).error.code).toBe("UNSUPPORTED_FORMAT");
    const first = await (await post("/api/v1/consent", { receipts: [receipt({ action: "maybe" })] })).json();
    expect(first.error.message).toMatch(/^receipts\[0\]\.action: Invalid option/);
  });

  it("GET /api/v1/consent/visitor/:id gives the current state per purpose", async () => {
    const res = await app.request(`/api/v1/consent/visitor/${VISITOR}`);
    expect(res.status).toBe(200);
    const state = await res.json();
    expect(state.subject).toEqual({ kind: "visitor", id: VISITOR });
    const byId = Object.fromEntries(
      state.purposes.map((p: { id: string; state: string }) => [p.id, p.state]),
    );
    expect(byId).toEqual({
      essential: "granted",
      functional: "denied",
      analytics: "granted",
      advertising: "denied",
      social: "denied",
    });
    const nobody = await (await app.request("/api/v1/consent/visitor/v_never_seen_000")).json();
    expect(nobody.lastReceiptId).toBeNull();
    expect(nobody.purposes[1].state).toBe("unset");
    const bad = await app.request("/api/v1/consent/visitor/bad id!");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.location).toEqual({ path: "id" });
  });

  it("admin routes need the bearer API key", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/consent/customer/cus_1"],
      ["GET", "/api/v1/consent/customer/cus_1/receipts"],
      ["GET", "/consent/customer/cus_1/receipts"],
      ["GET", "/api/v1/consent/ledger/verify"],
      ["POST", "/api/v1/consent/link"],
    ] as const) {
      for (const headers of [
        {},
        { Authorization: "Bearer wrong-key-wrong-key-wrong" },
        { Authorization: API_KEY },
      ]) {
        const res = await app.request(path, {
          method,
          headers: { ...headers, "Content-Type": "application/json" },
          body: method === "POST" ? "{}" : undefined,
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect((await res.json()).error.code).toBe("UNAUTHORIZED");
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
    }
    const res = await app.request("/api/v1/consent/ledger/verify", { headers: auth });
    expect(res.status).toBe(200);
    expect((await res.json()).ok).toBe(true);
  });

  it("links a visitor to a customer, whose state and receipts then include the visitor's", async () => {
    const link = await post("/api/v1/consent/link", { visitorId: VISITOR, customerId: EMAIL }, auth);
    expect(link.status).toBe(201);
    expect(await link.json()).toMatchObject({ visitorId: VISITOR, customerId: EMAIL, created: true });
    const again = await post("/api/v1/consent/link", { visitorId: VISITOR, customerId: EMAIL }, auth);
    expect(again.status).toBe(200);
    const badLink = await post("/api/v1/consent/link", { visitorId: VISITOR }, auth);
    expect(badLink.status).toBe(400);
    expect((await badLink.json()).error.location).toEqual({ path: "customerId" });

    const state = await (
      await app.request(`/api/v1/consent/customer/${encodeURIComponent(EMAIL)}`, { headers: auth })
    ).json();
    expect(state.purposes.find((p: { id: string }) => p.id === "analytics")).toMatchObject({
      state: "granted",
      action: "save",
    });
    const list = await (
      await app.request(`/api/v1/consent/customer/${encodeURIComponent(EMAIL)}/receipts`, { headers: auth })
    ).json();
    expect(list.receipts).toHaveLength(1);
    expect(list.receipts[0]).toMatchObject({
      visitorId: VISITOR,
      ipTruncated: "203.0.113.0/24",
      action: "save",
    });
    const page = await app.request(`/consent/customer/${encodeURIComponent(EMAIL)}/receipts`, {
      headers: auth,
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Consent receipts of customer ${EMAIL.replace("@", "@")}`);
    expect(html).toContain("Analytics, Customization and Security");
    expect(html).toContain("save via dialog");
  });

  it("POST /api/v1/consent/withdraw denies every optional purpose", async () => {
    const res = await post("/api/v1/consent/withdraw", { visitorId: VISITOR, customerId: EMAIL });
    expect(res.status).toBe(201);
    const state = await (await app.request(`/api/v1/consent/visitor/${VISITOR}`)).json();
    expect(
      state.purposes.filter((p: { state: string }) => p.state === "granted").map((p: { id: string }) => p.id),
    ).toEqual(["essential"]);
    expect(state.purposes[2]).toMatchObject({
      state: "denied",
      action: "withdraw",
      source: "preference-centre",
    });
    const bad = await post("/api/v1/consent/withdraw", {
      visitorId: VISITOR,
      purposes: ["social", "essential"],
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.location).toEqual({ path: "purposes[1]" });
    const nobody = await post("/api/v1/consent/withdraw", { purposes: ["social"] });
    expect((await nobody.json()).error.location).toEqual({ path: "visitorId" });
  });

  it("Sec-GPC: 1 from an identified customer records a gpc receipt denying sale/share purposes, once", async () => {
    const customer = "cus_gpc_0042";
    await post("/api/v1/consent", {
      receipts: [
        receipt({
          visitorId: "v_gpc_visitor_01",
          customerId: customer,
          action: "accept-all",
          granted: undefined,
        }),
      ],
    });
    const before = await (
      await app.request(`/api/v1/consent/customer/${customer}`, { headers: auth })
    ).json();
    expect(before.purposes[3]).toMatchObject({ id: "advertising", state: "granted" });

    const headers = {
      "Sec-GPC": "1",
      "X-Loupe-Customer": customer,
      "X-Loupe-Visitor": "v_gpc_visitor_01",
      "X-Forwarded-For": IP,
    };
    expect((await app.request("/api/v1/consent/config", { headers })).status).toBe(200);
    expect((await app.request("/api/v1/consent/config", { headers })).status).toBe(200);
    const list = await (
      await app.request(`/api/v1/consent/customer/${customer}/receipts`, { headers: auth })
    ).json();
    const gpc = list.receipts.filter((r: { action: string }) => r.action === "gpc");
    expect(gpc).toHaveLength(1);
    expect(gpc[0]).toMatchObject({
      source: "signal",
      gpc: true,
      denied: ["advertising"],
      granted: [],
      customerId: customer,
      visitorId: "v_gpc_visitor_01",
    });
    const after = await (await app.request(`/api/v1/consent/customer/${customer}`, { headers: auth })).json();
    expect(after.purposes[3]).toMatchObject({
      id: "advertising",
      state: "denied",
      action: "gpc",
      source: "signal",
    });
    expect(after.purposes[2]).toMatchObject({ id: "analytics", state: "granted" });

    // The customer id may also come in the body.
    const other = "cus_gpc_0043";
    await post(
      "/api/v1/consent",
      { receipts: [receipt({ visitorId: "v_gpc_visitor_02", customerId: other })] },
      { "Sec-GPC": "1" },
    );
    const list2 = await (
      await app.request(`/api/v1/consent/customer/${other}/receipts`, { headers: auth })
    ).json();
    expect(list2.receipts.map((r: { action: string }) => r.action)).toEqual(["gpc", "save"]);
    expect(list2.receipts[1].gpc).toBe(true);
  });

  it("the ledger verifies after all of the above", async () => {
    const res = await (await app.request("/api/v1/consent/ledger/verify", { headers: auth })).json();
    expect(res.ok).toBe(true);
    expect(res.count).toBeGreaterThan(5);
  });

  it("unknown routes and errors are JSON without a stack", async () => {
    const res = await app.request("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "no route for GET /nope" } });
  });

  it("logs carry no personal data", async () => {
    await post(
      "/api/v1/consent",
      { receipts: [receipt({ customerId: EMAIL })] },
      { "X-Loupe-Customer": EMAIL, "Sec-GPC": "1" },
    );
    await app.request(`/api/v1/consent/customer/${encodeURIComponent(EMAIL)}`, {
      headers: { ...auth, "X-Forwarded-For": IP },
    });
    await app.request(`/api/v1/consent/visitor/${VISITOR}`, {
      headers: { "X-Forwarded-For": IP, "User-Agent": "TestBrowser/1.0" },
    });
    await post("/api/v1/consent", { receipts: [receipt({ customerId: EMAIL, action: "nope" })] });
    expect(logs).toContain('"route":"/api/v1/consent/visitor/:id"');
    expect(logs).toContain('"status":400');
    for (const secret of [
      EMAIL,
      encodeURIComponent(EMAIL),
      IP,
      "203.0.113",
      VISITOR,
      "TestBrowser",
      API_KEY,
    ]) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});

describe("rate limiting", () => {
  let app: LoupeApp;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const pglite = TEST_STORES.find((k) => k.name === "pglite");
    if (!pglite) throw new Error("no pglite store kind");
    const opened = await pglite.open();
    dispose = opened.dispose;
    app = await createApp({
      store: opened.store,
      config: {
        mapPath: AURORA_MAP,
        logLevel: "silent",
        clientIpHeader: "x-forwarded-for",
        // Slow refill, so that a slow machine cannot earn a token back during the test.
        rateLimit: { perSecond: 0.01, burst: 3 },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it("refuses a client past its burst with 429 and Retry-After, per IP", async () => {
    const send = (ip: string) =>
      app.request("/api/v1/consent", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
        body: JSON.stringify({ receipts: [] }),
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await send("198.51.100.1")).status);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const limited = await send("198.51.100.1");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(95);
    expect(retryAfter).toBeLessThanOrEqual(100);
    expect((await limited.json()).error).toEqual({
      code: "RATE_LIMITED",
      message: `too many requests; retry in ${retryAfter} s`,
    });
    expect((await send("198.51.100.2")).status).toBe(400);
    // Reads are not limited.
    expect(
      (await app.request("/api/v1/consent/config", { headers: { "X-Forwarded-For": "198.51.100.1" } }))
        .status,
    ).toBe(200);
  });
});
