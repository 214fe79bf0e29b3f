import { normaliseHeading } from "../../../document/heading-text.js";
import { readPolicyOutline } from "../../../document/read-policy-outline.js";
import type { Rule, RuleHit } from "../../rule.js";

function words(s: string): Set<string> {
  return new Set(
    normaliseHeading(s)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2),
  );
}

function closest(title: string, candidates: string[]): string | undefined {
  const a = words(title);
  let best: string | undefined;
  let score = 0;
  for (const c of candidates) {
    const b = words(c);
    const common = [...a].filter((w) => b.has(w)).length;
    const s = common / Math.max(1, new Set([...a, ...b]).size);
    if (s > score) {
      score = s;
      best = c;
    }
  }
  return score >= 0.5 ? best : undefined;
}

/**
 * The overview list of touchpoints (under "Collection, Use, And Sharing Of Information") and the touchpoint
 * sections disagree: one finding per touchpoint described but not listed (at its heading) and per listed
 * touchpoint that no section describes (at the list item). A lead sentence that announces the list when no
 * list follows is reported once.
 *
 * @example
 * overviewMismatch.check(subject).map((h) => h.location.line); // FDJ: [27, 94, 113, 166]
 */
export const overviewMismatch: Rule = {
  id: "overview-mismatch",
  kind: "text",
  severity: "warning",
  description:
    "The overview list of touchpoints does not match the touchpoint sections: a reader misses activities or looks for ones that are not described.",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const outline = readPolicyOutline(doc);
    const sections = outline.touchpoints.filter((t) => !t.repeats);
    const overview = outline.overview;
    if (!sections.length) return [];
    if (!overview?.items.length) {
      const lead = overview?.lead[overview.lead.length - 1];
      if (!lead?.text.trim().endsWith(":")) return [];
      return [
        {
          message: `the overview announces a list of touchpoints at line ${lead.line} but none follows; list the ${sections.length} touchpoints described below`,
          location: { file: doc.file, line: lead.line },
        },
      ];
    }
    const hits: RuleHit[] = [];
    const listed = new Map(overview.items.map((i) => [normaliseHeading(i.text), i]));
    const described = new Set(sections.map((t) => normaliseHeading(t.title)));
    for (const item of overview.items) {
      if (described.has(normaliseHeading(item.text))) continue;
      const near = closest(
        item.text,
        sections.map((t) => t.title).filter((t) => !listed.has(normaliseHeading(t))),
      );
      hits.push({
        message: `the overview lists '${item.text}' but no section describes it${near ? ` (did you mean '${near}'?)` : ""}`,
        location: { file: doc.file, line: item.line },
      });
    }
    for (const t of sections) {
      if (listed.has(normaliseHeading(t.title))) continue;
      hits.push({
        message: `'${t.title}' is described at line ${t.line} but missing from the overview list at line ${overview.items[0]?.line ?? overview.section.line}`,
        location: { file: doc.file, line: t.line },
      });
    }
    return hits.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  },
};
