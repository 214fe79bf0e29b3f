import { describe, expect, it } from "vitest";
import { readScanReport, type ScanReport, scanReportToJson } from "./scan-report.js";
import { scanReportToHtml } from "./scan-report-to-html.js";

const report: ScanReport = {
  format: "loupe-scan-report",
  version: 1,
  url: "https://shop.example/",
  site: "shop.example",
  startedAt: "2026-03-01T10:00:00.000Z",
  finishedAt: "2026-03-01T10:00:05.000Z",
  durationMs: 5000,
  browser: "Chromium 156",
  discovery: { limit: 1, sitemap: false, sitemapUrls: 0 },
  scenarios: [{ id: "first-visit", label: "First visit", action: "none", gpc: false, headers: {} }],
  notice: {
    organization: "Opal <Test> Shop",
    file: "loupe.yaml",
    gpc: false,
    purposes: [
      {
        id: "stats",
        title: "Statistics",
        required: false,
        saleOrShare: false,
        path: "cookies.purposes[0]",
        line: 4,
      },
    ],
    cookies: [{ name: "_ga", purpose: "stats", provider: "Google", path: "cookies.items[0]", line: 6 }],
    recipients: [],
    lines: { "cookies.items": 5 },
  },
  pages: [
    {
      url: "https://shop.example/",
      status: 200,
      title: "Opal",
      scenarios: [
        {
          scenario: "first-visit",
          label: "First visit",
          action: "none",
          gpc: false,
          headers: {},
          regime: { value: "opt-in", source: "page", region: "FR" },
          banner: { found: false, buttons: [], clicks: null, pressed: [] },
          cookies: [
            {
              name: "<img src=x onerror=alert(1)>",
              domain: "shop.example",
              path: "/",
              expires: null,
              thirdParty: false,
              httpOnly: false,
              secure: false,
              phase: "before-choice",
              remains: true,
            },
          ],
          storage: [
            {
              area: "local",
              origin: "https://shop.example",
              key: "cart",
              phase: "before-choice",
              remains: true,
            },
          ],
          requests: [],
          firstPartyRequests: 3,
          gatedScripts: [],
          durationMs: 800,
        },
      ],
    },
  ],
  findings: [
    {
      rule: "undeclared-cookie",
      severity: "warning",
      message: "cookie '<img src=x onerror=alert(1)>' is not in the notice",
      location: { file: "https://shop.example/", path: "cookies.items" },
    },
  ],
};

describe("readScanReport", () => {
  it("reads back what scanReportToJson wrote", () => {
    const r = readScanReport(scanReportToJson(report), "scan.json");
    expect(r.ok && r.value).toEqual(report);
  });

  it("explains what is wrong with a file", () => {
    const notJson = readScanReport("{", "scan.json");
    expect(notJson.ok ? [] : notJson.errors.map((e) => [e.code, e.location?.file])).toEqual([
      ["UNSUPPORTED_FORMAT", "scan.json"],
    ]);
    const other = readScanReport({ findings: [] });
    expect(other.ok ? "" : other.errors[0]?.message).toBe(
      "not a Loupe scan report (expected format: loupe-scan-report)",
    );
    const broken = JSON.parse(scanReportToJson(report));
    broken.pages[0].scenarios[0].cookies[0].phase = "later";
    delete broken.site;
    const bad = readScanReport(broken);
    expect(bad.ok ? [] : bad.errors.map((e) => e.location?.path).sort()).toEqual([
      "pages[0].scenarios[0].cookies[0].phase",
      "site",
    ]);
  });
});

describe("scanReportToHtml", () => {
  const html = scanReportToHtml(report);

  it("escapes everything the site and the map put in", () => {
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("Opal &lt;Test&gt; Shop");
  });

  it("points each difference at the map line and path to change", () => {
    expect(html).toContain("Cookie missing from the notice");
    expect(html).toContain("<code>loupe.yaml:5 cookies.items</code>");
    expect(html).toContain("<code>loupe.yaml:6 cookies.items[0]</code>");
    expect(html).toContain("<strong>not promised</strong>");
  });

  it("says what the site did per scenario", () => {
    expect(html).toContain("opt-in (FR) · page");
    expect(html).toContain("storage: local:cart");
    expect(html).toMatch(/<tr class="bad"><td><code>_ga<\/code>.*never/);
  });
});
