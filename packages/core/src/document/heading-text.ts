/**
 * How a line of a policy is recognised as a heading when no markup says so: the headings of the retailer
 * template and of the notice layout (`docs/notice-layout.md`), touchpoint headings ("When You …"), and
 * short title-case lines without closing punctuation.
 */

/** The four lists of a touchpoint section, in the template's order. */
export const TOUCHPOINT_LISTS = ["collects", "purposes", "recipients", "consequences"] as const;
export type TouchpointListKind = (typeof TOUCHPOINT_LISTS)[number];

/** The template's words for the four lists. */
export const TOUCHPOINT_LIST_HEADINGS: Record<TouchpointListKind, string> = {
  collects: "Categories Of Data We May Collect",
  purposes: "How We May Use The Data Collected",
  recipients: "Who We May Share Your Data With",
  consequences: "Consequences Of Not Providing Data",
};

const LIST_PATTERNS: [TouchpointListKind, RegExp][] = [
  ["collects", /^categories of (?:personal )?(?:data|information) (?:we )?(?:may )?collect(?:ed)?$/],
  ["purposes", /^how we (?:may )?use (?:the |your )?(?:data|information)(?: (?:we )?collect(?:ed)?)?$/],
  ["recipients", /^who we (?:may )?share (?:your |the )?(?:data|information) with$/],
  ["consequences", /^consequences of not providing (?:the |your )?(?:data|information)$/],
];

/** Headings of the template and of the rendered layout, lower-cased (see `docs/notice-layout.md`). */
const KNOWN = [
  "privacy policy",
  "privacy notice",
  "contents",
  "table of contents",
  "collection, use, and sharing of information",
  "collection, use and sharing of information",
  "tracking technology",
  "tracking technologies",
  "who receives personal information",
  "programmes",
  "programs",
  "how long we keep your information",
  "categories of personal information (california)",
  "your privacy rights",
  "how to exercise your rights",
  "appeals",
  "global privacy control",
  "children",
  "children under 13",
  "international transfers",
  "contact us",
  "how to contact us",
  "information that we may share with others",
  "links",
  "security",
  "accessing and updating your information",
  "marketing choice/opt-out",
  "your california privacy rights",
];
const KNOWN_SET = new Set(KNOWN);

/**
 * Normalises heading text for comparison: lower case, curly quotes made straight, spaces collapsed,
 * a closing colon dropped.
 *
 * @example
 * normaliseHeading("Categories Of Data We May Collect:"); // "categories of data we may collect"
 */
export function normaliseHeading(text: string): string {
  return text
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\s*:$/, "")
    .toLowerCase();
}

/**
 * Which touchpoint list a heading opens, if any.
 *
 * @example
 * touchpointListOf("Who We May Share Your Data With"); // "recipients"
 * touchpointListOf("Security"); // undefined
 */
export function touchpointListOf(text: string): TouchpointListKind | undefined {
  if (text.length > 60) return undefined;
  const n = normaliseHeading(text);
  for (const [kind, re] of LIST_PATTERNS) if (re.test(n)) return kind;
  return undefined;
}

/**
 * True for a heading of the template or of the notice layout, or one of the four touchpoint lists.
 *
 * @example
 * isKnownHeading("Tracking Technology"); // true
 * isKnownHeading("We use cookies."); // false
 */
export function isKnownHeading(text: string): boolean {
  if (text.length > 90) return false;
  const n = normaliseHeading(text);
  return KNOWN_SET.has(n) || touchpointListOf(text) !== undefined;
}

/**
 * True for a touchpoint heading of the template: "When You …" in title case, without closing punctuation.
 *
 * @example
 * isTouchpointHeading("When You Book an Appointment at Our Showrooms"); // true
 * isTouchpointHeading("When you visit, we collect data."); // false
 */
export function isTouchpointHeading(text: string): boolean {
  const t = text.trim();
  if (!/^When You \p{Lu}/u.test(t) || endsWithPunctuation(t)) return false;
  return t.split(/\s+/).length <= 30;
}

const SMALL_WORDS = new Set(
  "a an and or nor of to the in on for with via at by from as into onto per vs".split(" "),
);
const LEGAL_FORM_END =
  /(?:,|\s)(?:inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|gmbh|plc|llp)\.?$/i;

/** True when a text ends with punctuation that closes a sentence or a clause (closing quotes and brackets aside).
 *
 * @example
 * endsWithPunctuation("Categories:"); // true
 */
export function endsWithPunctuation(text: string): boolean {
  return /[.,;:!?]["”’)\]]*$/.test(text.trim());
}

/**
 * True for a short line in title case without closing punctuation, such as "Children Under 13" or
 * "Collection, Use, And Sharing Of Information". Lines naming a company ("Example Jewelers, Inc."),
 * labelled values ("Phone: …"), addresses and links are not titles.
 *
 * @example
 * isTitleCase("Accessing And Updating Your Information"); // true
 * isTitleCase("We may update this policy"); // false
 */
export function isTitleCase(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 160 || endsWithPunctuation(t)) return false;
  if (/: |@|https?:\/\/|www\.|—/.test(t) || LEGAL_FORM_END.test(t)) return false;
  const words = t.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (!words.length || words.length > 16) return false;
  if (!/^["“‘(]?[\p{Lu}\p{N}]/u.test(words[0] ?? "")) return false;
  const significant = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
  if (!significant.length) return false;
  const capitalised = significant.filter((w) => /^["“‘(]?[\p{Lu}\p{N}]/u.test(w)).length;
  return capitalised / significant.length >= 0.8;
}

/**
 * True for a short sentence-case line with no closing punctuation, such as "Privacy policy": a heading only
 * when it stands alone between blank lines.
 *
 * @example
 * isShortLabel("Privacy policy"); // true
 * isShortLabel("Phone: 555-0100"); // false
 */
export function isShortLabel(text: string): boolean {
  const t = text.trim();
  if (endsWithPunctuation(t) || /: |@|https?:\/\/|\d{3}/.test(t) || LEGAL_FORM_END.test(t)) return false;
  const words = t.split(/\s+/);
  return words.length <= 4 && /^\p{Lu}/u.test(t);
}
