/** @jsxImportSource hono/jsx */
import { randomBytes } from "node:crypto";
import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { ServerConfig } from "../config/load-config.js";
import { VisitorIdSchema } from "../consent/consent-schemas.js";
import { getConsentState } from "../consent/get-consent-state.js";
import { recordGpcSignal } from "../consent/record-gpc-signal.js";
import { clientIp } from "../http/client-ip.js";
import { rateLimit } from "../http/rate-limit.js";
import { requestMeta } from "../http/request-meta.js";
import { issueLinkToken, type LinkHolder, readLinkToken } from "../identity/link-tokens.js";
import { emailHash, normaliseEmail } from "../identity/normalise-email.js";
import { verifyStoreToken } from "../identity/store-token.js";
import { readUnsubscribeToken } from "../identity/unsubscribe-token.js";
import { linkRequestPage } from "./link-request-page.js";
import { ONE_CLICK } from "./list-unsubscribe-headers.js";
import { OPT_OUT_PATHS, type OptOutKind, optOutPage } from "./opt-out-page.js";
import { MessagePage } from "./page-layout.js";
import { maskEmail, preferenceCentrePage } from "./preference-centre-page.js";
import { marketingKeys } from "./preference-model.js";
import { readForm } from "./read-form.js";
import {
  getPreferences,
  type PreferenceChange,
  type PreferenceContext,
  recordCookieChoices,
  recordPreferences,
  subjectKey,
} from "./record-preferences.js";
import { unsubscribePage } from "./unsubscribe-page.js";

/** An e-mail to queue (the mail module's `queueMail` input). */
export interface PreferenceMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
  headers?: Record<string, string>;
}

/** What the preference routes need beyond the business context. */
export interface PreferenceRouteOptions {
  config: Pick<
    ServerConfig,
    "countryHeaders" | "clientIpHeader" | "rateLimit" | "publicUrl" | "storeTokenSecret"
  >;
  /** The secret of unsubscribe tokens (the configured one, or a per-process one). */
  linkSecret: string;
  /** Queues an e-mail (the mail module's outbox). */
  mail(mail: PreferenceMail): Promise<unknown>;
}

/** Cookie with the random id of a browser that used an opt-out page without giving an address. */
export const BROWSER_COOKIE = "loupe_optout";
/** The SDK's consent cookie, read for its visitor id. */
const CONSENT_COOKIE = "loupe_consent";
const EmailSchema = z.email().max(254);
const BrowserIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
/** Preference-link e-mails per address per hour; more requests get the same answer but no mail. */
const LINKS_PER_HOUR = 3;

/**
 * The customer-facing preference pages, all server-rendered and working without JavaScript:
 * - `GET /preferences`, `POST /preferences/link`: ask for a link by e-mail (same answer for every address);
 * - `GET /preferences/login?token=`: enter with the shop's signed login token;
 * - `GET|POST /preferences/manage`, `POST /preferences/object`: the preference centre behind a signed link;
 * - `GET|POST /privacy-choices/do-not-sell-or-share` and `/privacy-choices/limit-sensitive-information`:
 *   opt-outs without account or verification, "Opt-Out Request Honored" under Global Privacy Control;
 * - `GET|POST /unsubscribe/:token`: RFC 8058 one-click unsubscribe (the POST needs no cookie and no CSRF
 *   origin; the app exempts this path from its CSRF check).
 * Every POST is rate-limited per client IP.
 *
 * @example
 * app.route("/", preferenceRoutes(ctx, { config, linkSecret, mail: (m) => queueMail({ db, queue }, m) }));
 */
export function preferenceRoutes(ctx: PreferenceContext, options: PreferenceRouteOptions): Hono {
  const { config } = options;
  const app = new Hono();
  const org = ctx.model.organization;
  const meta = (c: Context) => requestMeta(c, config, ctx.consent.model.defaultRegime);
  const limited = rateLimit({ ...config.rateLimit, key: (c) => clientIp(c, config.clientIpHeader) });
  const linkCounts = new Map<string, { count: number; since: number }>();
  const noStore = (c: Context) => {
    c.header("Cache-Control", "no-store");
  };
  const invalidLink = (c: Context, message: string) =>
    c.html(
      <MessagePage
        organization={org}
        title="This link cannot be used"
        message={message}
        kind="error"
        link={{ href: "/preferences", text: "Request a new link" }}
      />,
      401,
    );
  /** The holder of a preference link, or the answer to send when the link is not valid. */
  const holderOf = async (c: Context, token: string | undefined) => {
    const r = await readLinkToken(ctx.db, token ?? "", "preferences", ctx.now());
    return r.ok ? r.value : invalidLink(c, r.errors[0]?.message ?? "the link is not valid");
  };
  const visitorIdOf = (c: Context) => {
    const id = getCookie(c, CONSENT_COOKIE)?.split(".")[1];
    return id && VisitorIdSchema.safeParse(id).success ? id : undefined;
  };

  app.get("/preferences", (c) => {
    noStore(c);
    return c.html(linkRequestPage({ organization: org }));
  });

  app.post("/preferences/link", limited, async (c) => {
    noStore(c);
    const form = await readForm(c);
    const parsed = EmailSchema.safeParse(form.get("email")?.trim());
    if (!parsed.success)
      return c.html(
        linkRequestPage({ organization: org, error: "Enter an e-mail address such as name@example.com." }),
        400,
      );
    const email = normaliseEmail(parsed.data);
    const key = emailHash(email);
    const now = ctx.now().getTime();
    const seen = linkCounts.get(key);
    const count = seen && now - seen.since < 3600_000 ? seen.count + 1 : 1;
    if (linkCounts.size > 100_000) linkCounts.clear();
    linkCounts.set(key, { count, since: count === 1 ? now : (seen?.since ?? now) });
    if (count <= LINKS_PER_HOUR) {
      const { token } = await issueLinkToken(ctx.db, { purpose: "preferences", email }, { now: ctx.now() });
      const url = `${config.publicUrl}/preferences/manage?t=${token}`;
      await options.mail({
        to: email,
        subject: `Your privacy choices at ${org}`,
        text: `Someone (we hope you) asked for a link to your privacy choices at ${org}.\n\nOpen it within 7 days:\n${url}\n\nIf it was not you, ignore this e-mail: nothing changes.`,
        kind: "preference-link",
      });
    }
    return c.html(linkRequestPage({ organization: org, sent: true }));
  });

  app.get("/preferences/login", async (c) => {
    noStore(c);
    if (!config.storeTokenSecret) return invalidLink(c, "Signing in from the shop is not set up here.");
    const r = await verifyStoreToken(c.req.query("token") ?? "", config.storeTokenSecret, ctx.now());
    if (!r.ok) return invalidLink(c, `${r.errors[0]?.message ?? "the login token is not valid"}.`);
    const { token } = await issueLinkToken(
      ctx.db,
      { purpose: "preferences", email: r.value.email, customerId: r.value.customerId },
      { now: ctx.now(), ttlMs: 2 * 3600_000 },
    );
    return c.redirect(`/preferences/manage?t=${token}`, 303);
  });

  const centre = async (
    c: Context,
    holder: LinkHolder,
    token: string,
    saved?: "saved" | "objected" | "unchanged",
  ) => {
    noStore(c);
    const m = meta(c);
    const subject = { email: holder.email, customerId: holder.customerId };
    if (m.gpc && ctx.consent.model.gpcHonoured) {
      await recordPreferences(
        ctx,
        subject,
        { action: "gpc", source: "signal", changes: [{ key: ctx.model.saleShare.key, allowed: false }] },
        m,
      );
      if (holder.customerId) await recordGpcSignal(ctx.consent, { customerId: holder.customerId }, m);
    }
    const state = await getPreferences(ctx.db, subjectKey(subject));
    const visitorId = visitorIdOf(c);
    const consentSubject = holder.customerId
      ? ({ kind: "customer", id: holder.customerId } as const)
      : visitorId
        ? ({ kind: "visitor", id: visitorId } as const)
        : undefined;
    const cookies = consentSubject
      ? new Map((await getConsentState(ctx.consent, consentSubject)).purposes.map((p) => [p.id, p.state]))
      : undefined;
    return c.html(
      preferenceCentrePage({
        model: ctx.model,
        token,
        maskedEmail: maskEmail(holder.email),
        state,
        cookies,
        saved,
        gpc: m.gpc && ctx.consent.model.gpcHonoured,
      }),
    );
  };

  app.get("/preferences/manage", async (c) => {
    const token = c.req.query("t") ?? "";
    const holder = await holderOf(c, token);
    if (holder instanceof Response) return holder;
    const saved = c.req.query("saved");
    return centre(
      c,
      holder,
      token,
      saved === "saved" || saved === "objected" || saved === "unchanged" ? saved : undefined,
    );
  });

  app.post("/preferences/manage", limited, async (c) => {
    const form = await readForm(c);
    const token = form.get("t") ?? "";
    const holder = await holderOf(c, token);
    if (holder instanceof Response) return holder;
    const changes: PreferenceChange[] = [];
    const granted: string[] = [];
    const denied: string[] = [];
    for (const [name, value] of form) {
      if (value !== "yes" && value !== "no") continue;
      if (ctx.model.keys.has(name)) changes.push({ key: name, allowed: value === "yes" });
      else if (name.startsWith("cookie:")) {
        const id = name.slice(7);
        const purpose = ctx.model.cookies.find((p) => p.id === id && !p.required);
        if (purpose) (value === "yes" ? granted : denied).push(id);
      }
    }
    const m = meta(c);
    const subject = { email: holder.email, customerId: holder.customerId };
    const receipt = await recordPreferences(
      ctx,
      subject,
      { action: "save", source: "preference-centre", changes },
      m,
    );
    // Do Not Sell or Share also refuses the cookies that sell or share, whatever the form said of them.
    if (changes.some((ch) => ch.key === ctx.model.saleShare.key && !ch.allowed))
      for (const id of ctx.consent.model.saleOrShare) {
        if (granted.includes(id)) granted.splice(granted.indexOf(id), 1);
        if (!denied.includes(id)) denied.push(id);
      }
    let cookieChanged = false;
    if (granted.length + denied.length > 0) {
      const visitorId = visitorIdOf(c);
      const who = { customerId: holder.customerId, visitorId };
      const current = holder.customerId
        ? await getConsentState(ctx.consent, { kind: "customer", id: holder.customerId })
        : visitorId
          ? await getConsentState(ctx.consent, { kind: "visitor", id: visitorId })
          : undefined;
      const differs = current?.purposes.some(
        (p) =>
          (granted.includes(p.id) && p.state !== "granted") ||
          (denied.includes(p.id) && p.state !== "denied"),
      );
      if (current && differs)
        cookieChanged = (await recordCookieChoices(ctx, who, { granted, denied }, m)) !== undefined;
    }
    const outcome = receipt || cookieChanged ? "saved" : "unchanged";
    return c.redirect(`/preferences/manage?t=${token}&saved=${outcome}`, 303);
  });

  app.post("/preferences/object", limited, async (c) => {
    const form = await readForm(c);
    const token = form.get("t") ?? "";
    const holder = await holderOf(c, token);
    if (holder instanceof Response) return holder;
    const m = meta(c);
    await recordPreferences(
      ctx,
      { email: holder.email, customerId: holder.customerId },
      {
        action: "object",
        source: "preference-centre",
        changes: marketingKeys(ctx.model).map((key) => ({ key, allowed: false })),
      },
      m,
    );
    const visitorId = visitorIdOf(c);
    if (ctx.model.marketingCookiePurposes.length > 0)
      await recordCookieChoices(
        ctx,
        { customerId: holder.customerId, visitorId },
        { granted: [], denied: ctx.model.marketingCookiePurposes },
        m,
      );
    return c.redirect(`/preferences/manage?t=${token}&saved=objected`, 303);
  });

  const optOut = (kind: OptOutKind) => {
    const choiceKey = kind === "sale-share" ? ctx.model.saleShare.key : ctx.model.sensitive.key;
    const browserOf = (c: Context) => {
      const id = getCookie(c, BROWSER_COOKIE);
      return id && BrowserIdSchema.safeParse(id).success ? id : undefined;
    };
    const remember = (c: Context, id: string) =>
      setCookie(c, BROWSER_COOKIE, id, {
        path: "/",
        httpOnly: true,
        sameSite: "Lax",
        secure: new URL(c.req.url).protocol === "https:",
        maxAge: 400 * 86400,
      });
    const optedOut = async (browserId: string | undefined) =>
      browserId !== undefined &&
      (await getPreferences(ctx.db, subjectKey({ email: null, customerId: null, browserId }))).get(choiceKey)
        ?.allowed === false;

    app.get(OPT_OUT_PATHS[kind], async (c) => {
      noStore(c);
      const m = meta(c);
      let browserId = browserOf(c);
      let done = await optedOut(browserId);
      if (kind === "sale-share" && m.gpc && ctx.consent.model.gpcHonoured && !done) {
        browserId ??= randomBytes(16).toString("base64url");
        await recordPreferences(
          ctx,
          { email: null, customerId: null, browserId },
          { action: "gpc", source: "signal", changes: [{ key: choiceKey, allowed: false }] },
          m,
        );
        remember(c, browserId);
        done = true;
      }
      return c.html(
        optOutPage({
          model: ctx.model,
          kind,
          gpc: m.gpc && ctx.consent.model.gpcHonoured,
          optedOut: done,
        }),
      );
    });

    app.post(OPT_OUT_PATHS[kind], limited, async (c) => {
      noStore(c);
      const form = await readForm(c);
      const m = meta(c);
      const given = form.get("email")?.trim() ?? "";
      const email = given ? EmailSchema.safeParse(given) : undefined;
      if (email && !email.success)
        return c.html(
          optOutPage({
            model: ctx.model,
            kind,
            gpc: m.gpc && ctx.consent.model.gpcHonoured,
            optedOut: false,
            error: "That e-mail address does not look right. Correct it, or leave the field empty.",
          }),
          400,
        );
      const browserId = browserOf(c) ?? randomBytes(16).toString("base64url");
      const change = {
        action: "opt-out",
        source: "opt-out-page",
        changes: [{ key: choiceKey, allowed: false }],
      } as const;
      await recordPreferences(
        ctx,
        { email: null, customerId: null, browserId },
        { ...change, changes: [...change.changes] },
        m,
      );
      if (email?.success)
        await recordPreferences(
          ctx,
          { email: normaliseEmail(email.data), customerId: null },
          { ...change, changes: [...change.changes] },
          m,
        );
      const visitorId = visitorIdOf(c);
      if (kind === "sale-share" && visitorId && ctx.consent.model.saleOrShare.length > 0)
        await recordCookieChoices(
          ctx,
          { visitorId },
          { granted: [], denied: ctx.consent.model.saleOrShare },
          m,
        );
      remember(c, browserId);
      return c.html(
        optOutPage({ model: ctx.model, kind, gpc: m.gpc && ctx.consent.model.gpcHonoured, optedOut: true }),
      );
    });
  };
  optOut("sale-share");
  optOut("sensitive-use");

  const listTitle = (list: string) =>
    list === "all"
      ? "marketing e-mails"
      : `e-mails about “${ctx.model.topics.find((t) => t.key === `topic:${list}`)?.title ?? list}”`;
  const unsubscribeInvalid = (c: Context, message: string) =>
    c.html(unsubscribePage({ organization: org, state: "invalid", message }), 400);

  app.get("/unsubscribe/:token", async (c) => {
    noStore(c);
    const r = await readUnsubscribeToken(c.req.param("token"), options.linkSecret, ctx.now());
    if (!r.ok) return unsubscribeInvalid(c, `${r.errors[0]?.message ?? "this link is not valid"}.`);
    return c.html(
      unsubscribePage({
        organization: org,
        state: "confirm",
        list: listTitle(r.value.list),
        maskedEmail: maskEmail(r.value.email),
      }),
    );
  });

  app.post("/unsubscribe/:token", limited, async (c) => {
    noStore(c);
    const r = await readUnsubscribeToken(c.req.param("token"), options.linkSecret, ctx.now());
    if (!r.ok) return unsubscribeInvalid(c, `${r.errors[0]?.message ?? "this link is not valid"}.`);
    const form = await readForm(c);
    if (form.get("List-Unsubscribe") !== "One-Click")
      return unsubscribeInvalid(c, `The request must carry ${ONE_CLICK}; nothing was changed.`);
    const topic = `topic:${r.value.list}`;
    const key = r.value.list !== "all" && ctx.model.keys.has(topic) ? topic : "channel:email";
    await recordPreferences(
      ctx,
      { email: r.value.email, customerId: null },
      { action: "unsubscribe", source: "one-click", changes: [{ key, allowed: false }] },
      meta(c),
    );
    return c.html(
      unsubscribePage({
        organization: org,
        state: "done",
        list: key === "channel:email" ? "marketing e-mails" : listTitle(r.value.list),
        maskedEmail: maskEmail(r.value.email),
      }),
      200,
    );
  });

  return app;
}

/**
 * Whether a request skips the app's CSRF origin check: only the RFC 8058 one-click POST to
 * `/unsubscribe/<token>`, which mail providers send without cookies or an `Origin` header (the token in the
 * URL is its only credential, and it can do nothing but unsubscribe).
 *
 * @example
 * app.use("*", (c, next) => (isCsrfExempt(c.req.method, c.req.path) ? next() : csrfCheck(c, next)));
 */
export function isCsrfExempt(method: string, path: string): boolean {
  return method === "POST" && /^\/unsubscribe\/[^/]+$/.test(path);
}
