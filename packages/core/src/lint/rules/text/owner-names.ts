import type { DataMap } from "../../../map/data-map-schema.js";

/** The names a policy's owner rightly goes by, and the word that starts them. */
export interface OwnerNames {
  /** `organization.name`, the name findings suggest. */
  name: string;
  /** Name, legal name and aliases as written in the map, longest first. */
  known: string[];
  /** The same, reduced to a base form (lower case, no punctuation, no legal form such as "Inc."). */
  bases: Set<string>;
  /** The first distinctive word of the name ("FDJ", "Namdar"), or undefined when every word is an ordinary word. */
  head: string | undefined;
}

/** Legal forms that follow a company name. */
export const LEGAL_FORM =
  /^(?:inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|gmbh|ag|sa|s\.a|sarl|bv|nv|plc|llp|lp|pty|srl|spa)\.?$/i;

/**
 * Words that start or join capitalised phrases without being part of a name (sentence openers, pronouns,
 * determiners). Lower-cased.
 */
export const FUNCTION_WORDS = new Set(
  (
    "a an the this that these those our your their its his her my we you they it he she i us me them " +
    "if when where while how what who whom why which whether as at by for from in into of on to with " +
    "via and or nor but not no yes do does did don’t please all any each every some such other another " +
    "additionally also however further furthermore moreover otherwise finally then thus therefore here there"
  ).split(" "),
);

/**
 * Reduces a name to its base form: lower case, punctuation and possessive removed, trailing legal form dropped.
 *
 * @example
 * baseName("Namdar Diamonds, Inc.’s"); // "namdar diamonds"
 */
export function baseName(name: string): string {
  const words = name
    .replace(/[’']s$/u, "")
    .split(/[\s,]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&.]+$/gu, ""))
    .filter(Boolean);
  while (words.length > 1 && LEGAL_FORM.test(words[words.length - 1] ?? "")) words.pop();
  return words
    .map((w) => w.replace(/\.$/, "").toLowerCase())
    .join(" ")
    .trim();
}

/**
 * The owner's names from the map (`organization.name`, `legal_name`, `aliases`). `vocabulary` (lower-case
 * words of the text) keeps ordinary words such as "Jewelry" from being taken as the distinctive head word.
 *
 * @example
 * const o = ownerNames(map, new Set(["diamonds"])); // organization: { name: "Namdar Diamonds" }
 * o.head; // "Namdar"
 * o.bases.has("namdar diamonds"); // true
 */
export function ownerNames(map: DataMap, vocabulary: ReadonlySet<string> = new Set()): OwnerNames {
  const org = map.organization;
  const known = [org.name, org.legal_name, ...org.aliases]
    .filter((n): n is string => Boolean(n?.trim()))
    .sort((a, b) => b.length - a.length);
  const bases = new Set(known.map(baseName).filter(Boolean));
  const head = org.name
    .split(/[\s,]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .find(
      (w) =>
        w.length > 1 &&
        !FUNCTION_WORDS.has(w.toLowerCase()) &&
        !LEGAL_FORM.test(w) &&
        !vocabulary.has(w.toLowerCase()),
    );
  return { name: org.name, known, bases, head };
}
