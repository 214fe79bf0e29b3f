import { describe, expect, it } from "vitest";
import { formatFindings } from "./format-findings.js";
import type { Finding } from "./rule.js";

const FINDINGS: Finding[] = [
  {
    rule: "gpc-not-honoured",
    severity: "error",
    message: "set signals.gpc: true",
    location: { path: "signals", column: 3, line: 90, file: "loupe.yaml" },
  },
  {
    rule: "foreign-organization-name",
    severity: "warning",
    message: "'Blue Nile' is not the owner",
    location: { file: "policy.txt", line: 10, column: 1 },
  },
  {
    rule: "mismatched-name",
    severity: "warning",
    message: "two\nlines",
    location: { file: "policy.txt", line: 27 },
  },
  {
    rule: "unused-recipient",
    severity: "info",
    message: "not used",
    location: { file: "<map>", path: "recipients[3]" },
  },
  { rule: "outdated-lookback", severity: "info", message: "nowhere", location: {} },
];

describe("formatFindings", () => {
  it("writes one line per finding and a summary as text", () => {
    expect(formatFindings(FINDINGS, "text").split("\n")).toEqual([
      "loupe.yaml:90:3 error gpc-not-honoured set signals.gpc: true (signals)",
      "policy.txt:10:1 warning foreign-organization-name 'Blue Nile' is not the owner",
      "policy.txt:27 warning mismatched-name two lines",
      "<map> info unused-recipient not used (recipients[3])",
      "- info outdated-lookback nowhere",
      "1 error, 2 warnings, 2 info",
    ]);
  });

  it("writes only the summary when there is nothing to report", () => {
    expect(formatFindings([], "text")).toBe("0 errors, 0 warnings, 0 info");
  });

  it("writes the findings as JSON with keys in a fixed order", () => {
    const json = formatFindings(FINDINGS.slice(0, 1), "json");
    expect(json).toBe(
      '{"findings":[{"rule":"gpc-not-honoured","severity":"error","message":"set signals.gpc: true","location":{"file":"loupe.yaml","line":90,"column":3,"path":"signals"}}]}',
    );
    expect(JSON.parse(formatFindings(FINDINGS, "json")).findings).toHaveLength(5);
    expect(formatFindings([], "json")).toBe('{"findings":[]}');
  });
});
