import type { DataMap, Finding, FindingSeverity, LintSubject, Rule, RuleHit, Taxonomy } from "@loupe/core";
import { type ScanEvidence, type ScanRuleId, scanRuleHits } from "./check-scan.js";

interface ScanRuleInfo {
  id: ScanRuleId;
  severity: FindingSeverity;
  description: string;
}

const INFO: ScanRuleInfo[] = [
  {
    id: "cookie-before-consent",
    severity: "error",
    description:
      "In the opt-in regime, a non-essential cookie, third-party request or gated script was active before the visitor chose.",
  },
  {
    id: "cookie-after-reject",
    severity: "error",
    description: "After Reject all, a non-essential cookie remained or a non-essential tag still ran.",
  },
  {
    id: "gpc-ignored",
    severity: "error",
    description:
      "With Global Privacy Control on, a cookie or request of a purpose that sells or shares personal information was active.",
  },
  {
    id: "undeclared-cookie",
    severity: "warning",
    description: "The site sets a cookie that cookies.items does not declare (with a suggested purpose).",
  },
  {
    id: "undeclared-recipient",
    severity: "warning",
    description: "The site sends requests to a third-party host that no recipient of the map covers.",
  },
  {
    id: "declared-but-unseen",
    severity: "info",
    description: "A cookie the map declares was never seen in any page or scenario of the scan.",
  },
  {
    id: "reject-harder-than-accept",
    severity: "warning",
    description:
      "The banner makes refusing harder than accepting: more clicks, or a smaller, fainter or unfilled Reject button.",
  },
];

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * The scan rules as lint rules of kind `reality`, for `loupe rules` and for the `lint.rules` overrides of
 * `loupe.yaml`. Their `check` finds nothing by itself: the findings come from a scan report, through
 * {@link scanRules}.
 *
 * @example
 * SCAN_RULES.map((r) => `${r.id} ${r.severity} ${r.description}`);
 * lint(subject, [...RULES, ...SCAN_RULES]); // accepts `lint: { rules: { declared-but-unseen: off } }`
 */
export const SCAN_RULES: readonly Rule[] = INFO.map((r) => ({
  ...r,
  kind: "reality" as const,
  check: () => [],
}));

/**
 * The scan rules bound to a scan report: each rule's `check` compares the report with the subject's map
 * (the current `loupe.yaml`, not the one scanned with), so findings follow edits of the map without a new
 * scan. Hand them to core's `lint` with the other rules to merge, sort and apply the map's overrides.
 *
 * @example
 * const report = readScanReport(await readFile("scan.json", "utf8"));
 * if (report.ok) lint(subject, [...RULES, ...scanRules(report.value)]);
 */
export function scanRules(report: ScanEvidence): Rule[] {
  const cache = new WeakMap<object, Map<ScanRuleId, RuleHit[]>>();
  const hits = (s: Pick<LintSubject, "map" | "taxonomy">) => {
    let h = cache.get(s.map);
    if (!h) {
      h = scanRuleHits(report, s.map, s.taxonomy);
      cache.set(s.map, h);
    }
    return h;
  };
  return INFO.map((r) => ({ ...r, kind: "reality" as const, check: (s) => hits(s).get(r.id) ?? [] }));
}

/**
 * The findings of a scan against a map, with each rule's default severity (or the map's `lint.rules`
 * override; `off` drops the rule), sorted by severity, rule and page. Same shape as `loupe lint` findings.
 *
 * @example
 * checkScan(report, map, taxonomy).filter((f) => f.rule === "gpc-ignored");
 */
export function checkScan(report: ScanEvidence, map: DataMap, taxonomy: Taxonomy): Finding[] {
  const all = scanRuleHits(report, map, taxonomy);
  const findings: Finding[] = [];
  for (const r of INFO) {
    const setting = map.lint.rules[r.id];
    if (setting === "off") continue;
    const severity = setting ?? r.severity;
    for (const hit of all.get(r.id) ?? []) {
      findings.push({ rule: r.id, severity, message: hit.message, location: hit.location });
    }
  }
  const rank = new Map(INFO.map((r, i) => [r.id, i]));
  return findings.sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      (rank.get(a.rule as ScanRuleId) ?? 0) - (rank.get(b.rule as ScanRuleId) ?? 0) ||
      (a.location.file ?? "").localeCompare(b.location.file ?? ""),
  );
}
