import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDataMap } from "../../../map/load-data-map.js";
import type { LintSubject } from "../../rule.js";
import { missingRetentionPeriod } from "./missing-retention-period.js";

function subjectOf(yaml: string): LintSubject {
  const r = parseDataMap(yaml, "loupe.yaml");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.value;
}

const MAP = `organization: { name: Lumen Gems }
jurisdictions: [us-ca, eea]
touchpoints:
  - id: purchase
    title: When You Make a Purchase with Us
    collects: [user.name, user.contact.email, user.payment]
  - id: social-media
    title: When You Interact with Us via Social Media
    collects: [user.name, user.social]
retention:
  - { categories: [user.contact], criteria: as long as necessary to fulfil the purposes }
  - { categories: [user.payment], period: 7y, from: the order date }
`;

describe("missing-retention-period", () => {
  it("reports each collected category without a period, once, where it is first collected", () => {
    const hits = missingRetentionPeriod.check(subjectOf(MAP));
    expect(hits.map((h) => [h.location.path, h.location.line])).toEqual([
      ["touchpoints[0].collects[0]", 6],
      ["touchpoints[0].collects[1]", 6],
      ["touchpoints[1].collects[1]", 9],
    ]);
    expect(hits[1]?.message).toBe(
      "'user.contact.email' (Your e-mail address), collected by 'purchase', has no retention period: its retention entry gives only criteria (retention[0]), and California and European Economic Area law requires the notice to say how long each category is kept: add a retention entry with a period such as '2y' or 'until-request'",
    );
    expect(hits[0]?.message).toContain("no retention entry covers it");
  });

  it("is silent without a California or GDPR jurisdiction, and on the Aurora example", () => {
    expect(missingRetentionPeriod.check(subjectOf(MAP.replace("[us-ca, eea]", "[us-co]")))).toEqual([]);
    const aurora = readFileSync(
      new URL("../../../../../../examples/aurora/loupe.yaml", import.meta.url),
      "utf8",
    );
    expect(missingRetentionPeriod.check(subjectOf(aurora))).toEqual([]);
  });

  it("accepts a period given for an ancestor key", () => {
    const covered = MAP.replace(
      "criteria: as long as necessary to fulfil the purposes",
      "period: 3y",
    ).replace("retention:\n", "retention:\n  - { categories: [user], period: until-request }\n");
    expect(missingRetentionPeriod.check(subjectOf(covered))).toEqual([]);
  });
});
