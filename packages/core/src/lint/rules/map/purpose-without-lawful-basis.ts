import type { Rule, RuleHit } from "../../rule.js";

/** Jurisdictions of the GDPR family, where every purpose needs a lawful basis (Art. 6, Art. 13(1)(c)). */
const GDPR_JURISDICTIONS = ["eea", "uk", "ch"];

/**
 * `purpose-without-lawful-basis`: the EEA, the UK or Switzerland applies and a purpose has no `basis`
 * (GDPR Art. 6 and 13(1)(c): the notice states the lawful basis of each purpose). One finding per purpose.
 *
 * @example
 * purposeWithoutLawfulBasis.check(subject); // [{ message: "purpose “To confirm and track your order” of 'purchase' has no lawful basis …", location: { path: "touchpoints[2].purposes[2]" } }]
 */
export const purposeWithoutLawfulBasis: Rule = {
  id: "purpose-without-lawful-basis",
  kind: "map",
  severity: "error",
  description: "A purpose without a GDPR lawful basis, where the EEA, the UK or Switzerland applies.",
  check(subject) {
    const { map } = subject;
    const gdpr = map.jurisdictions.filter((j) => GDPR_JURISDICTIONS.includes(j));
    if (!gdpr.length) return [];
    const hits: RuleHit[] = [];
    map.touchpoints.forEach((t, ti) => {
      t.purposes.forEach((p, pi) => {
        if (p.basis) return;
        hits.push({
          message: `purpose “${p.text}” of touchpoint '${t.id}' has no lawful basis, which the GDPR requires (${gdpr.join(", ")} applies): set basis to consent, contract, legal_obligation, vital_interests, public_interest or legitimate_interests`,
          location: subject.locate(["touchpoints", ti, "purposes", pi, "basis"]),
        });
      });
    });
    return hits;
  },
};
