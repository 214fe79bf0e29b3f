import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type LoupeApp } from "../app/create-app.js";
import { listAudit } from "../audit/list-audit.js";
import { verifyAudit } from "../audit/verify-audit.js";
import { loadConfig } from "../config/load-config.js";
import { createLogger } from "../log/create-logger.js";
import { AURORA_MAP, TEST_STORES } from "../testing/test-stores.js";
import { type ConsoleDb, consoleDb } from "./admin-tables.js";
import { type AdminUser, createAdminUser } from "./admin-users.js";
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE } from "./create-admin-console.js";
import { ROLES, type Role } from "./permissions.js";
import { createSession, csrfTokenOf, sessionTokenHash } from "./sessions.js";

const ORIGIN = "http://localhost";
const PASSWORD = "correct horse battery staple";
const START = Date.parse("2026-11-22T08:00:00.000Z");
const kind = TEST_STORES.find((k) => k.name === "pglite");

let app: LoupeApp;
let db: ConsoleDb;
let dispose: () => Promise<void>;
let logs = "";
let clock = START;
const now = () => new Date(clock);
const users = {} as Record<Role, AdminUser>;
/** The account the user-management routes change. */
let target: AdminUser;
/** Values that must never appear in a log line. */
const secrets: string[] = [PASSWORD];

beforeAll(async () => {
  if (!kind) throw new Error("no pglite store kind");
  const opened = await kind.open();
  dispose = opened.dispose;
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  app = await createApp({
    store: opened.store,
    now,
    logger: createLogger({ level: "debug", destination }),
    config: {
      ...loadConfig({}),
      mapPath: AURORA_MAP,
      clientIpHeader: "x-forwarded-for",
      admin: { email: "first.admin@aurora.example", password: PASSWORD, idleMinutes: 30, sessionHours: 1 },
    },
  });
  db = consoleDb(opened.store.db);
  for (const role of ROLES) {
    const r = await createAdminUser(db, { email: `${role}.staff@aurora.example`, role, password: PASSWORD });
    if (!r.ok) throw r.errors[0];
    users[role] = r.value;
    secrets.push(r.value.email);
  }
  const t = await createAdminUser(db, {
    email: "target.staff@aurora.example",
    role: "viewer",
    password: PASSWORD,
  });
  if (!t.ok) throw t.errors[0];
  target = t.value;
  secrets.push("first.admin@aurora.example", target.email);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await dispose?.();
});

/** A session made directly in the store, as a sign-in would make it. */
async function sessionOf(role: Role) {
  const { token } = await createSession(db, users[role].id, now(), {
    idleMs: 30 * 60_000,
    absoluteMs: 3_600_000,
  });
  secrets.push(token, csrfTokenOf(token));
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfTokenOf(token), token };
}

function get(path: string, cookie?: string, headers: Record<string, string> = {}) {
  return app.request(path, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
}

function post(
  path: string,
  form: Record<string, string>,
  cookie?: string,
  headers: Record<string, string> = {},
) {
  return app.request(path, {
    method: "POST",
    headers: {
      origin: ORIGIN,
      "content-type": "application/x-www-form-urlencoded",
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
}

/** Signs in through the form; returns the response of the POST. */
async function signIn(email: string, password: string, ip: string) {
  const page = await get("/admin/login", undefined, { "x-forwarded-for": ip });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const cookie = `${LOGIN_CSRF_COOKIE}=${csrf}`;
  return post("/admin/login", { _csrf: csrf, email, password, next: "/admin" }, cookie, {
    "x-forwarded-for": ip,
  });
}

interface RouteCase {
  method: "GET" | "POST";
  path: string;
  allowed: readonly Role[];
  form?: () => Record<string, string>;
  /** The audit action an allowed request records. */
  records?: string;
}

let created = 0;
const ROUTES: RouteCase[] = [
  { method: "GET", path: "/admin", allowed: ["admin", "analyst", "viewer"] },
  { method: "GET", path: "/admin/data-map", allowed: ["admin", "analyst", "viewer"] },
  { method: "GET", path: "/admin/outbox", allowed: ["admin", "analyst"], records: "outbox.view" },
  { method: "GET", path: "/admin/audit", allowed: ["admin", "analyst"] },
  { method: "POST", path: "/admin/audit/verify", allowed: ["admin", "analyst"], records: "audit.verify" },
  { method: "GET", path: "/admin/users", allowed: ["admin"] },
  {
    method: "POST",
    path: "/admin/users",
    allowed: ["admin"],
    form: () => ({ email: `new${++created}@aurora.example`, role: "viewer", password: PASSWORD }),
    records: "user.create",
  },
  {
    method: "POST",
    path: "/admin/users/:target/role",
    allowed: ["admin"],
    form: () => ({ role: "analyst" }),
    records: "user.role",
  },
  { method: "POST", path: "/admin/users/:target/disable", allowed: ["admin"], records: "user.disable" },
  { method: "POST", path: "/admin/users/:target/enable", allowed: ["admin"], records: "user.enable" },
  { method: "GET", path: "/admin/account", allowed: ["admin", "analyst", "viewer"] },
  {
    method: "POST",
    path: "/admin/account/password",
    allowed: ["admin", "analyst", "viewer"],
    form: () => ({ current: PASSWORD, next: PASSWORD, confirm: PASSWORD }),
    records: "user.password",
  },
  { method: "POST", path: "/admin/logout", allowed: ["admin", "analyst", "viewer"], records: "admin.logout" },
];

describe("every console route × every role", () => {
  const cases = ROUTES.flatMap((route) =>
    [...ROLES, "anonymous" as const].map((role) => ({
      ...route,
      role,
      label: `${route.method} ${route.path} as ${role}`,
    })),
  );
  it.each(cases)("$label", async ({ method, path, allowed, form, records, role }) => {
    const url = path.replace(":target", target.id);
    const session = role === "anonymous" ? undefined : await sessionOf(role);
    const before = (await listAudit(db, { limit: 1 })).total;
    const res =
      method === "GET"
        ? await get(url, session?.cookie)
        : await post(
            url,
            { ...(form?.() ?? {}), ...(session ? { _csrf: session.csrf } : {}) },
            session?.cookie,
          );
    expect(res.headers.get("cache-control")).toBe("no-store");
    if (role === "anonymous") {
      if (method === "GET") {
        expect(res.status).toBe(303);
        expect(res.headers.get("location")).toMatch(/^\/admin\/login/);
      } else expect(res.status).toBe(401);
      expect((await listAudit(db, { limit: 1 })).total).toBe(before);
      return;
    }
    if (!allowed.includes(role)) {
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Not allowed");
      expect((await listAudit(db, { limit: 1 })).total).toBe(before);
      return;
    }
    if (method === "GET") {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/<main id="main"/);
    } else {
      expect(res.status).toBe(303);
    }
    if (records) {
      const [last] = (await listAudit(db, { limit: 1 })).entries;
      expect(last).toMatchObject({ action: records, actor: `staff:${users[role].id}` });
    }
  });

  it("left a chain that verifies", async () => {
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });
});

describe("sign-in", () => {
  it("signs in, sets a safe session cookie, stores only its hash, and records the login", async () => {
    const res = await signIn("Analyst.Staff@aurora.example", PASSWORD, "198.51.100.1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    expect(cookie).toMatch(/; Path=\/admin/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = /^loupe_admin=([^;]+)/.exec(cookie)?.[1] ?? "";
    secrets.push(token);
    const stored = await db.selectFrom("admin_sessions").selectAll().execute();
    expect(stored.some((s) => s.token_hash === sessionTokenHash(token))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(token);
    const [last] = (await listAudit(db, { limit: 1 })).entries;
    expect(last).toMatchObject({ action: "admin.login", actor: `staff:${users.analyst.id}` });
    const page = await get("/admin", `${SESSION_COOKIE}=${token}`);
    expect(await page.text()).toContain("analyst.staff@aurora.example (analyst)");
  });

  it("marks the cookie Secure over https", async () => {
    const page = await app.request("https://localhost/admin/login");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    expect(page.headers.get("set-cookie")).toMatch(/; Secure/);
    const res = await app.request("https://localhost/admin/login", {
      method: "POST",
      headers: {
        origin: "https://localhost",
        "content-type": "application/x-www-form-urlencoded",
        cookie: `${LOGIN_CSRF_COOKIE}=${csrf}`,
        "x-forwarded-for": "198.51.100.2",
      },
      body: new URLSearchParams({ _csrf: csrf, email: users.viewer.email, password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/; Secure/);
  });

  it("answers a wrong password and an unknown account alike, and records the failure without the address", async () => {
    const wrong = await signIn(users.viewer.email, "not the right password", "198.51.100.3");
    const unknown = await signIn("nobody@aurora.example", "not the right password", "198.51.100.3");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const text = (s: string) => s.replace(/value="[^"]+"/g, "");
    expect(text(await wrong.text())).toBe(text(await unknown.text()));
    const { entries } = await listAudit(db, { limit: 2 });
    expect(entries.map((e) => e.action)).toEqual(["admin.login_failed", "admin.login_failed"]);
    expect(JSON.stringify(entries)).not.toContain("@");
  });

  it("refuses a disabled account", async () => {
    const r = await createAdminUser(db, { email: "gone@aurora.example", role: "viewer", password: PASSWORD });
    if (!r.ok) throw r.errors[0];
    const admin = await sessionOf("admin");
    expect(
      (await post(`/admin/users/${r.value.id}/disable`, { _csrf: admin.csrf }, admin.cookie)).status,
    ).toBe(303);
    expect((await signIn("gone@aurora.example", PASSWORD, "198.51.100.4")).status).toBe(401);
  });

  it("never redirects outside the console after sign-in", async () => {
    const page = await get("/admin/login?next=//evil.example/admin");
    expect(await page.text()).toContain('name="next" value="/admin"');
  });
});

describe("login rate limit", () => {
  it("per account: after 5 failures even the right password waits", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await signIn(users.admin.email, "wrong password number", `203.0.113.${i + 1}`);
      expect(res.status).toBe(401);
    }
    const blocked = await signIn(users.admin.email, PASSWORD, "203.0.113.99");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    clock += 10 * 60_000; // tokens come back
    expect((await signIn(users.admin.email, PASSWORD, "203.0.113.99")).status).toBe(303);
  });

  it("does not count successful sign-ins against the account", async () => {
    for (let i = 0; i < 7; i++)
      expect((await signIn(users.analyst.email, PASSWORD, `203.0.113.${100 + i}`)).status).toBe(303);
  });

  it("per address: 20 attempts, whatever the accounts", async () => {
    for (let i = 0; i < 20; i++) {
      expect((await signIn(`someone${i}@aurora.example`, "wrong password number", "192.0.2.10")).status).toBe(
        401,
      );
    }
    const blocked = await signIn(users.viewer.email, PASSWORD, "192.0.2.10");
    expect(blocked.status).toBe(429);
    expect((await signIn(users.viewer.email, PASSWORD, "192.0.2.11")).status).toBe(303);
  });
});

describe("CSRF protection", () => {
  it("refuses a console form without the session's token, with another session's token, or from another site", async () => {
    const admin = await sessionOf("admin");
    const other = await sessionOf("analyst");
    const before = (await listAudit(db, { limit: 1 })).total;
    const missing = await post("/admin/audit/verify", {}, admin.cookie);
    const wrong = await post("/admin/audit/verify", { _csrf: other.csrf }, admin.cookie);
    const crossSite = await post("/admin/audit/verify", { _csrf: admin.csrf }, admin.cookie, {
      origin: "https://evil.example",
    });
    expect([missing.status, wrong.status, crossSite.status]).toEqual([403, 403, 403]);
    expect(await missing.text()).toContain("not sent from your current session");
    expect((await listAudit(db, { limit: 1 })).total).toBe(before);
    expect((await post("/admin/audit/verify", { _csrf: admin.csrf }, admin.cookie)).status).toBe(303);
  });

  it("refuses a sign-in form without the matching pre-session cookie", async () => {
    const res = await post(
      "/admin/login",
      { _csrf: "forged", email: users.admin.email, password: PASSWORD },
      undefined,
      {
        "x-forwarded-for": "192.0.2.50",
      },
    );
    expect(res.status).toBe(403);
  });

  it("puts the session's token in every form of every page", async () => {
    const admin = await sessionOf("admin");
    for (const path of ["/admin", "/admin/data-map", "/admin/outbox", "/admin/audit", "/admin/users"]) {
      const html = await (await get(path, admin.cookie)).text();
      const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
      expect(forms.length).toBeGreaterThan(0);
      for (const form of forms) expect(form).toContain(`name="_csrf" value="${admin.csrf}"`);
    }
  });
});

describe("session expiry", () => {
  it("ends a session idle for 30 minutes", async () => {
    const s = await sessionOf("viewer");
    clock += 29 * 60_000;
    expect((await get("/admin", s.cookie)).status).toBe(200);
    clock += 30 * 60_000 + 1000;
    const res = await get("/admin", s.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/admin\/login/);
    const rows = await db
      .selectFrom("admin_sessions")
      .select("token_hash")
      .where("token_hash", "=", sessionTokenHash(s.token))
      .execute();
    expect(rows).toEqual([]);
  });

  it("ends an active session at its absolute limit (1 hour here)", async () => {
    const s = await sessionOf("viewer");
    for (let i = 0; i < 2; i++) {
      clock += 25 * 60_000;
      expect((await get("/admin", s.cookie)).status).toBe(200);
    }
    clock += 11 * 60_000;
    expect((await get("/admin", s.cookie)).status).toBe(303);
    expect((await post("/admin/logout", { _csrf: s.csrf }, s.cookie)).status).toBe(401);
  });

  it("ends the session on sign-out", async () => {
    const s = await sessionOf("analyst");
    expect((await post("/admin/logout", { _csrf: s.csrf }, s.cookie)).headers.get("location")).toBe(
      "/admin/login?signed-out",
    );
    expect((await get("/admin", s.cookie)).status).toBe(303);
  });
});

describe("accounts", () => {
  it("stores passwords only as argon2id hashes", async () => {
    const admin = await sessionOf("admin");
    const password = "another long passphrase 7";
    secrets.push(password);
    const res = await post(
      "/admin/users",
      { _csrf: admin.csrf, email: "hash.check@aurora.example", role: "analyst", password },
      admin.cookie,
    );
    expect(res.status).toBe(303);
    const rows = await db.selectFrom("admin_users").selectAll().execute();
    for (const row of rows)
      expect(row.password_hash).toMatch(
        /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
      );
    const everything = JSON.stringify([
      rows,
      await db.selectFrom("admin_sessions").selectAll().execute(),
      (await listAudit(db, { limit: 500 })).entries,
    ]);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(PASSWORD);
  });

  it("created the first admin from the configuration, once", async () => {
    const first = await db
      .selectFrom("admin_users")
      .selectAll()
      .where("email", "=", "first.admin@aurora.example")
      .execute();
    expect(first).toHaveLength(1);
    expect(first[0]?.role).toBe("admin");
  });

  it("shows a form error for a short password and keeps at least one admin", async () => {
    const admin = await sessionOf("admin");
    const short = await post(
      "/admin/users",
      { _csrf: admin.csrf, email: "x@aurora.example", role: "viewer", password: "short" },
      admin.cookie,
    );
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("password: must be at least 12 characters long");
    const first = await db
      .selectFrom("admin_users")
      .select("id")
      .where("email", "=", "first.admin@aurora.example")
      .executeTakeFirstOrThrow();
    expect((await post(`/admin/users/${first.id}/disable`, { _csrf: admin.csrf }, admin.cookie)).status).toBe(
      303,
    );
    const self = await post(
      `/admin/users/${users.admin.id}/role`,
      { _csrf: admin.csrf, role: "viewer" },
      admin.cookie,
    );
    expect(self.status).toBe(409);
    expect(await self.text()).toContain("at least one enabled admin");
    const enabled = await db
      .selectFrom("admin_users")
      .select("id")
      .where("role", "=", "admin")
      .where("disabled_at", "is", null)
      .execute();
    expect(enabled.map((u) => u.id)).toEqual([users.admin.id]);
  });
});

describe("own password", () => {
  it("needs the current password, ends the other sessions and takes effect", async () => {
    const email = "changer@aurora.example";
    const r = await createAdminUser(db, { email, role: "viewer", password: PASSWORD });
    if (!r.ok) throw r.errors[0];
    const { token } = await createSession(db, r.value.id, now(), {
      idleMs: 60_000 * 30,
      absoluteMs: 3_600_000,
    });
    const other = await createSession(db, r.value.id, now(), { idleMs: 60_000 * 30, absoluteMs: 3_600_000 });
    const cookie = `${SESSION_COOKIE}=${token}`;
    const csrf = csrfTokenOf(token);
    const next = "a brand new passphrase 9";
    secrets.push(email, token, other.token, next);
    const wrong = await post(
      "/admin/account/password",
      { _csrf: csrf, current: "not it at all!", next, confirm: next },
      cookie,
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("current password: it is not your password");
    const differ = await post(
      "/admin/account/password",
      { _csrf: csrf, current: PASSWORD, next, confirm: `${next}x` },
      cookie,
    );
    expect(await differ.text()).toContain("the two new passwords differ");
    const done = await post(
      "/admin/account/password",
      { _csrf: csrf, current: PASSWORD, next, confirm: next },
      cookie,
    );
    expect(done.headers.get("location")).toBe("/admin/account?done=password");
    expect((await get("/admin", cookie)).status).toBe(200);
    expect((await get("/admin", `${SESSION_COOKIE}=${other.token}`)).status).toBe(303);
    expect((await signIn(email, PASSWORD, "192.0.2.60")).status).toBe(401);
    expect((await signIn(email, next, "192.0.2.61")).status).toBe(303);
    const [entry] = (await listAudit(db, { limit: 3, action: "user.password" })).entries;
    expect(entry).toMatchObject({ actor: `staff:${r.value.id}`, data: { endedSessions: 1 } });
  });
});

describe("logs", () => {
  it("carry no staff address, password, session or CSRF token", () => {
    expect(logs).toContain('"route":"/admin/login"');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
