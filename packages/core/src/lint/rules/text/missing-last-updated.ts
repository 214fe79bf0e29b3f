import type { Rule } from "../../rule.js";
import { readSource } from "./source-text.js";

const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DATE = String.raw`(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+${MONTH},?\s+\d{4}|${MONTH}\s+\d{4})`;
/** A shown date: "Last updated: 2026-01-31", "Effective date: January 1, 2026", "Updated 1 March 2025". */
const SHOWN = new RegExp(
  String.raw`\b(?:last\s+(?:updated|modified|revised|changed)|updated|revised|effective(?:\s+date)?|version\s+date|date\s+of\s+(?:last\s+)?(?:update|revision))\b(?:\s+(?:on|as\s+of|date))?[\s:–—-]*${DATE}`,
  "i",
);
/** A promise of such a date: `we will revise the "last updated" date on this page`. */
const PROMISE = /\b(?:last\s+(?:updated|modified|revised)|effective\s+date|date\s+at\s+the\s+top)\b/i;

/**
 * `missing-last-updated`: the policy shows no "last updated" date (required in a California privacy policy,
 * 11 CCR §7011). When the text promises one (`we will revise the "last updated" date on this page`), the
 * finding points at the line of that promise; otherwise at line 1. A date the importer read into
 * `notice.last_updated` counts as shown.
 *
 * @example
 * missingLastUpdated.check(subject); // [{ message: "the text promises a “last updated” date but shows none: …", location: { line: 11 } }]
 */
export const missingLastUpdated: Rule = {
  id: "missing-last-updated",
  kind: "text",
  severity: "error",
  description: "The policy shows no 'last updated' date, or promises one it never shows.",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    if (subject.map.notice.last_updated) return [];
    const src = readSource(doc);
    const fix =
      "add a line “Last updated: YYYY-MM-DD” under the title (notice.last_updated), and change it with every revision";
    for (const seg of src.segments) if (SHOWN.test(seg.text)) return [];
    for (const seg of src.segments) {
      const m = PROMISE.exec(seg.text);
      if (m) {
        return [
          {
            message: `the text promises a “${m[0]}” date but shows none: ${fix}`,
            location: src.locate(seg.offsets[m.index] ?? 0),
          },
        ];
      }
    }
    return [
      {
        message: `the text shows no “last updated” date: ${fix}`,
        location: { file: doc.file, line: 1, column: 1 },
      },
    ];
  },
};
