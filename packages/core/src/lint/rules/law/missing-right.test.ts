import { describe, expect, it } from "vitest";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { missingRight } from "./missing-right.js";

function subjectOf(yaml: string): LintSubject {
  const r = parseDataMap(yaml, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

describe("missing-right", () => {
  it("reports each right a jurisdiction gives that rights.granted leaves out, at rights", () => {
    const s = subjectOf(`organization: { name: Lumen Gems }
jurisdictions: [us-ca, us-co]
rights:
  granted: [know, access, delete, opt-out-sale, non-discrimination, shine-the-light]
`);
    const hits = missingRight.check(s);
    expect(hits.map((h) => h.message.match(/\('([^']+)'\)/)?.[1])).toEqual([
      "correct",
      "opt-out-share",
      "limit-sensitive",
      "portability",
      "opt-out-targeted-advertising",
      "appeal",
    ]);
    expect(hits[0]?.message).toBe(
      "California and Colorado give the right to correct ('correct') but rights.granted does not list it: add 'correct' to rights.granted, or leave rights.granted empty to grant every right the law gives",
    );
    expect(hits[5]?.message.startsWith("Colorado gives the right to appeal ('appeal')")).toBe(true);
    expect(hits[0]?.location).toEqual({ file: "loupe.yaml", path: "rights", line: 4, column: 3 });
  });

  it("is silent when rights.granted is empty (every right the law gives) or complete", () => {
    expect(
      missingRight.check(subjectOf("organization: { name: Lumen Gems }\njurisdictions: [us-ca, eea]\n")),
    ).toEqual([]);
    const complete = subjectOf(`organization: { name: Lumen Gems }
jurisdictions: [ch]
rights:
  granted: [access, rectification, erasure, portability, object, withdraw-consent, complain]
`);
    expect(missingRight.check(complete)).toEqual([]);
  });
});
