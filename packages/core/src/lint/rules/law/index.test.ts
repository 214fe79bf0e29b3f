import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDataMap } from "../../../map/load-data-map.js";
import { lint } from "../../lint.js";
import { MAP_RULES } from "../map/index.js";
import { TEXT_RULES } from "../text/index.js";
import { LAW_RULES } from "./index.js";

const AURORA = readFileSync(new URL("../../../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

describe("the text, law and map rules", () => {
  it("have unique ids and are each listed once", () => {
    const rules = [...TEXT_RULES, ...LAW_RULES, ...MAP_RULES];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(LAW_RULES.map((r) => r.id)).toEqual([
      "gpc-not-honoured",
      "missing-right",
      "missing-retention-period",
      "toll-free-number-required",
      "outdated-opt-out-link",
      "outdated-lookback",
    ]);
    expect(LAW_RULES.every((r) => r.kind === "law")).toBe(true);
  });

  it("find nothing in the Aurora example", () => {
    const r = parseDataMap(AURORA, "loupe.yaml");
    if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
    const findings = lint(r.value, [...TEXT_RULES, ...LAW_RULES, ...MAP_RULES]);
    expect(findings).toEqual({ ok: true, value: [] });
  });

  it("take their severity from loupe.yaml's lint.rules through the engine", () => {
    const text = `${AURORA.replace("gpc: true", "gpc: false")}lint:\n  rules:\n    gpc-not-honoured: warning\n`;
    const r = parseDataMap(text, "loupe.yaml");
    if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
    const findings = lint(r.value, LAW_RULES);
    expect(findings.ok && findings.value.map((f) => [f.rule, f.severity])).toEqual([
      ["gpc-not-honoured", "warning"],
    ]);
  });
});
