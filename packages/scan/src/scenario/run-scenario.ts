import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  GATED_PURPOSE_ATTRIBUTE,
  GATED_SCRIPT_SELECTOR,
  REGIME_CONFIG_PATHS,
} from "../banner/banner-selectors.js";
import {
  ACTIVE_GATED_SCRIPTS,
  GPC_INIT_SCRIPT,
  PAGE_LINKS,
  STORAGE_KEYS,
} from "../banner/in-page-scripts.js";
import { observeBanner, pressBanner } from "../banner/press-banner.js";
import type {
  BannerObservation,
  GatedScript,
  ObservedCookie,
  ObservedHost,
  ObservedStorage,
  Phase,
  RegimeObservation,
  ResolvedScenario,
  ScenarioResult,
} from "../report/scan-report.js";
import { isThirdParty, siteOf } from "../site/site-of.js";

/** How one scenario is run on one page. */
export interface RunScenarioOptions {
  /** Registrable domain of the scanned site. */
  site: string;
  /** Request headers of the scenario (regime headers and its own), without `Sec-GPC`. */
  headers: Record<string, string>;
  /** Quiet time without requests after which the page counts as settled. */
  settleMs: number;
  /** Longest wait for a page to settle. */
  maxSettleMs: number;
  /** Longest wait for a banner to appear before pressing it. */
  bannerTimeoutMs: number;
  navigationTimeoutMs: number;
  /** Return the page's links (for the crawl). */
  collectLinks: boolean;
  userAgent?: string;
}

/** The outcome of one scenario on one page. */
export interface ScenarioRun {
  result: ScenarioResult;
  links: string[];
  status?: number;
  title?: string;
}

interface Snapshot {
  cookies: Map<string, { cookie: Omit<ObservedCookie, "phase" | "remains">; value: string }>;
  storage: Map<string, Omit<ObservedStorage, "phase" | "remains">>;
  gated: GatedScript[];
}

/**
 * Runs one consent scenario on one page in a fresh browser context: loads the page with the scenario's
 * headers (and Global Privacy Control when asked), lets it settle, records cookies, storage keys, gated
 * scripts that ran and third-party requests; for Accept all / Reject all it presses the banner, reloads the
 * page as a next page view would, and records again. Never throws: a failure is the result's `error`.
 *
 * @example
 * const run = await runScenario(browser, "https://shop.example/", resolved, { site: "shop.example", headers: {}, settleMs: 500, maxSettleMs: 5000, bannerTimeoutMs: 3000, navigationTimeoutMs: 30000, collectLinks: true });
 * run.result.cookies.map((c) => c.name);
 */
export async function runScenario(
  browser: Browser,
  url: string,
  scenario: ResolvedScenario,
  o: RunScenarioOptions,
): Promise<ScenarioRun> {
  const started = Date.now();
  const headers = { ...o.headers, ...(scenario.gpc ? { "Sec-GPC": "1" } : {}) };
  let phase: Phase = "before-choice";
  let inflight = 0;
  let lastActivity = Date.now();
  let firstParty = 0;
  const hosts = new Map<string, ObservedHost>();
  const pending: Promise<void>[] = [];
  let seenRegime: { value: "opt-in" | "opt-out"; region?: string } | undefined;

  const result: ScenarioResult = {
    scenario: scenario.id,
    label: scenario.label,
    action: scenario.action,
    gpc: scenario.gpc,
    headers,
    regime: { value: "unknown", source: "none" },
    banner: { found: false, buttons: [], clicks: null, pressed: [] },
    cookies: [],
    storage: [],
    requests: [],
    firstPartyRequests: 0,
    gatedScripts: [],
    durationMs: 0,
  };
  const run: ScenarioRun = { result, links: [] };

  let context: BrowserContext | undefined;
  try {
    const contextOptions: Parameters<Browser["newContext"]>[0] = {
      extraHTTPHeaders: headers,
      serviceWorkers: "block",
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
    };
    if (o.userAgent) contextOptions.userAgent = o.userAgent;
    context = await browser.newContext(contextOptions);
    if (scenario.gpc) await context.addInitScript({ content: GPC_INIT_SCRIPT });

    context.on("request", (req) => {
      inflight++;
      lastActivity = Date.now();
      let u: URL;
      try {
        u = new URL(req.url());
      } catch {
        return;
      }
      if (u.protocol !== "http:" && u.protocol !== "https:") return;
      if (!isThirdParty(u.hostname, o.site)) {
        firstParty++;
        return;
      }
      const key = `${u.hostname}|${phase}`;
      let h = hosts.get(key);
      if (!h) {
        h = {
          host: u.hostname,
          site: siteOf(u.hostname),
          phase,
          count: 0,
          sample: (u.origin + u.pathname).slice(0, 200),
          types: [],
        };
        hosts.set(key, h);
      }
      h.count++;
      const type = req.resourceType();
      if (!h.types.includes(type)) h.types.push(type);
    });
    const done = () => {
      inflight = Math.max(0, inflight - 1);
      lastActivity = Date.now();
    };
    context.on("requestfinished", done);
    context.on("requestfailed", done);
    context.on("response", (res) => {
      let path: string;
      try {
        path = new URL(res.url()).pathname;
      } catch {
        return;
      }
      if (!REGIME_CONFIG_PATHS.some((p) => path.endsWith(p))) return;
      pending.push(
        res
          .json()
          .then((j: { regime?: unknown; region?: unknown }) => {
            if (seenRegime || (j.regime !== "opt-in" && j.regime !== "opt-out")) return;
            seenRegime = { value: j.regime };
            if (typeof j.region === "string" && j.region) seenRegime.region = j.region;
          })
          .catch(() => {}),
      );
    });

    const page = await context.newPage();
    page.on("dialog", (d) => void d.dismiss().catch(() => {}));
    const settle = async () => {
      const end = Date.now() + o.maxSettleMs;
      while (Date.now() < end) {
        if (inflight === 0 && Date.now() - lastActivity >= o.settleMs) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    const response = await page.goto(url, { waitUntil: "load", timeout: o.navigationTimeoutMs });
    if (response) run.status = response.status();
    await settle();
    run.title = await page.title().catch(() => "");
    if (o.collectLinks)
      run.links = ((await page.evaluate(`(${PAGE_LINKS})()`).catch(() => [])) as string[]) ?? [];

    let before: Snapshot | undefined;
    let banner: BannerObservation;
    if (scenario.action === "none") {
      banner = await observeBanner(page);
    } else {
      banner = await pressBanner(page, scenario.action, o.bannerTimeoutMs, async () => {
        before = await snapshot(context as BrowserContext, page, o.site);
        phase = "after-choice";
      });
      if (banner.clicks !== null) {
        await settle();
        await page.reload({ waitUntil: "load", timeout: o.navigationTimeoutMs });
        await settle();
      }
    }
    result.banner = banner;
    const last = await snapshot(context, page, o.site);
    merge(result, before, last);
    await Promise.all(pending);
  } catch (e) {
    result.error = (e as Error).message.split("\n")[0] ?? String(e);
  } finally {
    await context?.close().catch(() => {});
  }
  result.regime = regimeOf(seenRegime, scenario);
  result.requests = [...hosts.values()];
  result.firstPartyRequests = firstParty;
  result.durationMs = Date.now() - started;
  return run;
}

function regimeOf(seen: { value: "opt-in" | "opt-out"; region?: string } | undefined, s: ResolvedScenario) {
  if (seen) {
    const r: RegimeObservation = { value: seen.value, source: "page" };
    if (seen.region) r.region = seen.region;
    return r;
  }
  return s.regime
    ? ({ value: s.regime, source: "scenario" } as RegimeObservation)
    : ({ value: "unknown", source: "none" } as RegimeObservation);
}

async function snapshot(context: BrowserContext, page: Page, site: string): Promise<Snapshot> {
  const cookies: Snapshot["cookies"] = new Map();
  for (const c of await context.cookies().catch(() => [])) {
    const domain = c.domain;
    const cookie: Omit<ObservedCookie, "phase" | "remains"> = {
      name: c.name,
      domain,
      path: c.path,
      expires: c.expires === -1 || !(c.expires > 0) ? null : Math.round(c.expires),
      thirdParty: isThirdParty(domain, site),
      httpOnly: c.httpOnly,
      secure: c.secure,
    };
    if (c.sameSite) cookie.sameSite = c.sameSite;
    cookies.set(`${c.name}|${domain}|${c.path}`, { cookie, value: c.value });
  }
  const storage: Snapshot["storage"] = new Map();
  for (const frame of page.frames()) {
    let origin: string;
    try {
      origin = new URL(frame.url()).origin;
    } catch {
      continue;
    }
    if (origin === "null") continue;
    for (const area of ["local", "session"] as const) {
      const keys = (await frame
        .evaluate(`(${STORAGE_KEYS})(${JSON.stringify(area)})`)
        .catch(() => [])) as string[];
      for (const key of keys) storage.set(`${area}|${origin}|${key}`, { area, origin, key });
    }
  }
  const gated = (await page
    .evaluate(
      `(${ACTIVE_GATED_SCRIPTS})(${JSON.stringify({ selector: GATED_SCRIPT_SELECTOR, attribute: GATED_PURPOSE_ATTRIBUTE })})`,
    )
    .catch(() => [])) as Omit<GatedScript, "phase">[];
  return { cookies, storage, gated: gated.map((g) => ({ ...g, phase: "before-choice" as const })) };
}

/** Fills the result from the snapshot before the choice (if any) and the one at the end. */
function merge(result: ScenarioResult, before: Snapshot | undefined, last: Snapshot): void {
  if (!before) {
    result.cookies = [...last.cookies.values()].map(({ cookie }) => ({
      ...cookie,
      phase: "before-choice",
      remains: true,
    }));
    result.storage = [...last.storage.values()].map((s) => ({ ...s, phase: "before-choice", remains: true }));
    result.gatedScripts = last.gated;
    return;
  }
  result.cookies = [
    ...[...before.cookies].map(([k, { cookie }]) => ({
      ...(last.cookies.get(k)?.cookie ?? cookie),
      phase: "before-choice" as const,
      remains: last.cookies.has(k),
    })),
    ...[...last.cookies]
      .filter(([k]) => !before.cookies.has(k))
      .map(([, { cookie }]) => ({ ...cookie, phase: "after-choice" as const, remains: true })),
  ];
  result.storage = [
    ...[...before.storage].map(([k, s]) => ({
      ...s,
      phase: "before-choice" as const,
      remains: last.storage.has(k),
    })),
    ...[...last.storage]
      .filter(([k]) => !before.storage.has(k))
      .map(([, s]) => ({ ...s, phase: "after-choice" as const, remains: true })),
  ];
  result.gatedScripts = [
    ...before.gated,
    ...last.gated.map((g) => ({ ...g, phase: "after-choice" as const })),
  ];
}
