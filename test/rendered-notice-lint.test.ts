import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importPolicy, lint, parseDataMap, parsePolicyDocument, RULES, renderNotice } from "@loupe/core";
import { describe, expect, it } from "vitest";
import { ROOT } from "./seeds.js";

const TEXT_RULES = new Set(RULES.filter((r) => r.kind === "text").map((r) => r.id));

describe("a notice rendered from a corrected map", () => {
  const loaded = parseDataMap(readFileSync(join(ROOT, "examples/aurora/loupe.yaml"), "utf8"), "loupe.yaml");
  if (!loaded.ok) throw new Error(loaded.errors.map(String).join("\n"));

  for (const format of ["txt", "md", "html"] as const) {
    it(`has no text-rule finding once imported back (${format})`, () => {
      const notice = renderNotice(loaded.value, { format });
      const file = `privacy.${format}`;
      const doc = parsePolicyDocument(notice.content, file);
      if (!doc.ok) throw new Error(doc.errors.map(String).join("\n"));
      const imported = importPolicy(doc.value);
      const findings = lint({ ...imported, file, document: doc.value });
      if (!findings.ok) throw new Error(findings.errors.map(String).join("\n"));
      expect(TEXT_RULES.size).toBeGreaterThanOrEqual(9);
      expect(findings.value.filter((f) => TEXT_RULES.has(f.rule))).toEqual([]);
      expect(imported.map.touchpoints).toHaveLength(loaded.value.map.touchpoints.length);
    });
  }
});
