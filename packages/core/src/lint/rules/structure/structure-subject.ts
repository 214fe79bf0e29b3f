import { parsePolicyDocument } from "../../../document/parse-policy-document.js";
import type { PolicyDocument } from "../../../document/policy-document.js";
import { importPolicy } from "../../../importer/import-policy.js";
import type { LintSubject, Rule } from "../../rule.js";

/**
 * A lint subject for a policy text, as the CLI builds it (used by the structure rules' tests).
 *
 * @example
 * const subject = policySubject("Privacy Policy\n", "p.txt");
 * duplicateSection.check(subject); // []
 */
export function policySubject(text: string, file: string): LintSubject & { document: PolicyDocument } {
  const doc = parsePolicyDocument(text, file);
  if (!doc.ok) throw new Error(doc.errors.map(String).join("\n"));
  const imported = importPolicy(doc.value);
  return {
    map: imported.map,
    taxonomy: imported.taxonomy,
    file,
    locate: imported.locate,
    document: doc.value,
  };
}

/** The lines a rule reports for a policy text.
 *
 * @example
 * linesOf(missingSection, namdarText, "namdar.txt"); // [167, 185]
 */
export function linesOf(rule: Rule, text: string, file: string): (number | undefined)[] {
  return rule.check(policySubject(text, file)).map((h) => h.location.line);
}
