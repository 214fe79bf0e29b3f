import type { Rule } from "../../rule.js";
import { RETENTION_JURISDICTIONS } from "../law/missing-retention-period.js";
import { retentionCoverage } from "./retention-coverage.js";

/**
 * `category-without-retention`: a collected category that no retention entry covers (an entry for an ancestor
 * key covers its descendants). Where California or GDPR law applies, `missing-retention-period` already
 * reports these categories as errors, so this rule stays silent there unless that rule is switched off; it
 * speaks for maps without such a jurisdiction, where a retention rule is good practice rather than law.
 *
 * @example
 * categoryWithoutRetention.check(subject); // [{ message: "'user.social', collected by 'social-media', has no retention entry …" }]
 */
export const categoryWithoutRetention: Rule = {
  id: "category-without-retention",
  kind: "map",
  severity: "warning",
  description: "A collected category that no retention entry covers.",
  check(subject) {
    const { map } = subject;
    const lawRuleOn = map.lint.rules["missing-retention-period"] !== "off";
    if (lawRuleOn && map.jurisdictions.some((j) => RETENTION_JURISDICTIONS.has(j))) return [];
    return retentionCoverage(map)
      .filter((c) => !c.entries.length)
      .map((c) => ({
        message: `'${c.category}', collected by '${c.touchpoint}', has no retention entry: add one under retention saying how long it is kept (a period such as '2y', or 'until-request')`,
        location: subject.locate(c.path),
      }));
  },
};
