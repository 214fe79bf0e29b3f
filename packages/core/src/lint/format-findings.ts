import type { Location } from "../errors/loupe-error.js";
import type { Finding, FindingSeverity } from "./rule.js";

/**
 * Formats lint findings for people (`text`) or tools (`json`), in the order given.
 *
 * - `text`: one line per finding, `file:line[:column] severity rule-id message`, followed by ` (yaml.path)`
 *   when the location has a map path; then a summary line `N errors, N warnings, N info`. A finding without
 *   file or line starts with the file alone, or `-`. Newlines inside a message become spaces.
 * - `json`: exactly `{"findings":[{"rule":…,"severity":…,"message":…,"location":{…}}]}`, with the location's
 *   known keys in the order file, line, column, path.
 *
 * @example
 * formatFindings([{ rule: "gpc-not-honoured", severity: "error", message: "set signals.gpc: true", location: { file: "loupe.yaml", line: 90, column: 3, path: "signals" } }], "text");
 * // "loupe.yaml:90:3 error gpc-not-honoured set signals.gpc: true (signals)\n1 error, 0 warnings, 0 info"
 */
export function formatFindings(findings: readonly Finding[], format: "text" | "json"): string {
  if (format === "json") {
    return JSON.stringify({
      findings: findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        location: orderedLocation(f.location),
      })),
    });
  }
  const lines = findings.map((f) => {
    const where = position(f.location);
    const path = f.location.path ? ` (${f.location.path})` : "";
    return `${where} ${f.severity} ${f.rule} ${f.message.replace(/\s*\n\s*/g, " ")}${path}`;
  });
  lines.push(summary(findings));
  return lines.join("\n");
}

function position(loc: Location): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.line !== undefined) {
    parts.push(String(loc.line));
    if (loc.column !== undefined) parts.push(String(loc.column));
  }
  return parts.length ? parts.join(":") : "-";
}

function orderedLocation(loc: Location): Location {
  const out: Location = {};
  if (loc.file !== undefined) out.file = loc.file;
  if (loc.line !== undefined) out.line = loc.line;
  if (loc.column !== undefined) out.column = loc.column;
  if (loc.path !== undefined) out.path = loc.path;
  return out;
}

function summary(findings: readonly Finding[]): string {
  const count = (s: FindingSeverity) => findings.filter((f) => f.severity === s).length;
  const errors = count("error");
  const warnings = count("warning");
  return `${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}, ${count("info")} info`;
}
