import type { Rule, RuleHit } from "../../rule.js";
import { readSource } from "../text/source-text.js";

/** "Do Not Sell My Personal Information" (or "My Info", "My Data") without "or Share". */
const OLD_LINK = /\bdo\s+not\s+sell\s+my\s+(?:personal\s+)?(?:info(?:rmation)?|data)\b/gi;

/**
 * `outdated-opt-out-link`: the policy text names the pre-CPRA link "Do Not Sell My Personal Information"; the
 * law now calls it "Do Not Sell or Share My Personal Information" (11 CCR §7026(a)(1)), or the alternative
 * "Your Privacy Choices" link. It reads the policy text, so it only reports when a document is linted; with a
 * map alone it never does (the renderer writes the current title).
 *
 * @example
 * outdatedOptOutLink.check(subject); // [{ message: "the text names the “Do Not Sell My Personal Information” page …", location: { line: 370 } }]
 */
export const outdatedOptOutLink: Rule = {
  id: "outdated-opt-out-link",
  kind: "law",
  severity: "error",
  description:
    "The text names the old 'Do Not Sell My Personal Information' link instead of 'Do Not Sell or Share My Personal Information'.",
  check(subject) {
    const doc = subject.document;
    if (!doc) return [];
    const src = readSource(doc);
    const hits: RuleHit[] = [];
    for (const seg of src.segments) {
      for (const m of seg.text.matchAll(OLD_LINK)) {
        hits.push({
          message: `the text names the “${m[0]}” link, the title before the CPRA: call it “Do Not Sell or Share My Personal Information” (or use the “Your Privacy Choices” link) and let it opt out of both sale and sharing`,
          location: src.locate(seg.offsets[m.index ?? 0] ?? 0),
        });
      }
    }
    return hits;
  },
};
