/** @jsxImportSource hono/jsx */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { type LoadedMap, LoupeError, lint } from "@loupe/core";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { appendAudit } from "../audit/append-audit.js";
import { listAudit } from "../audit/list-audit.js";
import { verifyAudit } from "../audit/verify-audit.js";
import type { ServerConfig } from "../config/load-config.js";
import { httpStatusOf } from "../errors/http-errors.js";
import { clientIp } from "../http/client-ip.js";
import { readBody } from "../http/read-json.js";
import type { Logger } from "../log/create-logger.js";
import { listOutbox } from "../mail/queue-mail.js";
import type { LoupeDb } from "../store/database.js";
import { consoleDb } from "./admin-tables.js";
import {
  changePassword,
  createAdminUser,
  ensureFirstAdmin,
  listAdminUsers,
  updateAdminUser,
} from "./admin-users.js";
import type { Viewer } from "./console-layout.js";
import {
  AccountPage,
  AuditPage,
  DashboardPage,
  DataMapPage,
  ErrorPage,
  LoginPage,
  OutboxPage,
  UsersPage,
} from "./console-pages.js";
import { consentFigures, requestsPerWeek } from "./console-stats.js";
import { LoginThrottle } from "./login-throttle.js";
import { verifyPassword } from "./passwords.js";
import { can, isRole, type Permission } from "./permissions.js";
import {
  createSession,
  deleteSession,
  purgeSessions,
  readSession,
  type SessionLimits,
  type StaffSession,
} from "./sessions.js";

/** The session cookie (opaque token; the store keeps only its SHA-256). */
export const SESSION_COOKIE = "loupe_admin";
/** The pre-session cookie that the sign-in form's CSRF token must match. */
export const LOGIN_CSRF_COOKIE = "loupe_admin_login";

const MAX_FORM_BYTES = 16 * 1024;
const DASHBOARD_DAYS = 90;
const DASHBOARD_WEEKS = 12;
const OUTBOX_LIMIT = 100;
const NEXT = /^\/admin(?:\/[A-Za-z0-9/_-]*)?(?:\?[A-Za-z0-9=&_-]*)?$/;

export interface AdminConsoleOptions {
  db: LoupeDb;
  config: Pick<ServerConfig, "admin" | "clientIpHeader" | "publicUrl">;
  /** The data map the server runs on (for the data map page and its lint findings). */
  loaded: LoadedMap;
  logger: Logger;
  now?: () => Date;
  /** Sign-in limits (default {@link LoginThrottle} with its default limits on the same clock). */
  throttle?: LoginThrottle;
}

type Env = { Variables: { session: StaffSession; form: Map<string, string> } };

/**
 * The admin console under `/admin`: sign-in and sign-out, the dashboard, the data map and its findings, the
 * outbox, the audit log with chain verification, and user management. Creates the first admin from the
 * configuration when the store has none (see {@link ensureFirstAdmin}). Every page needs a session and a
 * permission from the one table (`permissions.ts`); every form carries the session's CSRF token; every staff
 * action is recorded in the audit log.
 *
 * @example
 * app.route("/", await createAdminConsole({ db: store.db, config, loaded, logger, now }));
 */
export async function createAdminConsole(options: AdminConsoleOptions): Promise<Hono<Env>> {
  const db = consoleDb(options.db);
  const now = options.now ?? (() => new Date());
  const { config, logger, loaded } = options;
  const limits: SessionLimits = {
    idleMs: config.admin.idleMinutes * 60_000,
    absoluteMs: config.admin.sessionHours * 3_600_000,
  };
  const throttle = options.throttle ?? new LoginThrottle({ now: () => now().getTime() });
  if (await ensureFirstAdmin(db, config.admin, { now }))
    logger.info("created the first console admin from LOUPE_ADMIN_EMAIL");
  const lintResult = lint(loaded);
  const findings = lintResult.ok ? lintResult.value : [];
  const secureCookies = config.publicUrl.startsWith("https:");
  const isSecure = (c: Context) => secureCookies || new URL(c.req.url).protocol === "https:";
  const audit = (
    actor: string,
    action: string,
    target?: string,
    data?: Record<string, string | number | boolean | null>,
  ) => appendAudit(db, { actor, action, target, data }, { now });

  const app = new Hono<Env>();
  app.use("/admin", noStore);
  app.use("/admin/*", noStore);

  const viewerOf = (s: StaffSession): Viewer => ({ email: s.user.email, role: s.user.role, csrf: s.csrf });
  const page = (c: Context, status: ContentfulStatusCode, title: string, message: string, s?: StaffSession) =>
    c.html(<ErrorPage title={title} message={message} viewer={s ? viewerOf(s) : undefined} />, status);

  /** Requires a live session holding `permission`; on a POST also a form whose `_csrf` is the session's. */
  const guard =
    (permission: Permission | undefined): MiddlewareHandler<Env> =>
    async (c, next) => {
      const session = await readSession(db, getCookie(c, SESSION_COOKIE), now(), limits);
      if (!session) {
        if (getCookie(c, SESSION_COOKIE)) deleteCookie(c, SESSION_COOKIE, { path: "/admin" });
        if (c.req.method === "GET") {
          const next = new URL(c.req.url);
          const target = `${next.pathname}${next.search}`;
          return c.redirect(
            `/admin/login${NEXT.test(target) && target !== "/admin" ? `?next=${encodeURIComponent(target)}` : ""}`,
            303,
          );
        }
        return page(c, 401, "Signed out", "Your session has ended or you are not signed in. Sign in again.");
      }
      if (c.req.method === "POST") {
        const form = await readForm(c);
        if (!sameToken(form.get("_csrf"), session.csrf))
          return page(
            c,
            403,
            "Form expired",
            "This form was not sent from your current session. Reload the page and try again.",
            session,
          );
        c.set("form", form);
      }
      if (permission && !can(session.user.role, permission))
        return page(c, 403, "Not allowed", `The ${session.user.role} role cannot open this page.`, session);
      c.set("session", session);
      return next();
    };

  app.get("/admin/login", async (c) => {
    const next = c.req.query("next");
    const target = next && NEXT.test(next) ? next : "/admin";
    if (await readSession(db, getCookie(c, SESSION_COOKIE), now(), limits)) return c.redirect(target, 303);
    const csrf = randomBytes(24).toString("base64url");
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, {
      path: "/admin/login",
      httpOnly: true,
      sameSite: "Strict",
      secure: isSecure(c),
      maxAge: 3600,
    });
    const info = c.req.query("signed-out") !== undefined ? "You are signed out." : undefined;
    return c.html(<LoginPage csrf={csrf} next={target} info={info} />);
  });

  app.post("/admin/login", async (c) => {
    const form = await readForm(c);
    const expected = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!expected || !sameToken(form.get("_csrf"), expected))
      return page(c, 403, "Form expired", "The sign-in form has expired. Open the sign-in page again.");
    const email = (form.get("email") ?? "").trim().toLowerCase().slice(0, 254);
    const password = (form.get("password") ?? "").slice(0, 1024);
    const next = form.get("next");
    const target = next && NEXT.test(next) ? next : "/admin";
    const wait = throttle.take(clientIp(c, config.clientIpHeader), email);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return page(
        c,
        429,
        "Too many attempts",
        `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`,
      );
    }
    const user = email
      ? await db.selectFrom("admin_users").selectAll().where("email", "=", email).executeTakeFirst()
      : undefined;
    const valid = await verifyPassword(user?.password_hash, password);
    if (!user || !valid || user.disabled_at) {
      await audit("anonymous", "admin.login_failed", user ? `user:${user.id}` : undefined, {
        known: user !== undefined,
      });
      return c.html(
        <LoginPage csrf={expected} next={target} error="The e-mail or the password is wrong." />,
        401,
      );
    }
    throttle.succeeded(email);
    // Sign-ins are rare: a good moment to drop sessions that have ended.
    await purgeSessions(db, now(), limits);
    const { token } = await createSession(db, user.id, now(), limits);
    setCookie(c, SESSION_COOKIE, token, {
      path: "/admin",
      httpOnly: true,
      sameSite: "Lax",
      secure: isSecure(c),
    });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: "/admin/login" });
    await audit(`staff:${user.id}`, "admin.login", `user:${user.id}`);
    return c.redirect(target, 303);
  });

  app.post("/admin/logout", guard(undefined), async (c) => {
    const s = c.var.session;
    await deleteSession(db, s.tokenHash);
    deleteCookie(c, SESSION_COOKIE, { path: "/admin", secure: isSecure(c) });
    await audit(`staff:${s.user.id}`, "admin.logout", `user:${s.user.id}`);
    return c.redirect("/admin/login?signed-out", 303);
  });

  app.get("/admin", guard("dashboard.view"), async (c) => {
    const since = new Date(now().getTime() - DASHBOARD_DAYS * 86_400_000);
    const [consent, weeks] = await Promise.all([
      consentFigures(options.db, since),
      requestsPerWeek(options.db, now(), DASHBOARD_WEEKS),
    ]);
    return c.html(
      <DashboardPage
        viewer={viewerOf(c.var.session)}
        days={DASHBOARD_DAYS}
        purposes={consent.purposes}
        gpc={{ visitors: consent.visitors, withGpc: consent.withGpc }}
        weeks={weeks}
      />,
    );
  });

  app.get("/admin/data-map", guard("datamap.view"), (c) =>
    c.html(<DataMapPage viewer={viewerOf(c.var.session)} loaded={loaded} findings={findings} />),
  );

  app.get("/admin/outbox", guard("outbox.view"), async (c) => {
    const s = c.var.session;
    const rows = await listOutbox(options.db, { limit: OUTBOX_LIMIT });
    // The outbox shows addresses and subjects: reading it is recorded.
    await audit(`staff:${s.user.id}`, "outbox.view", undefined, { rows: rows.length });
    return c.html(<OutboxPage viewer={viewerOf(s)} rows={rows} limit={OUTBOX_LIMIT} />);
  });

  app.get("/admin/audit", guard("audit.view"), async (c) => {
    const s = c.var.session;
    const raw = c.req.query("before");
    const before = raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
    const [pageOf, checks, users] = await Promise.all([
      listAudit(db, { limit: 50, before }),
      listAudit(db, { limit: 1, action: "audit.verify" }),
      listAdminUsers(db),
    ]);
    return c.html(
      <AuditPage
        viewer={viewerOf(s)}
        entries={pageOf.entries}
        total={pageOf.total}
        nextBefore={pageOf.nextBefore}
        lastCheck={checks.entries[0]}
        staff={new Map(users.map((u) => [u.id, u.email]))}
        canVerify={can(s.user.role, "audit.verify")}
      />,
    );
  });

  app.post("/admin/audit/verify", guard("audit.verify"), async (c) => {
    const s = c.var.session;
    const r = await verifyAudit(db);
    await audit(
      `staff:${s.user.id}`,
      "audit.verify",
      undefined,
      r.ok
        ? { intact: true, count: r.count }
        : { intact: false, count: r.count, brokenAt: r.brokenAt, reason: r.reason },
    );
    return c.redirect("/admin/audit", 303);
  });

  const DONE: Record<string, string> = {
    created: "The user was added.",
    role: "The role was changed.",
    disable: "The user was disabled and signed out.",
    enable: "The user was enabled.",
  };

  app.get("/admin/users", guard("users.manage"), async (c) => {
    const done = DONE[c.req.query("done") ?? ""];
    return c.html(
      <UsersPage viewer={viewerOf(c.var.session)} users={await listAdminUsers(db)} done={done} />,
    );
  });

  const usersError = async (c: Context<Env>, err: LoupeError | undefined) =>
    c.html(
      <UsersPage
        viewer={viewerOf(c.var.session)}
        users={await listAdminUsers(db)}
        error={err?.message ?? "invalid form"}
      />,
      httpStatusOf(err?.code ?? "INVALID_REQUEST"),
    );

  app.post("/admin/users", guard("users.manage"), async (c) => {
    const form = c.var.form;
    const r = await createAdminUser(
      db,
      { email: form.get("email") ?? "", role: form.get("role") ?? "", password: form.get("password") ?? "" },
      { actor: `staff:${c.var.session.user.id}`, now },
    );
    if (!r.ok) return usersError(c, r.errors[0]);
    return c.redirect("/admin/users?done=created", 303);
  });

  app.post("/admin/users/:id/:change{role|disable|enable}", guard("users.manage"), async (c) => {
    const change = c.req.param("change");
    const role = c.var.form.get("role");
    if (change === "role" && !isRole(role))
      return usersError(c, new LoupeError("INVALID_REQUEST", "role: must be admin, analyst or viewer"));
    const r = await updateAdminUser(
      db,
      c.req.param("id"),
      change === "role" && isRole(role) ? { role } : { disabled: change === "disable" },
      { actor: `staff:${c.var.session.user.id}`, now },
    );
    if (!r.ok) return usersError(c, r.errors[0]);
    return c.redirect(`/admin/users?done=${change}`, 303);
  });

  app.get("/admin/account", guard("account.manage"), (c) =>
    c.html(
      <AccountPage
        viewer={viewerOf(c.var.session)}
        done={
          c.req.query("done") === "password"
            ? "Your password was changed; your other sessions have ended."
            : undefined
        }
      />,
    ),
  );

  app.post("/admin/account/password", guard("account.manage"), async (c) => {
    const s = c.var.session;
    const form = c.var.form;
    const r = await changePassword(
      db,
      s.user.id,
      {
        current: form.get("current") ?? "",
        next: form.get("next") ?? "",
        confirm: form.get("confirm") ?? "",
      },
      { keepSession: s.tokenHash, now },
    );
    if (!r.ok) return c.html(<AccountPage viewer={viewerOf(s)} error={r.errors[0]?.message} />, 400);
    return c.redirect("/admin/account?done=password", 303);
  });

  app.onError((err, c) => {
    if (err instanceof LoupeError) return page(c, httpStatusOf(err.code), "Request refused", err.message);
    const e = err as { name?: string; code?: string };
    logger.error({ err: { name: e.name, code: e.code } }, "console error");
    return page(c, 500, "Something went wrong", "The console could not complete this request.");
  });
  return app;
}

const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
};

async function readForm(c: Context): Promise<Map<string, string>> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header("content-type") ?? ""))
    throw new LoupeError(
      "UNSUPPORTED_FORMAT",
      "the console accepts HTML forms (application/x-www-form-urlencoded) only",
    );
  const fields = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(await readBody(c, MAX_FORM_BYTES)))
    if (!fields.has(k)) fields.set(k, v);
  return fields;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
