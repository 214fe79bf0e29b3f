import type { Scenario } from "../report/scan-report.js";

/** A consent regime the site's server decides per visitor. */
export type Regime = "opt-in" | "opt-out";

/**
 * Request headers that ask the site for each regime. Loupe's server reads the visitor's country from
 * `CF-IPCountry` or `X-Country`: France is opt-in (EEA), the United States opt-out. Sites that decide
 * otherwise (a geo-IP proxy, a query parameter) are scanned with their own headers.
 */
export const DEFAULT_REGIME_HEADERS: Record<Regime, Record<string, string>> = {
  "opt-in": { "X-Country": "FR" },
  "opt-out": { "X-Country": "US" },
};

/**
 * The six scenarios of a default scan, each run in a fresh browser context on every page: a first visit
 * with no action and no regime asked for; Reject all and Accept all (opt-in regime, where the banner asks);
 * Global Privacy Control in the opt-out regime (where it is an opt-out of sale and sharing); and a first
 * visit in each regime.
 *
 * @example
 * scanSite({ url, map, taxonomy, scenarios: DEFAULT_SCENARIOS.filter((s) => s.id !== "first-visit") });
 */
export const DEFAULT_SCENARIOS: readonly Scenario[] = [
  { id: "first-visit", label: "First visit, no action", action: "none" },
  { id: "reject-all", label: "After Reject all", action: "reject-all", regime: "opt-in" },
  { id: "accept-all", label: "After Accept all", action: "accept-all", regime: "opt-in" },
  { id: "gpc", label: "Global Privacy Control on", action: "none", gpc: true, regime: "opt-out" },
  { id: "opt-in", label: "Opt-in regime, no action", action: "none", regime: "opt-in" },
  { id: "opt-out", label: "Opt-out regime, no action", action: "none", regime: "opt-out" },
];
