import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Document, parseDocument } from "yaml";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { categoryWithoutRetention } from "./category-without-retention.js";

const AURORA = readFileSync(new URL("../../../../../../examples/aurora/loupe.yaml", import.meta.url), "utf8");

let lastText = "";
/** The Aurora example, edited with the `yaml` document API so that locations keep real lines. */
function aurora(edit?: (d: Document) => void): LintSubject {
  const d = parseDocument(AURORA);
  edit?.(d);
  lastText = String(d);
  const r = parseDataMap(lastText, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

function subjectOf(yaml: string): LintSubject {
  lastText = yaml;
  const r = parseDataMap(yaml, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

const MAP = `organization: { name: Lumen Gems }
jurisdictions: [us-co]
touchpoints:
  - id: purchase
    title: When You Make a Purchase with Us
    collects: [user.name, user.contact.email, user.payment]
  - id: social-media
    title: When You Interact with Us via Social Media
    collects: [user.name, { category: user.social, text: Your social media username }]
retention:
  - { categories: [user.contact], criteria: as long as necessary }
  - { categories: [user.payment], period: 7y }
`;

describe("category-without-retention", () => {
  it("is silent on the Aurora example", () => {
    expect(categoryWithoutRetention.check(aurora())).toEqual([]);
  });

  it("reports each collected category no entry covers (an ancestor entry covers descendants)", () => {
    const hits = categoryWithoutRetention.check(subjectOf(MAP));
    expect(hits.map((h) => [h.location.path, h.location.line])).toEqual([
      ["touchpoints[0].collects[0]", 6],
      ["touchpoints[1].collects[1]", 9],
    ]);
    expect(hits[0]?.message).toBe(
      "'user.name', collected by 'purchase', has no retention entry: add one under retention saying how long it is kept (a period such as '2y', or 'until-request')",
    );
  });

  it("leaves the categories to missing-retention-period where California or GDPR law applies, unless that rule is off", () => {
    const ca = MAP.replace("[us-co]", "[us-co, us-ca]");
    expect(categoryWithoutRetention.check(subjectOf(ca))).toEqual([]);
    const off = `${ca}lint:\n  rules:\n    missing-retention-period: "off"\n`;
    expect(categoryWithoutRetention.check(subjectOf(off))).toHaveLength(2);
  });
});
