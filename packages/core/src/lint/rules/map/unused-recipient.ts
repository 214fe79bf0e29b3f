import type { Rule, RuleHit } from "../../rule.js";

/**
 * `unused-recipient`: a recipient that no touchpoint shares with, no cookie names, and that neither buys
 * nor receives data for cross-context advertising (`sells`/`shares`): it will never appear where it matters.
 *
 * @example
 * unusedRecipient.check(subject); // [{ message: "recipient 'analytics-partners' is not used …", location: { path: "recipients[3]" } }]
 */
export const unusedRecipient: Rule = {
  id: "unused-recipient",
  kind: "map",
  severity: "warning",
  description: "A recipient that no touchpoint shares with and no cookie names.",
  check(subject) {
    const { map } = subject;
    const used = new Set<string>([
      ...map.touchpoints.flatMap((t) => t.shares_with),
      ...map.cookies.items.flatMap((c) => (c.recipient ? [c.recipient] : [])),
    ]);
    const hits: RuleHit[] = [];
    map.recipients.forEach((r, i) => {
      if (used.has(r.id) || r.sells || r.shares) return;
      hits.push({
        message: `recipient '${r.id}' (“${r.title}”) is not used: add it to the shares_with of the touchpoints that disclose data to it, or remove it`,
        location: subject.locate(["recipients", i]),
      });
    });
    return hits;
  },
};
