import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { html } from "hono/html";
import type { ServerConfig } from "../config/load-config.js";
import type { ConsentContext } from "../consent/consent-context.js";
import { errorResponse, loupeError } from "../errors/http-errors.js";
import { requestMeta } from "../http/request-meta.js";

/** Where `npm run build -w @loupe/sdk` writes the browser SDK, from this module in `src/` or `dist/`. */
export const DEFAULT_SDK_DIR = fileURLToPath(new URL("../../../sdk/dist/", import.meta.url));

/** How long browsers and shared caches keep an SDK file at a fixed URL before revalidating it (with its ETag). */
export const SDK_CACHE_CONTROL = "public, max-age=300";

/** SDK bundles whose URL carries their content hash never change: cached for a year, never revalidated. */
export const SDK_IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * The Content-Security-Policy of the demo shop: its own scripts only (the snippet, the UI bundle it loads
 * and the gated demo tags), API calls to this server, inline styles for the banner's shadow root.
 */
export const DEMO_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** What {@link sdkRoutes} needs. */
export interface SdkRoutesOptions {
  /** The consent model and banner configurations (the demo page's `data-hash` and gated tags). */
  ctx: Pick<ConsentContext, "model" | "configFor">;
  /** How the visitor's country is read, as for the consent API. */
  config: Pick<ServerConfig, "countryHeaders" | "clientIpHeader">;
  /** Folder of the built SDK files (`snippet.js`, `api.<hash>.js`, `ui.<lang>.<hash>.js`); default {@link DEFAULT_SDK_DIR}. */
  sdkDir?: string | undefined;
}

/** `snippet.js`, `api.3fa8c21b0d.js`, `ui.fr.3fa8c21b0d.js`, `ui.fr.js`. */
const SDK_FILE = /^[a-z][a-z0-9-]*(\.[a-z]{2})?(\.[0-9a-f]{8,64})?\.js$/;
/** A file name with a content hash. */
const HASHED_FILE = /\.[0-9a-f]{8,64}\.js$/;
const LANG = /^[a-z]{2}$/;

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Uint8Array;
  etag: string;
}

/**
 * The browser SDK and a demo shop page, served by the Loupe server itself:
 *
 * - `GET /sdk/:file`: the built SDK as `text/javascript` with a strong ETag: the snippet at its fixed URL,
 *   `snippet.js`, cached for five minutes (a rebuild is picked up: files are re-read when they change); the
 *   bundles it loads under content-hashed names (`api.<hash>.js`, `ui.<lang>.<hash>.js`), cached for good
 *   (`immutable`); the same name without its hash (`ui.fr.js`) serves the current bundle for five minutes;
 * - `GET /demo/shop[?lang=fr]`: a product page of the map's organization whose head loads the snippet
 *   configured for this server (same-origin API, the configuration hash of the visitor's regime, the
 *   notice at `/privacy`), with one gated tag per optional cookie purpose of the data map;
 * - `GET /demo/tags/:purpose`: the demo tag of a purpose; it records that it ran in `window.loupeDemoTags`
 *   and sets the cookies the map declares for the purpose.
 *
 * Mount {@link sdkHeaders} before the secure-headers middleware so these answers keep the headers they need.
 *
 * @example
 * app.route("/", sdkRoutes({ ctx, config }));
 * // <script src="https://loupe.example/sdk/snippet.js" data-endpoint="https://loupe.example" …></script>
 */
export function sdkRoutes(options: SdkRoutesOptions): Hono {
  const { ctx, config } = options;
  const dir = options.sdkDir ?? DEFAULT_SDK_DIR;
  const cache = new Map<string, CachedFile>();
  const app = new Hono();

  app.get("/sdk/:file", async (c) => {
    const name = c.req.param("file");
    let file = SDK_FILE.test(name) ? await readSdkFile(join(dir, name), cache) : undefined;
    if (!file && SDK_FILE.test(name) && !HASHED_FILE.test(name)) {
      const current = await currentVersionOf(dir, name);
      if (current) file = await readSdkFile(join(dir, current), cache);
    }
    if (!file) return errorResponse(c, loupeError("NOT_FOUND", `no SDK file named ${JSON.stringify(name)}`));
    c.header("Cache-Control", HASHED_FILE.test(name) ? SDK_IMMUTABLE_CACHE_CONTROL : SDK_CACHE_CONTROL);
    c.header("ETag", file.etag);
    if (matchesEtag(c.req.header("if-none-match"), file.etag)) return c.body(null, 304);
    c.header("Content-Type", "text/javascript; charset=utf-8");
    return c.body(file.body as Uint8Array<ArrayBuffer>);
  });

  app.get("/demo/tags/:purpose", (c) => {
    const purpose = ctx.model.purposes.find((p) => p.id === c.req.param("purpose") && !p.required);
    if (!purpose) return errorResponse(c, loupeError("NOT_FOUND", "no optional cookie purpose of that name"));
    c.header("Cache-Control", "no-cache");
    c.header("Content-Type", "text/javascript; charset=utf-8");
    return c.body(demoTag(purpose.id, purpose.cookies));
  });

  app.get("/demo/shop", (c) => {
    const wanted = c.req.query("lang") ?? "en";
    const lang = LANG.test(wanted) ? wanted : "en";
    const shown = ctx.configFor(requestMeta(c, config, ctx.model.defaultRegime));
    const optional = ctx.model.purposes.filter((p) => !p.required);
    const snippet = `<script src="/sdk/snippet.js" data-hash="${shown.configHash}" data-policy="/privacy"></script>`;
    c.header("Cache-Control", "no-store");
    c.header("Vary", config.countryHeaders.join(", "));
    return c.html(html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${ctx.model.organization} — demo shop</title>
<script src="/sdk/snippet.js" data-hash="${shown.configHash}" data-policy="/privacy"></script>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #222; }
header, footer { padding: 12px 16px; background: #f3efe7; }
main { padding: 16px; max-width: 48rem; }
pre { white-space: pre-wrap; word-break: break-all; background: #f6f6f6; padding: 8px; }
</style>
</head>
<body>
<header><strong>${ctx.model.organization}</strong></header>
<main>
<h1>Demo shop</h1>
<p>This page loads the consent banner of this server the way a shop's pages do: the first script of the
head is the snippet below, and each tag of an optional cookie purpose runs only once that purpose is granted.</p>
<pre>${snippet}</pre>
<ul>
${optional.map((p) => html`<li>${p.title} (<code>${p.id}</code>)</li>`)}
</ul>
${optional.map(
  (p) => html`<script type="text/plain" data-loupe-purpose="${p.id}" src="/demo/tags/${p.id}"></script>
`,
)}</main>
<footer>
<a href="/privacy">Privacy notice</a> ·
<a href="#" data-loupe-open>Your privacy choices</a> ·
<a href="#" data-loupe-withdraw>Withdraw cookie consent</a>
</footer>
</body>
</html>`);
  });

  return app;
}

/**
 * Adjusts the secure headers of the SDK files and the demo shop. Mount it before the secure-headers
 * middleware (it runs after it on the way out): SDK files are loaded by shops on other origins, so they get
 * `Cross-Origin-Resource-Policy: cross-origin` and `Access-Control-Allow-Origin: *`; the demo page gets
 * {@link DEMO_CSP} instead of the API's `default-src 'none'`, which would block the banner.
 *
 * @example
 * app.use("*", sdkHeaders());
 * app.use("*", secureHeaders({ … }));
 */
export function sdkHeaders(): MiddlewareHandler {
  return async (c: Context, next) => {
    const path = c.req.path;
    // Every other request (the consent API on its hot path) passes straight through.
    if (!path.startsWith("/sdk/") && !path.startsWith("/demo/")) return next();
    await next();
    if (path.startsWith("/sdk/")) {
      c.res.headers.set("Cross-Origin-Resource-Policy", "cross-origin");
      c.res.headers.set("Access-Control-Allow-Origin", "*");
    } else if (path.startsWith("/demo/") && c.res.status === 200) {
      c.res.headers.set("Content-Security-Policy", DEMO_CSP);
    }
  };
}

/** Reads an SDK file, from memory while its size and modification time stay the same. */
async function readSdkFile(path: string, cache: Map<string, CachedFile>): Promise<CachedFile | undefined> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  if (!info.isFile()) return undefined;
  const known = cache.get(path);
  if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
  const body = await readFile(path);
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  const file = { mtimeMs: info.mtimeMs, size: info.size, body, etag };
  cache.set(path, file);
  return file;
}

/** The content-hashed file that `name` (e.g. `ui.fr.js`) names without its hash, if the folder has one. */
async function currentVersionOf(dir: string, name: string): Promise<string | undefined> {
  const base = name.slice(0, -".js".length);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  return names.find((n) => n.startsWith(`${base}.`) && /^[0-9a-f]{8,64}\.js$/.test(n.slice(base.length + 1)));
}

/** Whether an `If-None-Match` header names the ETag (or is `*`). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag || t === "*");
}

/** The demo tag of a purpose: records that it ran and sets the purpose's declared cookies (not patterns). */
function demoTag(purpose: string, cookies: { name: string }[]): string {
  const names = cookies.map((k) => k.name).filter((n) => /^[\w.-]+$/.test(n));
  return [
    `(self.loupeDemoTags = self.loupeDemoTags || []).push(${JSON.stringify(purpose)});`,
    ...names.map(
      (n) => `document.cookie = ${JSON.stringify(`${n}=demo; path=/; max-age=3600; SameSite=Lax`)};`,
    ),
  ].join("\n");
}
