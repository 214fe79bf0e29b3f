import type { Rule } from "../../rule.js";
import { retentionCoverage } from "../map/retention-coverage.js";
import { applicableJurisdictions, titles } from "./applicable-jurisdictions.js";

/** Jurisdictions whose notice must state how long each category is kept (CCPA §1798.100(a)(3); GDPR Art. 13(2)(a)). */
export const RETENTION_JURISDICTIONS: ReadonlySet<string> = new Set(["us-ca", "eea", "uk", "ch"]);

/**
 * `missing-retention-period`: a collected category that no retention entry gives a `period` for, where
 * California or GDPR law applies. A `criteria` such as "as long as necessary" alone does not satisfy the law.
 * One finding per category, at the touchpoint that first collects it. Categories with no retention entry at
 * all are reported here too (and then not by `category-without-retention`).
 *
 * @example
 * missingRetentionPeriod.check(subject); // [{ message: "'user.social' (collected by 'social-media') has no retention period …", location: { path: "touchpoints[6].collects[1]" } }]
 */
export const missingRetentionPeriod: Rule = {
  id: "missing-retention-period",
  kind: "law",
  severity: "error",
  description:
    "A collected category with no retention period, where California or GDPR law requires the notice to state one per category.",
  check(subject) {
    const { map, taxonomy } = subject;
    const laws = applicableJurisdictions(map).filter((j) => RETENTION_JURISDICTIONS.has(j.id));
    if (!laws.length) return [];
    return retentionCoverage(map)
      .filter((c) => !c.hasPeriod)
      .map((c) => {
        const label = taxonomy.category(c.category)?.label;
        const why = c.entries.length
          ? `its retention entry gives only criteria (retention[${c.entries.join("], retention[")}])`
          : "no retention entry covers it";
        return {
          message: `'${c.category}'${label ? ` (${label})` : ""}, collected by '${c.touchpoint}', has no retention period: ${why}, and ${titles(laws)} law requires the notice to say how long each category is kept: add a retention entry with a period such as '2y' or 'until-request'`,
          location: subject.locate(c.path),
        };
      });
  },
};
