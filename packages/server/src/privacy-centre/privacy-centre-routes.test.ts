import { Writable } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type LoupeApp } from "../app/create-app.js";
import { loadConfig, sha256 } from "../config/load-config.js";
import { createLogger } from "../log/create-logger.js";
import { getPreferences, subjectKey } from "../preferences/record-preferences.js";
import type { ShopRecord } from "../requests/rights-context.js";
import { rightsDb } from "../requests/rights-tables.js";
import { openStore, type Store } from "../store/open-store.js";
import { AURORA_MAP } from "../testing/test-stores.js";

const API_KEY = "rights-staff-key-0123456789abcdef";
const SHOP: Record<string, ShopRecord> = {
  "ada@example.com": {
    customerId: "cus_1",
    phones: ["+1 415-555-0100"],
    orderNumbers: ["AUR-10001"],
    postcodes: ["94105"],
  },
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("privacy centre routes", () => {
  let store: Store;
  let app: LoupeApp;
  let logs = "";
  const origin = "http://localhost";

  beforeAll(async () => {
    store = await openStore({ pglite: await PGlite.create("memory://") });
    const destination = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    const base = loadConfig({});
    app = await createApp({
      store,
      logger: createLogger({ level: "info", destination }),
      config: {
        mapPath: AURORA_MAP,
        apiKeyHash: sha256(API_KEY),
        publicUrl: origin,
        rateLimit: { perSecond: 100_000, burst: 100_000 },
        rights: { ...base.rights, formsPerMinute: 0 },
      },
      rights: {
        engine: false,
        lookup: async (email) => SHOP[email],
        execute: async (input) =>
          input.kind === "erase"
            ? {
                items: [
                  { system: "commerce", table: "customers", action: "erased", rows: 1 },
                  {
                    system: "commerce",
                    table: "orders",
                    action: "kept",
                    rows: 2,
                    reason: "tax and accounting records are kept 7 years after the order",
                  },
                ],
              }
            : {
                items: [{ system: "commerce", table: "customers", action: "read", rows: 1 }],
                package: new TextEncoder().encode("PK zip of cus_1"),
              },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const rdb = () => rightsDb(store.db);
  const count = async () =>
    Number(
      (
        await rdb()
          .selectFrom("rights_requests")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const outbox = async () =>
    (
      await sql<{
        to_address: string;
        kind: string;
        text_body: string;
      }>`select to_address, kind, text_body from mail_outbox order by created_at, id`.execute(store.db)
    ).rows;

  async function open(path: string) {
    const res = await app.request(path);
    const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
    const html = await res.text();
    const csrf = /name="_csrf" value="([0-9a-f]{64})"/.exec(html)?.[1] ?? "";
    return { res, html, cookie, csrf };
  }
  const post = (
    path: string,
    fields: Record<string, string>,
    s: { cookie: string; csrf?: string },
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin, cookie: s.cookie, ...headers },
      body: new URLSearchParams({ ...(s.csrf ? { _csrf: s.csrf } : {}), ...fields }).toString(),
    });
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("timed out");
  };

  it("serves the centre in English and Spanish, with every right and Your Privacy Choices", async () => {
    const en = await open("/privacy-centre");
    expect(en.res.status).toBe(200);
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('href="/preferences"');
    expect(en.html).toContain("Your Privacy Choices");
    for (const f of [
      "know",
      "access",
      "delete",
      "correct",
      "restrict",
      "object",
      "opt-out",
      "withdraw-consent",
      "shine-the-light",
      "appeal",
      "agent",
    ])
      expect(en.html).toContain(`/privacy-centre/requests/new/${f}`);
    const es = await open("/privacy-centre?lang=es");
    expect(es.html).toContain('<html lang="es">');
    expect(es.html).toContain("Sus opciones de privacidad");
    const esForm = await app.request("/privacy-centre/requests/new/delete", {
      headers: { "accept-language": "es-MX,es;q=0.9" },
    });
    expect(await esForm.text()).toContain("Eliminar sus datos");
  });

  it("shows the notice history and what changed between versions", async () => {
    const current = await store.db.selectFrom("notice_versions").selectAll().executeTakeFirstOrThrow();
    await store.db
      .insertInto("notice_versions")
      .values({
        version: "sha256:older0000001",
        format: "html",
        last_updated: "2026-01-01",
        content: current.content.replace(/<p>[^<]*<\/p>/, "<p>An old paragraph that was removed.</p>"),
      })
      .execute();
    const history = await open("/privacy-centre/notice-history");
    expect(history.html).toContain(current.version);
    const older = await app.request(
      `/privacy-centre/notice-history/diff?from=${encodeURIComponent("sha256:older0000001")}&to=${encodeURIComponent(current.version)}`,
    );
    const diff = await older.text();
    expect(older.status).toBe(200);
    expect(diff).toContain("An old paragraph that was removed.");
    expect(diff).toMatch(/<del>/);
    expect(diff).toMatch(/<ins>/);
    expect((await app.request("/privacy-centre/notice-history/diff?from=x&to=y")).status).toBe(404);
  });

  it("refuses a submission without this browser's form token or from another origin, storing nothing", async () => {
    const s = await open("/privacy-centre/requests/new/restrict");
    const before = await count();
    const fields = { email: "ada@example.com", residence: "us-ca", lang: "en" };
    expect((await post("/privacy-centre/requests/new/restrict", fields, { cookie: s.cookie })).status).toBe(
      403,
    );
    expect(
      (await post("/privacy-centre/requests/new/restrict", fields, { cookie: "", csrf: s.csrf })).status,
    ).toBe(403);
    expect(
      (await post("/privacy-centre/requests/new/restrict", fields, s, { origin: "https://evil.example" }))
        .status,
    ).toBe(403);
    expect(await count()).toBe(before);
  });

  it("deletes in two steps, verifies through the e-mailed code and shows what was deleted and kept", async () => {
    const s = await open("/privacy-centre/requests/new/delete");
    expect(s.html).toMatch(/<label for="f-email">/);
    const fields = { email: "ada@example.com", residence: "us-ca", postcode: "94105", lang: "en" };
    const before = await count();
    const review = await post("/privacy-centre/requests/new/delete", fields, s);
    const reviewHtml = await review.text();
    expect(review.status).toBe(200);
    expect(reviewHtml).toContain("we can no longer warranty");
    expect(reviewHtml).toContain("we can no longer upgrade a diamond");
    expect(await count()).toBe(before); // nothing stored before the confirmation
    const csrf = /name="_csrf" value="([0-9a-f]{64})"/.exec(reviewHtml)?.[1] as string;
    const sent = await post(
      "/privacy-centre/requests/new/delete",
      { ...fields, confirm: "yes" },
      { cookie: s.cookie, csrf },
    );
    const sentHtml = await sent.text();
    expect(sent.status).toBe(200);
    expect(sentHtml).toContain("Check your e-mail");
    const id = /name="request" value="(req_[\w-]{22})"/.exec(sentHtml)?.[1] as string;
    const mails = (await outbox()).filter((m) => m.to_address === "ada@example.com");
    const code = /code: (\d{8})/.exec(
      mails.find((m) => m.kind === "rights.code")?.text_body ?? "",
    )?.[1] as string;
    const statusUrl = /(\/privacy-centre\/requests\/req_[\w-]+\?token=[\w-]+)/.exec(
      mails.find((m) => m.kind === "rights.acknowledgement")?.text_body ?? "",
    )?.[1] as string;
    expect(code).toMatch(/^\d{8}$/);

    const link = await open(`/privacy-centre/verify?request=${id}&code=${code}`);
    expect(link.html).toContain(`value="${code}"`); // the link fills the form; it does not act by itself
    const wrong = await post("/privacy-centre/verify", { request: id, code: "00000000", lang: "en" }, link);
    expect(wrong.status).toBe(400);
    const ok = await post("/privacy-centre/verify", { request: id, code, lang: "en" }, link);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Your request is confirmed");

    await until(
      async () =>
        (
          await rdb()
            .selectFrom("rights_requests")
            .select("status")
            .where("id", "=", id)
            .executeTakeFirstOrThrow()
        ).status === "partially_completed",
    );
    const status = await app.request(statusUrl);
    const page = await status.text();
    expect(status.status).toBe(200);
    expect(page).toContain("Completed, with some information kept");
    expect(page).toContain("commerce.customers: 1 records deleted");
    expect(page).toContain("commerce.orders: 2 records kept — tax and accounting records");
    expect(
      (
        await app.request(
          statusUrl.replace(/token=[\w-]+/, "token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        )
      ).status,
    ).toBe(404);
  });

  it("answers the same page, in similar time, whether or not the address is a customer", async () => {
    const s = await open("/privacy-centre/requests/new/restrict");
    const page = async (email: string) => {
      const t = performance.now();
      const res = await post(
        "/privacy-centre/requests/new/restrict",
        { email, residence: "eea", lang: "en" },
        s,
      );
      const html = (await res.text()).replace(/req_[\w-]{22}/g, "ID").replace(/[0-9a-f]{64}/g, "TOKEN");
      return { status: res.status, html, ms: performance.now() - t };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    let a = await page("ada@example.com");
    let b = await page("nobody@example.com");
    expect(a.status).toBe(b.status);
    expect(a.html).toBe(b.html);
    for (let i = 0; i < 10; i++) {
      a = await page("ada@example.com");
      b = await page(`nobody${i}@example.com`);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(
      Math.max(median(known), median(unknown)) * 0.5 + 5,
    );
  });

  it("takes opt-outs without verification or account, and delivers an access package once", async () => {
    const s = await open("/privacy-centre/requests/new/opt-out");
    expect(s.html).not.toContain('name="phone"');
    const res = await post(
      "/privacy-centre/requests/new/opt-out",
      { sale: "yes", limit: "yes", email: "", residence: "us-ca", lang: "en" },
      s,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Your choice is recorded");
    const optOuts = await rdb()
      .selectFrom("rights_requests")
      .select(["kind", "status"])
      .where("kind", "in", ["opt_out_sale_share", "limit_spi"])
      .execute();
    expect(optOuts.map((o) => o.status)).toEqual(["completed", "completed"]);

    // With an address, the opt-out reaches that person's preferences (and so the suppression list and webhooks).
    const named = await open("/privacy-centre/requests/new/opt-out");
    await post(
      "/privacy-centre/requests/new/opt-out",
      { sale: "yes", email: "Grace.Hopper@Example.com", residence: "us-ca", lang: "en" },
      named,
    );
    const prefs = await getPreferences(
      app.store.db,
      subjectKey({ email: "grace.hopper@example.com", customerId: null }),
    );
    expect(prefs.get("sale-share")?.allowed).toBe(false);
    expect(prefs.has("sensitive-use")).toBe(false);

    const f = await open("/privacy-centre/requests/new/access");
    const sent = await post(
      "/privacy-centre/requests/new/access",
      { email: "ada@example.com", residence: "eea", choice: "portable", lang: "en" },
      f,
    );
    const id = /name="request" value="(req_[\w-]{22})"/.exec(await sent.text())?.[1] as string;
    const code = /code: (\d{8})/.exec(
      (await outbox()).filter((m) => m.kind === "rights.code").at(-1)?.text_body ?? "",
    )?.[1] as string;
    await post("/privacy-centre/verify", { request: id, code, lang: "en" }, f);
    await until(async () =>
      (await outbox()).some(
        (m) => m.kind === "rights.answer" && m.text_body.includes("/privacy-centre/download/"),
      ),
    );
    const token = /\/privacy-centre\/download\/([\w-]+)/.exec(
      (await outbox()).filter((m) => m.kind === "rights.answer").at(-1)?.text_body ?? "",
    )?.[1] as string;
    const d = await open(`/privacy-centre/download/${token}`);
    expect(d.html).toContain("Download");
    const zip = await post(`/privacy-centre/download/${token}`, { lang: "en" }, d);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect(await zip.text()).toBe("PK zip of cus_1");
    expect((await post(`/privacy-centre/download/${token}`, { lang: "en" }, d)).status).toBe(410);
  });

  it("lets staff list by due day, extend with a notice and deny with a template, behind the API key", async () => {
    expect((await app.request("/api/v1/rights/requests")).status).toBe(401);
    const auth = { authorization: `Bearer ${API_KEY}` };
    const list = await app.request("/api/v1/rights/requests?open=true", { headers: auth });
    expect(list.status).toBe(200);
    const { requests } = (await list.json()) as {
      requests: { id: string; effectiveDueOn: string; status: string }[];
    };
    expect(requests.length).toBeGreaterThan(0);
    const target = requests.find((r) => r.status === "awaiting_verification") as { id: string };
    const json = (body: unknown) => ({
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const ext = await app.request(
      `/api/v1/rights/requests/${target.id}/extend`,
      json({ reason: "We search several systems." }),
    );
    expect(ext.status).toBe(200);
    expect(((await ext.json()) as { extendedUntil: string }).extendedUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(
      (await app.request(`/api/v1/rights/requests/${target.id}/extend`, json({ reason: "again" }))).status,
    ).toBe(409);
    expect(
      (await app.request(`/api/v1/rights/requests/${target.id}/deny`, json({ basis: "nonsense" }))).status,
    ).toBe(400);
    const deny = await app.request(
      `/api/v1/rights/requests/${target.id}/deny`,
      json({ basis: "unverifiable", note: "No reply." }),
    );
    expect(((await deny.json()) as { status: string }).status).toBe("denied");
    const detail = (await (
      await app.request(`/api/v1/rights/requests/${target.id}`, { headers: auth })
    ).json()) as { events: { type: string }[] };
    expect(detail.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["received", "extended", "extension_notice_sent", "denied"]),
    );
    expect((await app.request("/api/v1/rights/denial-templates", { headers: auth })).status).toBe(200);
  });

  it("answers thousands of generated form submissions without a 5xx, storing nothing from rejected ones", async () => {
    const next = rng(61122);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
    const forms = [
      "know",
      "access",
      "delete",
      "correct",
      "restrict",
      "object",
      "opt-out",
      "withdraw-consent",
      "shine-the-light",
      "appeal",
      "agent",
      "nope",
    ];
    const values = [
      "",
      "ada@example.com",
      "not-an-email",
      "x".repeat(5000),
      "us-ca",
      "eea",
      "mars",
      "yes",
      "specific",
      "portable",
      "req_AAAAAAAAAAAAAAAAAAAAAA",
      "<script>alert(1)</script>",
      "'; drop table rights_requests; --",
      "\u0000\u0007",
      "94105",
      "name",
      "fuzz.person@example.com",
    ];
    const keys = [
      "email",
      "residence",
      "choice",
      "phone",
      "orderNumber",
      "postcode",
      "declarationName",
      "correctField",
      "correctValue",
      "sale",
      "limit",
      "request",
      "reason",
      "under13",
      "note",
      "agentName",
      "agentEmail",
      "agentKind",
      "lang",
      "confirm",
      "__proto__",
    ];
    const s = await open("/privacy-centre/requests/new/know");
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const fields: Record<string, string> = {};
      for (let k = Math.floor(next() * 8); k > 0; k--) fields[pick(keys)] = pick(values);
      if (fields.email === "ada@example.com" || fields.email === "fuzz.person@example.com")
        fields.residence = "mars"; // always invalid
      const form = pick(forms);
      const before = await count();
      const kind = next();
      const res =
        kind < 0.1
          ? await app.request(`/privacy-centre/requests/new/${form}`, {
              method: "POST",
              headers: { "content-type": "application/json", origin, cookie: s.cookie },
              body: "{}",
            })
          : kind < 0.15
            ? await post("/privacy-centre/verify", { request: pick(values), code: pick(values) }, s)
            : await post(`/privacy-centre/requests/new/${form}`, fields, s);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      expect(res.status, `${form} ${JSON.stringify(fields).slice(0, 200)}`).toBeLessThan(500);
      expect(text).not.toMatch(/\n\s+at |node_modules|\.tsx?:\d+/);
      if (res.status >= 400) expect(await count()).toBe(before);
    }
    expect((statuses.get(400) ?? 0) + (statuses.get(404) ?? 0) + (statuses.get(415) ?? 0)).toBeGreaterThan(
      1500,
    );
    expect(logs).not.toContain("fuzz.person@example.com");
    expect(logs).not.toContain("ada@example.com");
  }, 120_000);
});

describe("privacy centre rate limit", () => {
  it("refuses submissions past the per-minute limit with 429, storing nothing", async () => {
    const store = await openStore({ pglite: await PGlite.create("memory://") });
    const base = loadConfig({});
    const app = await createApp({
      store,
      logger: createLogger({ level: "silent" }),
      config: {
        mapPath: AURORA_MAP,
        publicUrl: "http://localhost",
        rights: { ...base.rights, formsPerMinute: 3 },
      },
      rights: { engine: false },
    });
    try {
      const res = await app.request("/privacy-centre/requests/new/object");
      const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
      const csrf = /name="_csrf" value="([0-9a-f]{64})"/.exec(await res.text())?.[1] ?? "";
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await app.request("/privacy-centre/requests/new/object", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: "http://localhost",
            cookie,
          },
          body: new URLSearchParams({ _csrf: csrf, email: `p${i}@example.com`, residence: "eea" }).toString(),
        });
        statuses.push(r.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const n = await rightsDb(store.db)
        .selectFrom("rights_requests")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(3);
    } finally {
      await app.close();
      await store.close();
    }
  }, 60_000);
});
