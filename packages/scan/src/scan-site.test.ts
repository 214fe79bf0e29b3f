import { type Finding, lint, parseDataMap, RULES } from "@loupe/core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser/launch-chromium.js";
import { SCAN_RULES, scanRules } from "./check/scan-rules.js";
import { readScanReport, type ScanReport, scanReportToJson } from "./report/scan-report.js";
import { scanReportToHtml } from "./report/scan-report-to-html.js";
import { type ScanProgress, scanSite } from "./scan-site.js";
import { serveTestShop, TEST_SHOP_HOST_RULES, type TestShop } from "./test-shop/serve-test-shop.js";
import { TEST_SHOP_MAP } from "./test-shop/test-shop-map.js";

function load(yaml: string) {
  const r = parseDataMap(yaml, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}
const loaded = load(TEST_SHOP_MAP);

let shop: TestShop;
let browser: Browser;
let report: ScanReport;
const events: ScanProgress[] = [];

beforeAll(async () => {
  shop = await serveTestShop();
  browser = await launchChromium({ args: [TEST_SHOP_HOST_RULES] });
  report = await scanSite({
    url: shop.url,
    pages: 10,
    map: loaded.map,
    taxonomy: loaded.taxonomy,
    locate: loaded.locate,
    mapFile: "loupe.yaml",
    browser,
    settleMs: 250,
    onProgress: (e) => events.push(e),
  });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

const pathOf = (url: string | undefined) => new URL(url ?? "").pathname;
const brief = (f: Finding) => `${f.rule} ${pathOf(f.location.file)} ${f.location.path ?? "-"}`;
const run = (path: string, scenario: string) => {
  const s = report.pages.find((p) => pathOf(p.url) === path)?.scenarios.find((x) => x.scenario === scenario);
  if (!s) throw new Error(`no ${scenario} on ${path}`);
  return s;
};

describe("scanSite on the test shop", () => {
  it("finds exactly the planted defects", () => {
    expect(report.findings.map(brief).sort()).toEqual(
      [
        "cookie-before-consent /analytics-early cookies.items[3]",
        "cookie-after-reject /ad-after-reject cookies.items[4]",
        "gpc-ignored /gpc-ignored cookies.items[4]",
        "undeclared-cookie /new-tag cookies.items",
        "undeclared-recipient /new-tag recipients",
        "reject-harder-than-accept /pushy-banner -",
        "declared-but-unseen / cookies.items[2]",
      ].sort(),
    );
    expect(report.findings.map((f) => f.severity)).toEqual([
      "error",
      "error",
      "error",
      "warning",
      "warning",
      "warning",
      "info",
    ]);
  });

  it("says what each finding saw and what to change", () => {
    const by = (rule: string) => report.findings.find((f) => f.rule === rule)?.message ?? "";
    expect(by("cookie-before-consent")).toContain("cookie _ga");
    expect(by("cookie-before-consent")).toContain("first-visit, reject-all, accept-all, opt-in");
    expect(by("cookie-after-reject")).toContain("cookie _fbp (set after the choice), requests to ads.test");
    expect(by("gpc-ignored")).toContain(
      "cookie _fbp, requests to ads.test, a script gated on 'advertising' ran",
    );
    expect(by("gpc-ignored")).toContain("(scenarios: gpc)");
    expect(by("undeclared-cookie")).toContain(
      '- { name: "_hjSessionUser_*", purpose: analytics, provider: Hotjar, duration: 1y }',
    );
    expect(by("undeclared-recipient")).toContain("hosts: [pixel.test]");
    expect(by("reject-harder-than-accept")).toContain("Reject all takes 2 clicks, Accept all 1 click");
    expect(by("reject-harder-than-accept")).toContain("'Accept All Cookies' is");
    expect(by("reject-harder-than-accept")).toContain("it is a filled button, 'Cookie settings' is not");
    expect(by("declared-but-unseen")).toContain("'wishlist_id'");
  });

  it("reports nothing about the correct page but the site-wide unseen cookie", () => {
    const home = report.findings.filter((f) => pathOf(f.location.file) === "/").map((f) => f.rule);
    expect(home).toEqual(["declared-but-unseen"]);
    expect(report.findings.every((f) => !f.message.includes("also on"))).toBe(true);
  });

  it("crawls the sitemap first, then links, same origin only", () => {
    expect(report.discovery).toEqual({ limit: 10, sitemap: true, sitemapUrls: 5 });
    expect(report.pages.map((p) => pathOf(p.url))).toEqual([
      "/",
      "/analytics-early",
      "/ad-after-reject",
      "/gpc-ignored",
      "/pushy-banner",
      "/new-tag",
    ]);
    expect(report.pages.every((p) => p.status === 200 && p.scenarios.length === 6)).toBe(true);
    expect(report.pages.flatMap((p) => p.scenarios).filter((s) => s.error)).toEqual([]);
  });

  it("records the regime the site decided, from its consent configuration", () => {
    expect(run("/", "first-visit").regime).toEqual({ value: "opt-in", source: "page", region: "unknown" });
    expect(run("/", "opt-in").regime).toEqual({ value: "opt-in", source: "page", region: "FR" });
    expect(run("/", "opt-out").regime).toEqual({ value: "opt-out", source: "page", region: "US" });
    expect(run("/", "gpc").headers).toEqual({ "X-Country": "US", "Sec-GPC": "1" });
  });

  it("records cookies with party, expiry and when they were set", () => {
    const accept = run("/", "accept-all");
    const names = accept.cookies.map((c) => `${c.name}:${c.phase}`).sort();
    expect(names).toEqual([
      "_fbp:after-choice",
      "_ga:after-choice",
      "loupe_consent:after-choice",
      "shop_session:before-choice",
    ]);
    const session = accept.cookies.find((c) => c.name === "shop_session");
    expect(session).toMatchObject({
      domain: "127.0.0.1",
      path: "/",
      expires: null,
      httpOnly: true,
      thirdParty: false,
    });
    const ga = accept.cookies.find((c) => c.name === "_ga");
    const days = ((ga?.expires ?? 0) - Date.parse(report.startedAt) / 1000) / 86_400;
    // Set for two years; Chromium caps cookie lifetimes at 400 days.
    expect(days).toBeGreaterThan(399);
    expect(days).toBeLessThan(401);
    const early = run("/analytics-early", "reject-all").cookies.find((c) => c.name === "_ga");
    expect(early).toMatchObject({ phase: "before-choice", remains: false });
  });

  it("records third-party requests and the gated scripts that ran", () => {
    expect(run("/", "first-visit").requests).toEqual([]);
    expect(run("/", "first-visit").gatedScripts).toEqual([]);
    const accept = run("/", "accept-all");
    expect(accept.requests.map((r) => `${r.host}:${r.phase}:${r.types.join("+")}`).sort()).toEqual([
      "ads.test:after-choice:image",
      "metrics.test:after-choice:image",
    ]);
    expect(accept.requests.find((r) => r.host === "metrics.test")?.sample).toBe(
      `http://metrics.test:${shop.port}/collect`,
    );
    expect(accept.gatedScripts.map((g) => g.purposes.join("+")).sort()).toEqual(["advertising", "analytics"]);
    expect(run("/", "gpc").gatedScripts.map((g) => g.purposes.join("+"))).toEqual(["analytics"]);
    expect(shop.thirdPartyHits).toContain("pixel.test /p.gif");
  });

  it("presses Loupe's banner in its shadow root and a OneTrust-style banner through its settings", () => {
    const loupe = run("/", "reject-all").banner;
    expect(loupe).toMatchObject({ found: true, kind: "loupe", clicks: 1, pressed: ["Reject all"] });
    expect(loupe.buttons.map((b) => `${b.role}:${b.label}`)).toEqual([
      "accept:Accept all",
      "reject:Reject all",
      "customise:Customise",
    ]);
    const [acc, rej] = loupe.buttons;
    expect(acc?.fontSizePx).toBe(16);
    expect(acc?.fillContrast).toBe(rej?.fillContrast);
    expect(acc?.textContrast).toBeGreaterThan(10);
    const pushy = run("/pushy-banner", "reject-all").banner;
    expect(pushy).toMatchObject({ kind: "onetrust", clicks: 2, pressed: ["Cookie settings", "Reject All"] });
    expect(run("/pushy-banner", "accept-all").banner.clicks).toBe(1);
    expect(run("/", "opt-out").banner.found).toBe(false);
  });

  it("keeps the map's lines and renders one readable HTML page", () => {
    const gaLine = TEST_SHOP_MAP.split("\n").findIndex((l) => l.includes("name: _ga,")) + 1;
    expect(report.notice.cookies.find((c) => c.name === "_ga")).toMatchObject({
      path: "cookies.items[3]",
      line: gaLine,
    });
    const html = scanReportToHtml(report);
    expect(html).toContain(`<code>loupe.yaml:${gaLine} cookies.items[3]</code>`);
    expect(html).toContain("Tracking before consent");
    expect(html).toContain("Refusing is harder than accepting");
    expect(html).toContain("<code>_hjSessionUser_1234</code>");
    expect(html).not.toContain("GA1.1.42");
  });

  it("round-trips through JSON", () => {
    const back = readScanReport(scanReportToJson(report));
    expect(back.ok && back.value).toEqual(report);
  });

  it("reported progress as it went", () => {
    expect(events[0]).toMatchObject({ type: "start", limit: 10, scenarios: 6 });
    expect(events.filter((e) => e.type === "scenario-done")).toHaveLength(36);
    expect(events.at(-1)).toMatchObject({ type: "done", pages: 6, findings: 7 });
  });
});

describe("a saved scan in loupe lint", () => {
  it("merges with the lint findings and follows edits of the map", () => {
    const subject = { ...loaded, document: undefined };
    const all = lint(subject, [...RULES, ...scanRules(report)]);
    expect(all.ok).toBe(true);
    const scanIds = new Set(SCAN_RULES.map((r) => r.id));
    const fromScan = all.ok ? all.value.filter((f) => scanIds.has(f.rule)) : [];
    expect(fromScan.map(brief).sort()).toEqual(report.findings.map(brief).sort());

    const fixed = load(
      TEST_SHOP_MAP.replace(
        "  items:\n",
        "  items:\n    - { name: _hjSessionUser_*, purpose: analytics, provider: Hotjar, duration: 1y, recipient: heatmaps }\n",
      )
        .replace(
          "recipients:\n",
          "recipients:\n  - { id: heatmaps, title: Heatmap service, role: service-provider, hosts: [pixel.test] }\n",
        )
        .concat("lint:\n  rules:\n    declared-but-unseen: off\n    reject-harder-than-accept: error\n"),
    );
    const again = lint({ ...fixed, document: undefined }, [...RULES, ...scanRules(report)]);
    expect(again.ok).toBe(true);
    const rest = again.ok ? again.value.filter((f) => scanIds.has(f.rule)) : [];
    expect(rest.map((f) => `${f.severity} ${f.rule}`)).toEqual([
      "error cookie-after-reject",
      "error cookie-before-consent",
      "error gpc-ignored",
      "error reject-harder-than-accept",
    ]);
  });
});

describe("scanSite limits", () => {
  it("stops at the page limit and runs only the scenarios asked for", async () => {
    const small = await scanSite({
      url: shop.url,
      pages: 2,
      map: loaded.map,
      taxonomy: loaded.taxonomy,
      browser,
      settleMs: 100,
      scenarios: [{ id: "visit", label: "Visit", action: "none", headers: { "X-Country": "US" } }],
    });
    expect(small.pages.map((p) => pathOf(p.url))).toEqual(["/", "/analytics-early"]);
    expect(small.pages[0]?.scenarios.map((s) => `${s.scenario} ${s.regime.value}`)).toEqual([
      "visit opt-out",
    ]);
  }, 60_000);

  it("rejects bad options", async () => {
    const base = { map: loaded.map, taxonomy: loaded.taxonomy, browser };
    await expect(scanSite({ ...base, url: "not a url" })).rejects.toThrow("not a URL");
    await expect(scanSite({ ...base, url: "ftp://shop.example/" })).rejects.toThrow("only http and https");
    await expect(scanSite({ ...base, url: shop.url, pages: 0 })).rejects.toThrow("pages must be");
    await expect(
      scanSite({
        ...base,
        url: shop.url,
        scenarios: [
          { id: "a", label: "A", action: "none" },
          { id: "a", label: "B", action: "none" },
        ],
      }),
    ).rejects.toThrow("duplicate scenario id 'a'");
  });
});
