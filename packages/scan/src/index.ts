/**
 * @loupe/scan — the site scanner: crawls a shop in headless Chromium, runs each consent scenario (first
 * visit, Reject all, Accept all, Global Privacy Control, opt-in and opt-out regimes) in a fresh browser
 * context, and holds the cookies, storage, requests and banner it sees against the data map.
 */

export * from "./banner/banner-selectors.js";
export { observeBanner, pressBanner } from "./banner/press-banner.js";
export * from "./browser/launch-chromium.js";
export {
  bannerImbalance,
  durationOf,
  type ScanEvidence,
  type ScanRuleId,
  scanRuleHits,
} from "./check/check-scan.js";
export { MapIndex } from "./check/map-index.js";
export { checkScan, SCAN_RULES, scanRules } from "./check/scan-rules.js";
export { PageQueue } from "./crawl/page-queue.js";
export { readSitemap, type Sitemap } from "./crawl/read-sitemap.js";
export { guessCookie, KNOWN_COOKIES, type KnownCookie, type KnownPurpose } from "./known/known-cookies.js";
export { guessHost, KNOWN_HOSTS, type KnownHost } from "./known/known-hosts.js";
export { terminalProgress } from "./progress/terminal-progress.js";
export * from "./report/scan-report.js";
export { scanReportToHtml } from "./report/scan-report-to-html.js";
export { parsePath, type ScanProgress, type ScanSiteOptions, scanSite } from "./scan-site.js";
export { DEFAULT_REGIME_HEADERS, DEFAULT_SCENARIOS, type Regime } from "./scenario/default-scenarios.js";
export { type RunScenarioOptions, runScenario, type ScenarioRun } from "./scenario/run-scenario.js";
export { hostMatches, isThirdParty, siteOf } from "./site/site-of.js";
