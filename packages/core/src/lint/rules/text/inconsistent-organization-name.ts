import type { Rule, RuleHit } from "../../rule.js";
import { tokenize } from "./name-runs.js";
import { baseName, FUNCTION_WORDS, LEGAL_FORM, ownerNames } from "./owner-names.js";
import { readSource, sentencesOf } from "./source-text.js";

/**
 * `inconsistent-organization-name`: the owner called by a name that starts like its own but is neither its
 * name, legal name nor an alias ("FDJ SHOP" in a policy of "FDJ GROUP INC").
 *
 * The brand and its legal form are the same name: "Namdar Diamonds" and "Namdar Diamonds, Inc." never make a
 * finding, with or without `legal_name` in the map, and neither do differences of case alone. Each deviating
 * variant is reported once, at its first line. Names that do not start with the owner's distinctive word are
 * `foreign-organization-name`'s job.
 *
 * @example
 * inconsistentOrganizationName.check(subject); // [{ message: "the owner is called 'FDJ SHOP' here …", location: { line: 127 } }]
 */
export const inconsistentOrganizationName: Rule = {
  id: "inconsistent-organization-name",
  kind: "text",
  severity: "warning",
  description:
    "The policy's owner called by different names (a brand and its legal form, such as 'Acme' and 'Acme, Inc.', count as one).",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const src = readSource(doc);
    const owner = ownerNames(subject.map, src.vocabulary);
    const head = owner.head;
    if (!head) return [];
    const seen = new Set<string>();
    const hits: RuleHit[] = [];
    for (const seg of src.segments) {
      for (const sentence of sentencesOf(seg.text)) {
        const tokens = tokenize(sentence.text);
        tokens.forEach((t, i) => {
          if (t.core.toLowerCase() !== head.toLowerCase()) return;
          // The owner's word and the capitalised words after it, up to a lower-case word or punctuation;
          // a comma is crossed only before a legal form ("Namdar Diamonds, Inc.").
          let j = i;
          while (j + 1 < tokens.length) {
            const cur = tokens[j];
            const next = tokens[j + 1];
            if (!cur || !next || cur.possessive || next.lead) break;
            if (!/^\p{Lu}/u.test(next.core) || FUNCTION_WORDS.has(next.core.toLowerCase())) break;
            if (cur.trail && !(cur.trail === "," && LEGAL_FORM.test(next.core))) break;
            j++;
          }
          const first = tokens[i];
          const last = tokens[j];
          if (!first || !last) return;
          const variant = sentence.text.slice(first.start, last.end);
          const base = baseName(variant);
          // A known name, possibly followed by more capitalised words ("Aurora Fine Jewelry Privacy Policy").
          if ([...owner.bases].some((b) => base === b || base.startsWith(`${b} `))) return;
          if (seen.has(base)) return;
          seen.add(base);
          hits.push({
            message: `the owner is called '${variant}' here but '${owner.name}' in the map: use one name throughout, or list '${variant}' under organization.aliases if the owner rightly uses it`,
            location: src.locate(seg.offsets[sentence.start + first.start] ?? 0),
          });
        });
      }
    }
    return hits;
  },
};
