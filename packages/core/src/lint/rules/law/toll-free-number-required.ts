import type { Rule } from "../../rule.js";

/** US toll-free area codes. */
const TOLL_FREE_PREFIXES = new Set(["800", "833", "844", "855", "866", "877", "888"]);

const KEYPAD: Record<string, string> = {
  A: "2",
  B: "2",
  C: "2",
  D: "3",
  E: "3",
  F: "3",
  G: "4",
  H: "4",
  I: "4",
  J: "5",
  K: "5",
  L: "5",
  M: "6",
  N: "6",
  O: "6",
  P: "7",
  Q: "7",
  R: "7",
  S: "7",
  T: "8",
  U: "8",
  V: "8",
  W: "9",
  X: "9",
  Y: "9",
  Z: "9",
};

/**
 * True for a US toll-free number (800, 833, 844, 855, 866, 877 or 888), written in any usual way, letters
 * included ("1-800-FLOWERS").
 *
 * @example
 * isTollFree("1-800-555-0199"); // true
 * isTollFree("626-879-5666"); // false
 */
export function isTollFree(phone: string): boolean {
  const digits = phone
    .toUpperCase()
    .replace(/[A-Z]/g, (c) => KEYPAD[c] ?? "")
    .replace(/\D/g, "");
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  return national.length === 10 && TOLL_FREE_PREFIXES.has(national.slice(0, 3));
}

/**
 * `toll-free-number-required`: California applies, the business is not `online_only`, and it offers no
 * toll-free number for requests (11 CCR §7020: two methods, one of them a toll-free number). Satisfied by a
 * toll-free `organization.contact.toll_free_phone` or `phone`, or by `toll-free-phone` in `rights.methods`.
 * A `toll_free_phone` that is not toll-free (626-879-5666) is itself reported.
 *
 * @example
 * tollFreeNumberRequired.check(subject); // [{ message: "California requires a toll-free number … '626-879-5666' is not toll-free …" }]
 */
export const tollFreeNumberRequired: Rule = {
  id: "toll-free-number-required",
  kind: "law",
  severity: "error",
  description:
    "A business under California law that is not online-only must offer a toll-free number for privacy requests.",
  check(subject) {
    const { map } = subject;
    if (!map.jurisdictions.includes("us-ca") || map.organization.online_only) return [];
    const { toll_free_phone: tollFree, phone } = map.organization.contact;
    if (tollFree && isTollFree(tollFree)) return [];
    if (phone && isTollFree(phone)) return [];
    const prefixes = [...TOLL_FREE_PREFIXES].join(", ");
    if (tollFree) {
      return [
        {
          message: `organization.contact.toll_free_phone '${tollFree}' is not a toll-free number (US toll-free prefixes: ${prefixes}): California requires a toll-free number for privacy requests from a business that is not online-only; give a real toll-free number`,
          location: subject.locate(["organization", "contact", "toll_free_phone"]),
        },
      ];
    }
    if (map.rights.methods.includes("toll-free-phone")) return [];
    const current = phone ? ` ('${phone}' is not toll-free: US toll-free prefixes are ${prefixes})` : "";
    return [
      {
        message: `California requires a business that is not online-only to take privacy requests through a toll-free number, and none is given${current}: add organization.contact.toll_free_phone and 'toll-free-phone' to rights.methods, or set organization.online_only: true if the shop sells only online`,
        location: subject.locate(phone ? ["organization", "contact", "phone"] : ["organization", "contact"]),
      },
    ];
  },
};
