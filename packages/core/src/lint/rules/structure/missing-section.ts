import { TOUCHPOINT_LIST_HEADINGS, TOUCHPOINT_LISTS } from "../../../document/heading-text.js";
import { readPolicyOutline } from "../../../document/read-policy-outline.js";
import type { Rule, RuleHit } from "../../rule.js";

/**
 * A touchpoint section lacks one of its four lists ("Categories Of Data We May Collect", "How We May Use The
 * Data Collected", "Who We May Share Your Data With", "Consequences Of Not Providing Data"). Reported at the
 * touchpoint's heading, once per missing list; a repeated section counts with its first occurrence.
 *
 * @example
 * missingSection.check(subject).map((h) => h.location.line); // Namdar: [167, 185]
 */
export const missingSection: Rule = {
  id: "missing-section",
  kind: "text",
  severity: "error",
  description:
    "A touchpoint does not say what it collects, why, with whom it is shared, or what happens without it (GDPR Art. 13, CCPA notice at collection).",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const outline = readPolicyOutline(doc);
    const hits: RuleHit[] = [];
    for (const t of outline.touchpoints) {
      if (t.repeats) continue;
      const present = new Set(
        outline.touchpoints
          .filter((x) => x === t || x.repeats === t)
          .flatMap((x) => x.lists.map((l) => l.kind)),
      );
      for (const kind of TOUCHPOINT_LISTS) {
        if (present.has(kind)) continue;
        hits.push({
          message: `'${t.title}' has no '${TOUCHPOINT_LIST_HEADINGS[kind]}' list`,
          location: { file: doc.file, line: t.line },
        });
      }
    }
    return hits;
  },
};
