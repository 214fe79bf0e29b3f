import { Writable } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type LoupeApp } from "../app/create-app.js";
import { signStoreToken } from "../identity/store-token.js";
import { createUnsubscribeToken } from "../identity/unsubscribe-token.js";
import { createLogger } from "../log/create-logger.js";
import { openStore, type Store } from "../store/open-store.js";
import { isSuppressed } from "../suppression/record-suppression.js";
import { AURORA_MAP } from "../testing/test-stores.js";
import { createEndpoint } from "../webhooks/webhook-endpoints.js";
import { listUnsubscribeHeaders } from "./list-unsubscribe-headers.js";
import { isCsrfExempt } from "./preference-routes.js";
import { prefTables } from "./record-preferences.js";

const ORIGIN = "http://localhost";
const LINK_SECRET = "test-link-secret-0123456789-0123456789-ab";
const STORE_SECRET = "test-store-secret-0123456789-0123456789-a";
const DAY = 86_400_000;

let store: Store;
let app: LoupeApp;
let clock = new Date("2026-11-22T09:00:00Z");
let logs = "";

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, ...headers },
    body: form(fields),
  });
const receipts = () =>
  prefTables(store.db).selectFrom("preference_receipts").selectAll().orderBy("id").execute();
const events = (type: string) =>
  store.db.selectFrom("webhook_events").selectAll().where("type", "=", type).orderBy("seq").execute();
const outbox = () => store.db.selectFrom("mail_outbox").selectAll().orderBy("created_at").execute();
const suppressed = (email: string, channel: "email" | "sms" | "phone" | "post", scope?: `topic:${string}`) =>
  isSuppressed(store.db, { email, channel, ...(scope ? { scope } : {}) });

/** Requests a link for an address and returns the token from the e-mail it queued. */
async function linkFor(email: string): Promise<string> {
  const before = (await outbox()).length;
  const res = await post("/preferences/link", { email });
  expect(res.status).toBe(200);
  const mails = await outbox();
  expect(mails.length).toBe(before + 1);
  const mail = mails.at(-1);
  expect(mail?.to_address).toBe(email.toLowerCase());
  const token = /\/preferences\/manage\?t=([\w-]+)/.exec(mail?.text_body ?? "")?.[1];
  expect(token).toBeDefined();
  return token as string;
}

beforeAll(async () => {
  store = await openStore({ pglite: await PGlite.create("memory://") });
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  app = await createApp({
    store,
    now: () => clock,
    logger: createLogger({ level: "debug", destination }),
    config: {
      mapPath: AURORA_MAP,
      linkSecret: LINK_SECRET,
      storeTokenSecret: STORE_SECRET,
      publicUrl: "https://privacy.aurora.example",
      rateLimit: { perSecond: 100_000, burst: 100_000 },
    },
  });
  // An endpoint that accepts the events, so that every change also stores and queues its deliveries.
  await createEndpoint(store.db, { url: "http://127.0.0.1:9/hooks", types: ["preference.changed"] });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe("asking for a link", () => {
  it("shows a form that works without script", async () => {
    const res = await app.request("/preferences");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<form method="post" action="\/preferences\/link">/);
    expect(html).not.toContain("<script");
  });

  it("answers the same for any address and mails a link that works", async () => {
    const a = await post("/preferences/link", { email: "Known.Person@Example.com" });
    const b = await post("/preferences/link", { email: "nobody-ever@example.org" });
    expect(a.status).toBe(200);
    expect(await a.text()).toBe(await b.text());
    const mails = (await outbox()).filter((m) => m.kind === "preference-link");
    expect(mails.map((m) => m.to_address).sort()).toEqual([
      "known.person@example.com",
      "nobody-ever@example.org",
    ]);
    expect(mails[0]?.text_body).toContain("https://privacy.aurora.example/preferences/manage?t=");
  });

  it("sends at most three links per address per hour, with the same answer", async () => {
    const email = "often@example.com";
    const bodies = new Set<string>();
    for (let i = 0; i < 5; i++) bodies.add(await (await post("/preferences/link", { email })).text());
    expect(bodies.size).toBe(1);
    expect((await outbox()).filter((m) => m.to_address === email)).toHaveLength(3);
  });

  it("refuses a malformed address, a non-form body and a cross-site post", async () => {
    const bad = await post("/preferences/link", { email: "not-an-address" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Enter an e-mail address");
    const json = await app.request("/preferences/link", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: "{}",
    });
    expect(json.status).toBe(415);
    const cross = await post(
      "/preferences/link",
      { email: "x@example.com" },
      { Origin: "https://evil.example" },
    );
    expect(cross.status).toBe(403);
    const noOrigin = await app.request("/preferences/link", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=x%40example.com",
    });
    expect(noOrigin.status).toBe(403);
    expect((await outbox()).some((m) => m.to_address === "x@example.com")).toBe(false);
  });
});

describe("the preference centre", () => {
  it("opens from a signed link with every choice and the map's consequences", async () => {
    const token = await linkFor("ada@example.com");
    const res = await app.request(`/preferences/manage?t=${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of [
      "channel:email",
      "channel:sms",
      "channel:phone",
      "channel:post",
      "topic:communications",
      "topic:promotions",
      "sale-share",
      "sensitive-use",
      "profiling",
    ])
      expect(html).toContain(`name="${name}"`);
    expect(html).toContain("You will not receive updates from Aurora Fine Jewelry");
    expect(html).toContain("a••@example.com");
    expect(html).not.toContain("ada@example.com");
    expect(html).toContain("Object to all direct marketing");
  });

  it("refuses a wrong or expired link and says so", async () => {
    const wrong = await app.request(`/preferences/manage?t=${"A".repeat(43)}`);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("the link is not valid: request a new one");
    const token = await linkFor("late@example.com");
    clock = new Date(clock.getTime() + 8 * DAY);
    try {
      const expired = await app.request(`/preferences/manage?t=${token}`);
      expect(expired.status).toBe(401);
      expect(await expired.text()).toContain("the link has expired");
      const save = await post("/preferences/manage", { t: token, "channel:sms": "no" });
      expect(save.status).toBe(401);
    } finally {
      clock = new Date(clock.getTime() - 8 * DAY);
    }
    expect((await receipts()).filter((r) => r.action === "save")).toHaveLength(0);
  });

  it("records turning off SMS and one topic as a receipt, suppressions and a webhook event", async () => {
    const email = "ada@example.com";
    const token = await linkFor(email);
    const res = await post("/preferences/manage", {
      t: token,
      "channel:email": "yes",
      "channel:sms": "no",
      "topic:promotions": "no",
      "not-a-choice": "no",
      "channel:post": "maybe",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/preferences/manage?t=${token}&saved=saved`);
    const [receipt] = (await receipts()).filter((r) => r.action === "save");
    expect(receipt?.source).toBe("preference-centre");
    expect(receipt?.subject).toMatch(/^e:[0-9a-f]{64}$/);
    expect(receipt?.changes).toEqual([
      { key: "channel:email", allowed: true },
      { key: "channel:sms", allowed: false },
      { key: "topic:promotions", allowed: false },
    ]);
    expect(JSON.stringify(receipt)).not.toContain(email);
    expect(await suppressed(email, "sms")).toBe(true);
    expect(await suppressed(email, "email")).toBe(false);
    expect(await suppressed(email, "email", "topic:promotions")).toBe(true);
    expect(await suppressed(email, "email", "topic:communications")).toBe(false);
    const [event] = await events("preference.changed");
    expect(event?.subject).toBe(receipt?.subject);
    expect(event?.data).toMatchObject({
      receiptId: Number(receipt?.id),
      action: "save",
      changes: receipt?.changes,
    });
    const deliveries = await store.db
      .selectFrom("webhook_deliveries")
      .selectAll()
      .where("event_id", "=", event?.id ?? "")
      .execute();
    expect(deliveries).toHaveLength(1);
    const page = await (await app.request(`/preferences/manage?t=${token}&saved=saved`)).text();
    expect(page).toContain("Your choices were saved");
    expect(page).toMatch(/name="channel:sms" value="no" checked/);

    const again = await post("/preferences/manage", { t: token, "channel:sms": "no" });
    expect(again.headers.get("location")).toContain("saved=unchanged");
    expect((await receipts()).filter((r) => r.action === "save")).toHaveLength(1);
  });

  it("chains receipts by hash and refuses changes to them", async () => {
    const rows = await receipts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.prev_hash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    await expect(prefTables(store.db).deleteFrom("preference_receipts").execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it("turns every marketing channel, topic and profiling off with one objection, and back on one by one", async () => {
    const email = "objector@example.com";
    const token = await linkFor(email);
    const res = await post("/preferences/object", { t: token });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("saved=objected");
    const receipt = (await receipts()).at(-1);
    expect(receipt?.action).toBe("object");
    const changes = (receipt?.changes ?? []) as { key: string; allowed: boolean }[];
    expect(changes.every((c) => !c.allowed)).toBe(true);
    expect(changes.map((c) => c.key)).toEqual([
      "channel:email",
      "channel:sms",
      "channel:phone",
      "channel:post",
      "topic:communications",
      "topic:referral",
      "topic:promotions",
      "profiling",
    ]);
    for (const channel of ["email", "sms", "phone", "post"] as const)
      expect(await suppressed(email, channel)).toBe(true);

    await post("/preferences/manage", { t: token, "channel:email": "yes" });
    expect(await suppressed(email, "email")).toBe(false);
    expect(await suppressed(email, "email", "topic:promotions")).toBe(true);
    expect(await suppressed(email, "sms")).toBe(true);
  });

  it("opens from the shop's login token and records cookie choices in the consent ledger", async () => {
    const jwt = await signStoreToken({ customerId: "cus_77", email: "Grace@Example.com" }, STORE_SECRET, {
      now: clock,
    });
    const res = await app.request(`/preferences/login?token=${jwt}`);
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/preferences\/manage\?t=[\w-]{43}$/);
    const page = await (await app.request(location)).text();
    expect(page).toContain('name="cookie:analytics"');
    const token = location.split("t=")[1] as string;
    const save = await post("/preferences/manage", {
      t: token,
      "cookie:analytics": "no",
      "cookie:functional": "yes",
      "cookie:essential": "no",
    });
    expect(save.headers.get("location")).toContain("saved=saved");
    const consent = await store.db
      .selectFrom("consent_receipts")
      .selectAll()
      .where("customer_id", "=", "cus_77")
      .execute();
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatchObject({ source: "preference-centre", action: "save" });
    expect(consent[0]?.denied).toContain("analytics");
    expect(consent[0]?.granted).toEqual(expect.arrayContaining(["essential", "functional"]));

    const dns = await post("/preferences/manage", {
      t: token,
      "sale-share": "no",
      "cookie:advertising": "yes",
    });
    expect(dns.headers.get("location")).toContain("saved=saved");
    const latest = await store.db
      .selectFrom("consent_receipts")
      .selectAll()
      .where("customer_id", "=", "cus_77")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(latest.denied).toEqual(["advertising"]);

    const tampered = await app.request(`/preferences/login?token=${jwt.slice(0, -2)}xx`);
    expect(tampered.status).toBe(401);
    expect(await tampered.text()).toContain("signature or claims are not valid");
  });

  it("honours Global Privacy Control on the centre once, and says so", async () => {
    const token = await linkFor("gpc@example.com");
    for (let i = 0; i < 2; i++) {
      const res = await app.request(`/preferences/manage?t=${token}`, { headers: { "Sec-GPC": "1" } });
      expect(await res.text()).toContain("Opt-Out Request Honored");
    }
    const gpc = (await receipts()).filter((r) => r.action === "gpc" && r.source === "signal");
    expect(gpc).toHaveLength(1);
    expect(gpc[0]?.changes).toEqual([{ key: "sale-share", allowed: false }]);
  });
});

describe("opt-out pages without an account", () => {
  it("offer Do Not Sell or Share and Limit Use of Sensitive PI with no login", async () => {
    for (const path of [
      "/privacy-choices/do-not-sell-or-share",
      "/privacy-choices/limit-sensitive-information",
    ]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toContain("Honored");
      expect(html).toContain("No account and no proof of identity are needed.");
    }
  });

  it("shows Opt-Out Request Honored under GPC and records it for the browser", async () => {
    const before = (await receipts()).length;
    const res = await app.request("/privacy-choices/do-not-sell-or-share", { headers: { "Sec-GPC": "1" } });
    expect(await res.text()).toContain("Opt-Out Request Honored");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^loupe_optout=[\w-]{22}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    const rows = await receipts();
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({
      action: "gpc",
      source: "signal",
      subject: `b:${cookie.split(/[=;]/)[1]}`,
    });
    const again = await app.request("/privacy-choices/do-not-sell-or-share", {
      headers: { "Sec-GPC": "1", Cookie: cookie.split(";")[0] as string },
    });
    expect(await again.text()).toContain("Opt-Out Request Honored");
    expect((await receipts()).length).toBe(before + 1);
  });

  it("records an opt-out with or without an address, and refuses a bad address without storing anything", async () => {
    const before = (await receipts()).length;
    const bad = await post("/privacy-choices/limit-sensitive-information", { email: "nope@" });
    expect(bad.status).toBe(400);
    expect((await receipts()).length).toBe(before);

    const anon = await post("/privacy-choices/limit-sensitive-information", {});
    expect(anon.status).toBe(200);
    expect(await anon.text()).toContain("Request Honored");
    const withEmail = await post(
      "/privacy-choices/do-not-sell-or-share",
      { email: "Opt@Example.com" },
      {
        Cookie: "loupe_consent=1.v_visitor_0001.m3k2x1.0.essential~analytics.advertising.abc",
      },
    );
    expect(await withEmail.text()).toContain("Opt-Out Request Honored");
    const rows = (await receipts()).slice(before);
    expect(rows.map((r) => [r.action, r.source, r.subject.slice(0, 2)])).toEqual([
      ["opt-out", "opt-out-page", "b:"],
      ["opt-out", "opt-out-page", "b:"],
      ["opt-out", "opt-out-page", "e:"],
    ]);
    const consent = await store.db
      .selectFrom("consent_receipts")
      .selectAll()
      .where("visitor_id", "=", "v_visitor_0001")
      .execute();
    expect(consent[0]?.denied).toEqual(["advertising"]);
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("produces the two headers for a recipient and list", async () => {
    const { headers, url } = await listUnsubscribeHeaders({
      publicUrl: "https://privacy.aurora.example",
      secret: LINK_SECRET,
      email: "ada@example.com",
      list: "promotions",
      mailto: "unsubscribe@aurora.example",
    });
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(headers["List-Unsubscribe"]).toBe(
      `<${url}>, <mailto:unsubscribe@aurora.example?subject=unsubscribe>`,
    );
    expect(url).toMatch(/^https:\/\/privacy\.aurora\.example\/unsubscribe\/[\w.-]+$/);
    expect(url).not.toContain("ada");
  });

  it("unsubscribes at once on a cookie-less POST, with 200 and no redirect", async () => {
    const email = "oneclick@example.com";
    const { url } = await listUnsubscribeHeaders({
      publicUrl: ORIGIN,
      secret: LINK_SECRET,
      email,
      list: "all",
    });
    const path = new URL(url).pathname;
    const page = await app.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await suppressed(email, "email")).toBe(false);

    const res = await app.request(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("You are unsubscribed");
    expect(await suppressed(email, "email")).toBe(true);
    expect((await receipts()).at(-1)).toMatchObject({ action: "unsubscribe", source: "one-click" });
  });

  it("accepts multipart/form-data and a per-topic list", async () => {
    const email = "topic@example.com";
    const token = await createUnsubscribeToken({ email, list: "promotions" }, LINK_SECRET, { now: clock });
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const res = await app.request(`/unsubscribe/${token}`, { method: "POST", body });
    expect(res.status).toBe(200);
    expect(await suppressed(email, "email", "topic:promotions")).toBe(true);
    expect(await suppressed(email, "email")).toBe(false);
  });

  it("changes nothing for a tampered or expired token, or without the one-click field, and says so", async () => {
    const email = "untouched@example.com";
    const token = await createUnsubscribeToken({ email, list: "all" }, LINK_SECRET, { now: clock, days: 30 });
    const before = (await receipts()).length;
    const send = (t: string, body = "List-Unsubscribe=One-Click") =>
      app.request(`/unsubscribe/${t}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
    const i = Math.floor(token.length / 2);
    const tampered = `${token.slice(0, i)}${token[i] === "A" ? "B" : "A"}${token.slice(i + 1)}`;
    const t = await send(tampered);
    expect(t.status).toBe(400);
    expect(await t.text()).toMatch(/not valid.*nothing was changed/);
    const g = await app.request(`/unsubscribe/${tampered}`);
    expect(g.status).toBe(400);
    const missing = await send(token, "List-Unsubscribe=Maybe");
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("nothing was changed");
    clock = new Date(clock.getTime() + 31 * DAY);
    try {
      const e = await send(token);
      expect(e.status).toBe(400);
      expect(await e.text()).toContain("this unsubscribe link has expired; nothing was changed");
    } finally {
      clock = new Date(clock.getTime() - 31 * DAY);
    }
    expect((await receipts()).length).toBe(before);
    expect(await suppressed(email, "email")).toBe(false);
  });
});

describe("the CSRF exemption", () => {
  it("covers only the one-click POST", () => {
    expect(isCsrfExempt("POST", "/unsubscribe/abc.def")).toBe(true);
    expect(isCsrfExempt("GET", "/unsubscribe/abc")).toBe(false);
    expect(isCsrfExempt("POST", "/unsubscribe/abc/more")).toBe(false);
    expect(isCsrfExempt("POST", "/preferences/manage")).toBe(false);
    expect(isCsrfExempt("POST", "/api/v1/consent")).toBe(false);
  });
});

describe("privacy of the preference pages", () => {
  it("logs neither addresses nor tokens", async () => {
    const token = await linkFor("private.person@example.com");
    await app.request(`/preferences/manage?t=${token}`);
    expect(logs).toContain('"route":"/preferences/manage"');
    expect(logs).not.toContain("private.person");
    expect(logs).not.toContain(token);
    expect(logs).not.toContain("ada@example.com");
  });
});

describe("rate limiting of the preference forms", () => {
  it("refuses a client past its burst with 429 and Retry-After, without storing anything", async () => {
    const own = await openStore({ pglite: await PGlite.create("memory://") });
    const limited = await createApp({
      store: own,
      config: {
        mapPath: AURORA_MAP,
        linkSecret: LINK_SECRET,
        logLevel: "silent",
        rateLimit: { perSecond: 1, burst: 2 },
      },
    });
    try {
      const send = () =>
        limited.request("/privacy-choices/do-not-sell-or-share", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
          body: "",
        });
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect((await refused.json()).error.code).toBe("RATE_LIMITED");
      expect(await prefTables(own.db).selectFrom("preference_receipts").selectAll().execute()).toHaveLength(
        2,
      );
    } finally {
      await limited.close();
      await own.close();
    }
  }, 30_000);
});

describe("the OpenAPI document", () => {
  it("describes every preference route", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/unsubscribe/{token}"] ?? {})).toEqual(["get", "post"]);
    for (const path of [
      "/preferences",
      "/preferences/link",
      "/preferences/login",
      "/preferences/manage",
      "/preferences/object",
      "/privacy-choices/do-not-sell-or-share",
      "/privacy-choices/limit-sensitive-information",
    ])
      expect(doc.paths[path], path).toBeDefined();
  });
});
