import { type Finding, importPolicy, lint, parsePolicyDocument } from "@loupe/core";
import { describe, expect, it } from "vitest";
import { haveSeeds, readSeed } from "./seeds.js";

function lintSeed(name: "fdj" | "namdar"): { findings: Finding[]; touchpoints: string[] } {
  const { text, file } = readSeed(name);
  const doc = parsePolicyDocument(text, file);
  if (!doc.ok) throw new Error(doc.errors.map(String).join("\n"));
  const imported = importPolicy(doc.value);
  const r = lint({ ...imported, file, document: doc.value });
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return { findings: r.value, touchpoints: imported.map.touchpoints.map((t) => t.title) };
}

const at = (findings: Finding[], rule: string) =>
  findings.filter((f) => f.rule === rule).map((f) => f.location.line);

describe.skipIf(!haveSeeds())("the seed policies' defects", () => {
  it("FDJ: foreign name, duplicates, overview, last-updated date, GPC", () => {
    const { findings, touchpoints } = lintSeed("fdj");
    expect(touchpoints).toHaveLength(8);
    expect(at(findings, "foreign-organization-name")).toEqual(expect.arrayContaining([10, 54]));
    expect(at(findings, "duplicate-section")).toEqual([130, 149]);
    expect(at(findings, "overview-mismatch").length).toBeGreaterThanOrEqual(3);
    expect(at(findings, "missing-last-updated")).toEqual([11]);
    expect(at(findings, "inconsistent-organization-name")).toContain(127);
    expect(at(findings, "gpc-not-honoured")).toHaveLength(1);
    expect(at(findings, "outdated-opt-out-link")).toEqual([370]);
    expect(at(findings, "missing-contact-detail")).toContain(352);
    expect(
      findings
        .filter((f) => f.rule === "missing-right")
        .map((f) => f.message)
        .join("\n"),
    ).toMatch(/correct/);
  });

  it("Namdar: empty and missing sections, dangling references, GPC", () => {
    const { findings, touchpoints } = lintSeed("namdar");
    expect(touchpoints).toHaveLength(8);
    expect(at(findings, "empty-section")).toEqual([165]);
    expect(at(findings, "missing-section")).toContain(167);
    expect(at(findings, "dangling-reference")).toEqual(expect.arrayContaining([281, 283]));
    expect(at(findings, "gpc-not-honoured")).toHaveLength(1);
    expect(at(findings, "consequence-without-purpose")).toEqual([95]);
    expect(at(findings, "duplicate-section")).toEqual([]);
    expect(at(findings, "foreign-organization-name")).toEqual([]);
  });
});
