/** @jsxImportSource hono/jsx */

import { LoupeError } from "@loupe/core";
import { type Context, Hono } from "hono";
import type { ServerConfig } from "../config/load-config.js";
import { clientIp } from "../http/client-ip.js";
import { rateLimit } from "../http/rate-limit.js";
import { readBody } from "../http/read-json.js";
import { getNoticeVersion, listNoticeVersions } from "../notice/notice-versions.js";
import { type CreatedRequest, createRequest } from "../requests/create-request.js";
import { DENIAL_TEMPLATES, type Language } from "../requests/denial-templates.js";
import { downloadPackage } from "../requests/download-package.js";
import { getRequest } from "../requests/get-request.js";
import type { RightsContext } from "../requests/rights-context.js";
import { keyedHash, sameHash } from "../requests/rights-crypto.js";
import type { LoupeDb } from "../store/database.js";
import { verifyCode } from "../verification/verify-request.js";
import { type FormInput, MAX_PERMISSION_BYTES, parseForm } from "./centre-forms.js";
import {
  ConfirmDeletePage,
  DiffPage,
  DownloadPage,
  FormPage,
  HistoryPage,
  HomePage,
  MessagePage,
  SentPage,
  StatusPage,
  VerifyLinkPage,
} from "./centre-pages.js";
import { centreText, FORM_IDS, type FormId, pickLanguage } from "./centre-text.js";
import { checkCsrf, csrfToken } from "./csrf-token.js";
import { diffLines, noticeLines } from "./notice-diff.js";

/** The largest urlencoded privacy-centre form accepted. */
export const MAX_CENTRE_FORM_BYTES = 64 * 1024;

const REQUEST_ID = /^req_[A-Za-z0-9_-]{22}$/;
const VERSION = /^[A-Za-z0-9._:-]{1,128}$/;

export interface PrivacyCentreOptions {
  db: LoupeDb;
  /** The notice version in force. */
  currentNotice: string;
  /** Submissions per second and burst per client IP (0 turns the limit off). */
  rateLimit: { perSecond: number; burst: number };
  clientIpHeader?: ServerConfig["clientIpHeader"];
}

/**
 * The privacy centre under `/privacy-centre`: server-rendered pages in English and Spanish that work without
 * JavaScript — the notice and its version history with differences, "Your Privacy Choices" (the preference
 * centre), one form per right, code verification, the request status page and the single-use download of an
 * access package. Every POST is rate-limited per client and needs this browser's form token (on top of the
 * server's Origin check); a rejected submission stores nothing.
 *
 * @example
 * app.route("/", privacyCentreRoutes(rights.ctx, { db: store.db, currentNotice: notice.version, rateLimit: { perSecond: 0.2, burst: 10 } }));
 */
export function privacyCentreRoutes(ctx: RightsContext, o: PrivacyCentreOptions): Hono {
  const app = new Hono();
  const org = ctx.organization.name;
  const limited = rateLimit({ ...o.rateLimit, key: (c) => clientIp(c, o.clientIpHeader) });
  const langOf = (c: Context, form?: Map<string, string>) =>
    pickLanguage(form?.get("lang") ?? c.req.query("lang"), c.req.header("accept-language"));
  const noStore = (c: Context) => c.header("Cache-Control", "no-store");
  const forbidden = (c: Context, lang: Language) => {
    const t = centreText(lang);
    return c.html(
      <MessagePage
        lang={lang}
        organization={org}
        title={t.errorsTitle}
        message={
          lang === "es"
            ? "El formulario ha caducado. Vuelva a cargar la página y envíelo de nuevo."
            : "This form has expired. Reload the page and send it again."
        }
        kind="error"
      />,
      403,
    );
  };

  app.get("/privacy-centre", (c) => c.html(<HomePage lang={langOf(c)} organization={org} />));

  app.get("/privacy-centre/notice-history", async (c) =>
    c.html(
      <HistoryPage
        lang={langOf(c)}
        organization={org}
        versions={await listNoticeVersions(o.db)}
        current={o.currentNotice}
      />,
    ),
  );

  app.get("/privacy-centre/notice-history/diff", async (c) => {
    const lang = langOf(c);
    const from = c.req.query("from") ?? "";
    const to = c.req.query("to") ?? "";
    const a = VERSION.test(from) ? await getNoticeVersion(o.db, from) : undefined;
    const b = VERSION.test(to) ? await getNoticeVersion(o.db, to) : undefined;
    if (!a || !b) {
      const t = centreText(lang);
      return c.html(
        <MessagePage
          lang={lang}
          organization={org}
          title={t.notFoundTitle}
          message={t.historyIntro}
          kind="error"
          link={{ href: "/privacy-centre/notice-history", text: t.noticeHistory }}
        />,
        404,
      );
    }
    c.header("Cache-Control", "public, max-age=86400");
    return c.html(
      <DiffPage
        lang={lang}
        organization={org}
        from={a}
        to={b}
        runs={diffLines(noticeLines(a.content), noticeLines(b.content))}
      />,
    );
  });

  app.get("/privacy-centre/requests/new/:form", (c) => {
    const form = c.req.param("form") as FormId;
    const lang = langOf(c);
    if (!FORM_IDS.includes(form)) return notFound(c, lang);
    const values = new Map<string, string>();
    const ref = c.req.query("request");
    if (ref && REQUEST_ID.test(ref)) values.set("request", ref);
    const login = c.req.query("login");
    if (login && login.length < 4096 && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(login)) values.set("login", login);
    noStore(c);
    return c.html(
      <FormPage
        lang={lang}
        organization={org}
        form={form}
        csrf={csrfToken(c, ctx.keys.csrfKey)}
        values={values}
        errors={{}}
      />,
    );
  });

  app.post("/privacy-centre/requests/new/:form", limited, async (c) => {
    const form = c.req.param("form") as FormId;
    if (!FORM_IDS.includes(form)) return notFound(c, langOf(c));
    const input = await readCentreForm(c, form === "agent");
    const lang = langOf(c, input.fields);
    noStore(c);
    if (!checkCsrf(c, ctx.keys.csrfKey, input.fields.get("_csrf"))) return forbidden(c, lang);
    const csrf = csrfToken(c, ctx.keys.csrfKey);
    const parsed = parseForm(form, input, lang);
    if (!parsed.ok)
      return c.html(
        <FormPage
          lang={lang}
          organization={org}
          form={form}
          csrf={csrf}
          values={input.fields}
          errors={parsed.errors}
        />,
        400,
      );
    if (form === "delete" && input.fields.get("confirm") !== "yes")
      return c.html(
        <ConfirmDeletePage
          lang={lang}
          organization={org}
          csrf={csrf}
          values={input.fields}
          consequences={ctx.deletionConsequences}
        />,
      );
    const created: CreatedRequest[] = [];
    try {
      for (const r of parsed.requests) created.push(await createRequest(ctx, r));
    } catch (err) {
      if (err instanceof LoupeError && err.code === "INVALID_REQUEST" && form === "appeal")
        return c.html(
          <FormPage
            lang={lang}
            organization={org}
            form={form}
            csrf={csrf}
            values={input.fields}
            errors={{ request: "appealRequest" }}
          />,
          400,
        );
      throw err;
    }
    const first = created[0] as CreatedRequest;
    const mode = first.verification === "none" ? "none" : form === "agent" ? "agent" : "code";
    return c.html(<SentPage lang={lang} organization={org} csrf={csrf} requestId={first.id} mode={mode} />);
  });

  app.get("/privacy-centre/verify", (c) => {
    const lang = langOf(c);
    const id = c.req.query("request") ?? "";
    const code = c.req.query("code") ?? "";
    noStore(c);
    const csrf = csrfToken(c, ctx.keys.csrfKey);
    if (!REQUEST_ID.test(id)) return notFound(c, lang);
    return c.html(
      <VerifyLinkPage
        lang={lang}
        organization={org}
        csrf={csrf}
        requestId={id}
        code={/^\d{8}$/.test(code) ? code : ""}
      />,
    );
  });

  app.post("/privacy-centre/verify", limited, async (c) => {
    const input = await readCentreForm(c, false);
    const lang = langOf(c, input.fields);
    noStore(c);
    if (!checkCsrf(c, ctx.keys.csrfKey, input.fields.get("_csrf"))) return forbidden(c, lang);
    const csrf = csrfToken(c, ctx.keys.csrfKey);
    const id = input.fields.get("request") ?? "";
    const code = (input.fields.get("code") ?? "").replace(/\s/g, "");
    const t = centreText(lang);
    const result = REQUEST_ID.test(id) && /^\d{8}$/.test(code) ? await verifyCode(ctx, id, code) : undefined;
    if (!result?.ok)
      return c.html(
        <SentPage
          lang={lang}
          organization={org}
          csrf={csrf}
          requestId={REQUEST_ID.test(id) ? id : "req_"}
          mode="code"
          error
        />,
        400,
      );
    return c.html(
      <MessagePage
        lang={lang}
        organization={org}
        title={t.verifiedTitle}
        message={`${t.verifyOutcome[result.value] ?? ""} ${t.statusText}`}
      />,
    );
  });

  app.get("/privacy-centre/requests/:id", async (c) => {
    const lang = langOf(c);
    const id = c.req.param("id");
    const token = c.req.query("token") ?? "";
    noStore(c);
    if (!REQUEST_ID.test(id) || !/^[\w-]{20,100}$/.test(token)) return notFound(c, lang);
    const row = await ctx.db
      .selectFrom("rights_requests")
      .select("status_token_hash")
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row || !sameHash(row.status_token_hash, keyedHash(ctx.keys.hashKey, `status:${token}`)))
      return notFound(c, lang);
    const view = await getRequest(ctx.db, id, ctx.now());
    if (!view) return notFound(c, lang);
    const basis = view.denialBasis as keyof typeof DENIAL_TEMPLATES | undefined;
    return c.html(
      <StatusPage
        lang={lang}
        organization={org}
        request={view}
        denialText={basis ? DENIAL_TEMPLATES[basis]?.[lang] : undefined}
      />,
    );
  });

  app.get("/privacy-centre/download/:token", (c) => {
    const lang = langOf(c);
    noStore(c);
    const token = c.req.param("token");
    if (!/^[\w-]{20,100}$/.test(token)) return notFound(c, lang);
    return c.html(
      <DownloadPage lang={lang} organization={org} csrf={csrfToken(c, ctx.keys.csrfKey)} token={token} />,
    );
  });

  app.post("/privacy-centre/download/:token", limited, async (c) => {
    const input = await readCentreForm(c, false);
    const lang = langOf(c, input.fields);
    noStore(c);
    if (!checkCsrf(c, ctx.keys.csrfKey, input.fields.get("_csrf"))) return forbidden(c, lang);
    const pkg = await downloadPackage(ctx, c.req.param("token"));
    if (!pkg) {
      const t = centreText(lang);
      return c.html(
        <MessagePage
          lang={lang}
          organization={org}
          title={t.downloadTitle}
          message={t.downloadGone}
          kind="error"
        />,
        410,
      );
    }
    return c.body(new Uint8Array(pkg.bytes), 200, {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${pkg.name.replace(/[^\w.-]/g, "_")}"`,
    });
  });

  return app;

  function notFound(c: Context, lang: Language) {
    const t = centreText(lang);
    return c.html(
      <MessagePage
        lang={lang}
        organization={org}
        title={t.notFoundTitle}
        message={t.notFoundText}
        kind="error"
      />,
      404,
    );
  }
}

/**
 * Reads a privacy-centre form: urlencoded (64 KiB at most) or, for the agent form, multipart with one file
 * (the signed permission, 2 MiB at most). Throws the usual `LoupeError`s for other bodies.
 *
 * @example
 * const { fields, file } = await readCentreForm(c, true);
 */
export async function readCentreForm(c: Context, allowFile: boolean): Promise<FormInput> {
  const type = c.req.header("content-type") ?? "";
  const multipart = /^multipart\/form-data\b/i.test(type);
  const urlencoded = /^application\/x-www-form-urlencoded\b/i.test(type);
  if (!urlencoded && !(multipart && allowFile)) {
    throw new LoupeError(
      "UNSUPPORTED_FORMAT",
      "the request body must be a form (application/x-www-form-urlencoded)",
    );
  }
  const fields = new Map<string, string>();
  if (urlencoded) {
    const text = await readBody(c, MAX_CENTRE_FORM_BYTES);
    for (const [k, v] of new URLSearchParams(text)) if (!fields.has(k)) fields.set(k, v);
    return { fields };
  }
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (declared > MAX_PERMISSION_BYTES + MAX_CENTRE_FORM_BYTES)
    throw new LoupeError("PAYLOAD_TOO_LARGE", "the form is larger than 2 MiB");
  let data: FormData;
  try {
    const raw = await c.req.arrayBuffer();
    if (raw.byteLength > MAX_PERMISSION_BYTES + MAX_CENTRE_FORM_BYTES)
      throw new LoupeError("PAYLOAD_TOO_LARGE", "the form is larger than 2 MiB");
    data = await new Response(raw, { headers: { "content-type": type } }).formData();
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw new LoupeError("INVALID_REQUEST", "the multipart form body cannot be read");
  }
  let file: FormInput["file"];
  for (const [k, v] of data.entries()) {
    if (typeof v === "string") {
      if (!fields.has(k)) fields.set(k, v);
    } else if (k === "permission" && !file && v.size > 0) {
      file = { name: v.name, type: v.type, bytes: new Uint8Array(await v.arrayBuffer()) };
    }
  }
  return { fields, file };
}
