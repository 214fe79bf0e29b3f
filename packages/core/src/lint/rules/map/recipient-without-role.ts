import type { Rule, RuleHit } from "../../rule.js";

/**
 * `recipient-without-role`: a recipient without `role` (service provider, contractor, third party,
 * affiliate, public authority). The role decides whether a disclosure is a sale or sharing and how the
 * notice lists the recipient.
 *
 * @example
 * recipientWithoutRole.check(subject); // [{ message: "recipient 'shipping-providers' has no role …", location: { path: "recipients[5].role" } }]
 */
export const recipientWithoutRole: Rule = {
  id: "recipient-without-role",
  kind: "map",
  severity: "warning",
  description: "A recipient whose role (service provider, third party…) is not declared.",
  check(subject) {
    const hits: RuleHit[] = [];
    subject.map.recipients.forEach((r, i) => {
      if (r.role) return;
      hits.push({
        message: `recipient '${r.id}' (“${r.title}”) has no role: set role to service-provider, contractor, third-party, affiliate or public-authority, so the notice can say whether disclosing to it is a sale or sharing`,
        location: subject.locate(["recipients", i, "role"]),
      });
    });
    return hits;
  },
};
