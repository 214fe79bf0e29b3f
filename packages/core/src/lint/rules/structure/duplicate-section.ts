import { readPolicyOutline } from "../../../document/read-policy-outline.js";
import type { Rule, RuleHit } from "../../rule.js";

/**
 * A section the text repeats: a touchpoint section or another headed section whose heading appears again
 * later (FDJ repeats two touchpoints). Reported at the repeat's heading line, with how many items differ.
 *
 * @example
 * duplicateSection.check(subject); // [{ message: "section 'When You …' at line 130 repeats the one at line 94 …", location: { file, line: 130 } }]
 */
export const duplicateSection: Rule = {
  id: "duplicate-section",
  kind: "text",
  severity: "warning",
  description:
    "A section is repeated: the second copy says nothing new and makes readers wonder which one applies.",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const outline = readPolicyOutline(doc);
    const hits: RuleHit[] = [];
    for (const t of outline.touchpoints) {
      if (!t.repeats) continue;
      const before = new Set(t.repeats.lists.flatMap((l) => l.items.map((i) => `${l.kind}\u0000${i.text}`)));
      const after = t.lists.flatMap((l) => l.items.map((i) => `${l.kind}\u0000${i.text}`));
      const differing = after.filter((x) => !before.has(x)).length;
      hits.push({
        message: `section '${t.title}' at line ${t.line} repeats the one at line ${t.repeats.line}${
          differing
            ? ` (${differing} item${differing === 1 ? "" : "s"} worded differently)`
            : " word for word"
        }; keep one`,
        location: { file: doc.file, line: t.line },
      });
    }
    for (const s of outline.sections) {
      if (!s.repeats || !s.heading) continue;
      hits.push({
        message: `section '${s.title}' at line ${s.line} repeats the one at line ${s.repeats.line}; keep one`,
        location: { file: doc.file, line: s.line },
      });
    }
    return hits.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  },
};
