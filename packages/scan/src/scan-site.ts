import {
  type DataMap,
  formatPath,
  type Location,
  LoupeError,
  type MapPath,
  type Taxonomy,
} from "@loupe/core";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser/launch-chromium.js";
import { MapIndex } from "./check/map-index.js";
import { checkScan } from "./check/scan-rules.js";
import { PageQueue } from "./crawl/page-queue.js";
import { readSitemap } from "./crawl/read-sitemap.js";
import {
  type NoticeSnapshot,
  type PageScan,
  type ResolvedScenario,
  type ScanReport,
  type Scenario,
  ScenarioSchema,
} from "./report/scan-report.js";
import { DEFAULT_REGIME_HEADERS, DEFAULT_SCENARIOS, type Regime } from "./scenario/default-scenarios.js";
import { runScenario } from "./scenario/run-scenario.js";
import { siteOf } from "./site/site-of.js";

/** What a scan reports while it runs (for a progress line; the report does not depend on it). */
export type ScanProgress =
  | { type: "start"; url: string; limit: number; scenarios: number }
  | { type: "sitemap"; url: string; found: number }
  | { type: "page-start"; url: string; index: number }
  | { type: "scenario-done"; url: string; scenario: string; durationMs: number; error?: string }
  | {
      type: "page-done";
      url: string;
      index: number;
      done: number;
      known: number;
      limit: number;
      durationMs: number;
    }
  | { type: "done"; pages: number; findings: number; durationMs: number };

/** Options of {@link scanSite}. */
export interface ScanSiteOptions {
  /** The start page; its origin bounds the crawl, its registrable domain is the first party. */
  url: string;
  /** Most pages to scan (default 10): the sitemap's first, then links found on the pages. */
  pages?: number;
  map: DataMap;
  taxonomy: Taxonomy;
  /** Default {@link DEFAULT_SCENARIOS}. */
  scenarios?: Scenario[];
  onProgress?: (e: ScanProgress) => void;
  /** Chromium binary (default `/usr/bin/chromium`); ignored when `browser` is given. */
  chromiumPath?: string;
  /** A browser to reuse (the caller closes it); by default one is launched and closed. */
  browser?: Browser;
  /** Further Chromium flags for a launched browser, e.g. `--host-resolver-rules=…`. */
  launchArgs?: string[];
  /** Headers that ask the site for each regime (default `X-Country: FR` / `X-Country: US`). */
  regimeHeaders?: Partial<Record<Regime, Record<string, string>>>;
  /** Pages scanned at the same time, each in its own contexts (default 2). */
  concurrency?: number;
  /** Quiet network time after which a page counts as settled (default 500 ms). */
  settleMs?: number;
  /** Longest wait for a page to settle (default 5000 ms). */
  maxSettleMs?: number;
  /** Longest wait for a banner to appear before pressing it (default 3000 ms). */
  bannerTimeoutMs?: number;
  /** Page load timeout (default 30 s). */
  navigationTimeoutMs?: number;
  /** Read `/sitemap.xml` (and `Sitemap:` lines of `/robots.txt`) first (default true). */
  sitemap?: boolean;
  userAgent?: string;
  /** Points a map path at its line in `loupe.yaml` (a `LoadedMap`'s `locate`), for the report. */
  locate?: (path: MapPath) => Location;
  /** Name of the map file, for the report. */
  mapFile?: string;
}

/**
 * Scans a live site in headless Chromium and holds it against the data map: crawls up to `pages` pages of
 * the start URL's origin (sitemap first, then links), runs every consent scenario on each page in a fresh
 * browser context, records cookies, storage keys, third-party requests, gated scripts that ran and the
 * banner's buttons, and returns the report with its findings (the `Finding` shape of `loupe lint`).
 * Throws a `LoupeError` (`USAGE`) for bad options; a page or scenario that fails is recorded in the report.
 *
 * @example
 * const loaded = parseDataMap(await readFile("loupe.yaml", "utf8"));
 * if (loaded.ok) {
 *   const report = await scanSite({ url: "https://shop.example/", pages: 20, map: loaded.value.map, taxonomy: loaded.value.taxonomy, locate: loaded.value.locate });
 *   console.log(formatFindings(report.findings, "text"));
 * }
 */
export async function scanSite(options: ScanSiteOptions): Promise<ScanReport> {
  const started = new Date();
  let start: URL;
  try {
    start = new URL(options.url);
  } catch {
    throw new LoupeError("USAGE", `not a URL: '${options.url}'`);
  }
  if (start.protocol !== "http:" && start.protocol !== "https:") {
    throw new LoupeError("USAGE", `only http and https URLs can be scanned, not '${start.protocol}'`);
  }
  const limit = options.pages ?? 10;
  if (!Number.isInteger(limit) || limit < 1)
    throw new LoupeError("USAGE", "pages must be a whole number ≥ 1");
  const scenarios = resolveScenarios(options.scenarios ?? [...DEFAULT_SCENARIOS]);
  const regimeHeaders = { ...DEFAULT_REGIME_HEADERS, ...options.regimeHeaders };
  const site = siteOf(start.hostname);
  const progress = options.onProgress ?? (() => {});
  const concurrency = Math.max(1, options.concurrency ?? 2);

  const browser = options.browser ?? (await launchChromium(launchOptions(options)));
  try {
    progress({ type: "start", url: start.href, limit, scenarios: scenarios.length });
    const queue = new PageQueue(start.href, limit);
    let sitemapUrls = 0;
    let sitemapFound = false;
    if (options.sitemap !== false) {
      const urls = await readSitemaps(browser, start, options.navigationTimeoutMs ?? 30_000);
      sitemapFound = urls !== undefined;
      sitemapUrls = urls?.length ?? 0;
      for (const u of urls ?? []) queue.add(u);
      if (urls) progress({ type: "sitemap", url: `${start.origin}/sitemap.xml`, found: urls.length });
    }

    const pages: PageScan[] = [];
    let done = 0;
    const scanPage = async (url: string, index: number) => {
      const t0 = Date.now();
      progress({ type: "page-start", url, index });
      const page: PageScan = { url, scenarios: [] };
      pages[index] = page;
      for (const [i, scenario] of scenarios.entries()) {
        const headers = { ...(scenario.regime ? regimeHeaders[scenario.regime] : {}), ...scenario.headers };
        const run = await runScenario(browser, url, scenario, {
          site,
          headers,
          settleMs: options.settleMs ?? 500,
          maxSettleMs: options.maxSettleMs ?? 5000,
          bannerTimeoutMs: options.bannerTimeoutMs ?? 3000,
          navigationTimeoutMs: options.navigationTimeoutMs ?? 30_000,
          collectLinks: i === 0,
          ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        });
        if (i === 0) {
          if (run.status !== undefined) page.status = run.status;
          if (run.title) page.title = run.title;
          for (const link of run.links) queue.add(link);
          pump();
        }
        page.scenarios.push(run.result);
        const e: ScanProgress = {
          type: "scenario-done",
          url,
          scenario: scenario.id,
          durationMs: run.result.durationMs,
        };
        if (run.result.error) e.error = run.result.error;
        progress(e);
      }
      if (page.scenarios.every((s) => s.error))
        page.error = page.scenarios[0]?.error ?? "the page could not be scanned";
      done++;
      progress({
        type: "page-done",
        url,
        index,
        done,
        known: queue.size,
        limit,
        durationMs: Date.now() - t0,
      });
    };

    let active = 0;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const pump = () => {
      while (active < concurrency) {
        const url = queue.next();
        if (!url) break;
        const index = queue.taken - 1;
        active++;
        void scanPage(url, index).finally(() => {
          active--;
          pump();
          if (active === 0) finish();
        });
      }
      if (active === 0) finish();
    };
    pump();
    await finished;

    const finishedAt = new Date();
    const report: ScanReport = {
      format: "loupe-scan-report",
      version: 1,
      url: start.href,
      site,
      startedAt: started.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - started.getTime(),
      browser: `Chromium ${browser.version()}`,
      discovery: { limit, sitemap: sitemapFound, sitemapUrls },
      scenarios: scenarios.map((s) => ({
        ...s,
        headers: { ...(s.regime ? regimeHeaders[s.regime] : {}), ...s.headers },
      })),
      notice: noticeSnapshot(options),
      pages: pages.filter(Boolean),
      findings: [],
    };
    report.findings = checkScan(report, options.map, options.taxonomy);
    addLines(report, options.locate);
    progress({
      type: "done",
      pages: report.pages.length,
      findings: report.findings.length,
      durationMs: report.durationMs,
    });
    return report;
  } finally {
    if (!options.browser) await browser.close().catch(() => {});
  }
}

function launchOptions(o: ScanSiteOptions) {
  const l: { chromiumPath?: string; args?: string[] } = {};
  if (o.chromiumPath) l.chromiumPath = o.chromiumPath;
  if (o.launchArgs) l.args = o.launchArgs;
  return l;
}

function resolveScenarios(list: Scenario[]): ResolvedScenario[] {
  const ids = new Set<string>();
  return list.map((s, i) => {
    const r = ScenarioSchema.safeParse(s);
    if (!r.success)
      throw new LoupeError("USAGE", `scenario ${i + 1}: ${r.error.issues[0]?.message ?? "invalid"}`);
    if (ids.has(r.data.id)) throw new LoupeError("USAGE", `duplicate scenario id '${r.data.id}'`);
    ids.add(r.data.id);
    return r.data;
  });
}

/** Page URLs of `/sitemap.xml` (or the sitemaps `robots.txt` names), nested sitemaps included; `undefined` when there is none. */
async function readSitemaps(browser: Browser, start: URL, timeout: number): Promise<string[] | undefined> {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    const fetchText = async (url: string): Promise<string | undefined> => {
      try {
        const res = await page.goto(url, { waitUntil: "commit", timeout });
        if (!res?.ok()) return undefined;
        return await res.text();
      } catch {
        return undefined;
      }
    };
    let roots = [`${start.origin}/sitemap.xml`];
    let first = await fetchText(roots[0] as string);
    if (first === undefined || !/<(urlset|sitemapindex)\b/i.test(first)) {
      const robots = (await fetchText(`${start.origin}/robots.txt`)) ?? "";
      roots = [...robots.matchAll(/^\s*sitemap:\s*(\S+)/gim)].map((m) => m[1] as string);
      first = undefined;
      if (!roots.length) return undefined;
    }
    const pages: string[] = [];
    const seen = new Set<string>();
    const todo = [...roots];
    let fetched = 0;
    while (todo.length && fetched < 10) {
      const url = todo.shift() as string;
      if (seen.has(url)) continue;
      seen.add(url);
      const xml = fetched === 0 && first !== undefined ? first : await fetchText(url);
      fetched++;
      if (!xml) continue;
      const map = readSitemap(xml);
      pages.push(...map.pages);
      todo.push(...map.sitemaps.filter((s) => sameOrigin(s, start)));
    }
    return pages;
  } finally {
    await context.close().catch(() => {});
  }
}

function sameOrigin(url: string, start: URL): boolean {
  try {
    return new URL(url).origin === start.origin;
  } catch {
    return false;
  }
}

function noticeSnapshot(o: ScanSiteOptions): NoticeSnapshot {
  const index = new MapIndex(o.map, o.taxonomy);
  const line = (path: MapPath) => o.locate?.(path).line;
  const withLine = <T extends object>(value: T, path: MapPath): T & { path: string; line?: number } => {
    const l = line(path);
    return l === undefined
      ? { ...value, path: formatPath(path) }
      : { ...value, path: formatPath(path), line: l };
  };
  const snap: NoticeSnapshot = {
    organization: o.map.organization.name,
    gpc: o.map.signals.gpc,
    purposes: o.map.cookies.purposes.map((p, i) => {
      const v = index.purpose(p.id);
      return withLine(
        { id: p.id, title: p.title, required: p.required, saleOrShare: v?.saleOrShare ?? false },
        ["cookies", "purposes", i],
      );
    }),
    cookies: o.map.cookies.items.map((c, i) => {
      const v: NoticeSnapshot["cookies"][number] = { name: c.name, purpose: c.purpose, path: "" };
      if (c.provider) v.provider = c.provider;
      if (c.duration) v.duration = c.duration;
      if (c.domain) v.domain = c.domain;
      if (c.recipient) v.recipient = c.recipient;
      return withLine(v, ["cookies", "items", i]);
    }),
    recipients: o.map.recipients.map((r, i) => {
      const v: NoticeSnapshot["recipients"][number] = {
        id: r.id,
        title: r.title,
        sells: r.sells,
        shares: r.shares,
        hosts: r.hosts,
        path: "",
      };
      if (r.role) v.role = r.role;
      return withLine(v, ["recipients", i]);
    }),
    lines: {},
  };
  if (o.mapFile) snap.file = o.mapFile;
  return snap;
}

/** Records the map line of every path a finding points at. */
function addLines(report: ScanReport, locate: ScanSiteOptions["locate"]): void {
  if (!locate) return;
  for (const f of report.findings) {
    const p = f.location.path;
    if (!p || p in report.notice.lines) continue;
    const line = locate(parsePath(p)).line;
    if (line !== undefined) report.notice.lines[p] = line;
  }
}

/**
 * Turns a formatted map path back into its parts (the inverse of core's `formatPath`).
 *
 * @example
 * parsePath("cookies.items[3].recipient"); // ["cookies", "items", 3, "recipient"]
 */
export function parsePath(path: string): MapPath {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}
