import type { Rule } from "../../rule.js";

/**
 * `outdated-lookback`: California applies and `rights.lookback_extended` is false. A right-to-know request
 * may reach back beyond the default 12 months, to data collected on or after 1 January 2022 (Civ. Code
 * §1798.130(a)(2); 11 CCR §7024(h)), and since 2026 the request method must let the consumer ask for it.
 *
 * @example
 * outdatedLookback.check(subject); // [{ message: "rights.lookback_extended is false …", location: { path: "rights.lookback_extended" } }]
 */
export const outdatedLookback: Rule = {
  id: "outdated-lookback",
  kind: "law",
  severity: "error",
  description:
    "Right-to-know answers stop at 12 months, while California lets consumers ask for data back to 1 January 2022.",
  check(subject) {
    const { map } = subject;
    if (!map.jurisdictions.includes("us-ca") || map.rights.lookback_extended) return [];
    return [
      {
        message: `rights.lookback_extended is false, so right-to-know answers stop at ${map.rights.lookback_months} months; California lets consumers ask for personal information collected since 1 January 2022: set rights.lookback_extended: true and offer a date range or "all my data" in the request form`,
        location: subject.locate(["rights", "lookback_extended"]),
      },
    ];
  },
};
