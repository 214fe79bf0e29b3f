import { TOUCHPOINT_LIST_HEADINGS } from "../../../document/heading-text.js";
import { readPolicyOutline } from "../../../document/read-policy-outline.js";
import type { Rule, RuleHit } from "../../rule.js";

/**
 * A heading with nothing under it: one of a touchpoint's four lists without a single item (Namdar's
 * "Consequences Of Not Providing Data" under "When You Review a Product"), or a section heading followed at
 * once by another heading of the same or a higher level. A heading repeated at once (a title written twice)
 * and a heading that opens the touchpoint sections are not empty.
 *
 * @example
 * emptySection.check(subject).map((h) => h.location.line); // Namdar: [165]
 */
export const emptySection: Rule = {
  id: "empty-section",
  kind: "text",
  severity: "error",
  description: "A heading promises information that is not there.",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const outline = readPolicyOutline(doc);
    const hits: RuleHit[] = [];
    for (const t of outline.touchpoints) {
      for (const list of t.lists) {
        if (list.items.length || list.notes.length) continue;
        hits.push({
          message: `'${TOUCHPOINT_LIST_HEADINGS[list.kind]}' under '${t.title}' has no items; list them, or write 'None'`,
          location: { file: doc.file, line: list.line },
        });
      }
    }
    const blocks = doc.blocks;
    for (const s of outline.sections) {
      if (s.role !== "section" && s.role !== "overview") continue;
      if (!s.heading || s.blocks.length) continue;
      const next = blocks[s.index + 1];
      if (next && outline.touchpoints.some((t) => t.index === s.index + 1)) continue;
      if (
        next?.kind === "heading" &&
        next.level !== undefined &&
        s.heading.level !== undefined &&
        next.level > s.heading.level
      )
        continue;
      hits.push({
        message: `section '${s.title}' has nothing under its heading`,
        location: { file: doc.file, line: s.line },
      });
    }
    return hits.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  },
};
