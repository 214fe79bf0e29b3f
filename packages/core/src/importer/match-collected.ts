import type { Taxonomy } from "../taxonomy/taxonomy.js";
import { comparable, keySegment } from "./phrase-text.js";

/** A data category recognised in a phrase, with whose data it is when that is not the customer's. */
export interface CollectedMatch {
  key: string;
  subject?: string;
}

type Rule = [pattern: RegExp, key: string, subject?: string];

/** Phrases of retail policies and the data categories they name, most specific first. */
const RULES: Rule[] = [
  [/\bfriend|\brecipient'?s\b|\bgift recipient/, "user.contact.referral", "friend"],
  [/recordings?\b|recorded calls?/, "user.content.call_recording"],
  [/\bcookie ?ids?\b|cookie identifiers?/, "user.device.cookie_id"],
  [/\bcookies?\b|tracking technolog|pixels?|web beacons?/, "user.device.cookie"],
  [/server logs?|log files?|log data/, "user.behavior.server_log"],
  [/\bip address/, "user.device.ip_address"],
  [/device (id|identifier)|advertising id/, "user.device.device_id"],
  [/\bdevice|\bbrowser/, "user.device"],
  [/precise (geo)?location|\bgps\b/, "user.location.precise"],
  [/location/, "user.location.imprecise"],
  [
    /browsing history|products? (you )?(have )?(viewed|browsed)|pages you visit/,
    "user.behavior.browsing_history",
  ],
  [/wish ?list|favou?rites/, "user.behavior.wishlist"],
  [/search(es| history| terms)/, "user.behavior.search_history"],
  [
    /order (details|history|information)|purchase history|purchases|transaction (history|details)/,
    "user.behavior.purchase_history",
  ],
  [/\breview/, "user.content.review"],
  [/social media (user ?name|handle|profile|account|id)/, "user.social"],
  [/\bposts?\b|\bcomments?\b/, "user.content.social_post"],
  [/bank account/, "user.financial.bank_account"],
  [/card (number|details)|credit card|debit card/, "user.financial.credit_card"],
  [/payment|billing information/, "user.payment"],
  [/e-?mail/, "user.contact.email"],
  [/phone|mobile number|telephone/, "user.contact.phone_number"],
  [/\baddress\b/, "user.contact.address"],
  [/date of birth|birth ?date|birthday/, "user.demographic.date_of_birth"],
  [/gender/, "user.demographic.gender"],
  [/\bage\b|age range/, "user.demographic.age_range"],
  [/password|log-?in credentials|login credentials/, "user.authorization.credentials"],
  [/user ?name|account name/, "user.account.username"],
  [/first name|given name/, "user.name.first"],
  [/last name|surname|family name/, "user.name.last"],
  [/^(your )?(full )?name$|^(your )?(first and last|full|legal) name\b/, "user.name"],
  [/preferences|interests/, "user.demographic.profile"],
];

/** Parents for phrases no rule knows, by the words they use. */
const PARENTS: [RegExp, string][] = [
  [/contact|address|phone|e-?mail/, "user.contact"],
  [/pay|card|bank|financ|credit|invoice/, "user.financial"],
  [/order|purchase|brows|visit|activity|click|shopping/, "user.behavior"],
  [/device|browser|cookie|\bip\b/, "user.device"],
  [/location|city|country|zip|postcode/, "user.location"],
  [/photo|picture|image|video|message|content|post|comment|note|file|engrav/, "user.content"],
  [/\bage\b|gender|birth|demograph/, "user.demographic"],
  [/account|log-?in|password/, "user.account"],
];

/**
 * The taxonomy key a phrase of a "Categories Of Data We May Collect" list names: an exact taxonomy label
 * first (every label maps back to its key), then the phrase table. Undefined when nothing fits.
 *
 * @example
 * matchCollected("Recordings of your calls", taxonomy); // { key: "user.content.call_recording" }
 * matchCollected("Your friend’s name and e-mail address", taxonomy); // { key: "user.contact.referral", subject: "friend" }
 */
export function matchCollected(phrase: string, taxonomy: Taxonomy): CollectedMatch | undefined {
  const p = comparable(phrase);
  const byLabel = labelIndex(taxonomy).get(p);
  if (byLabel)
    return byLabel === "user.contact.referral" ? { key: byLabel, subject: "friend" } : { key: byLabel };
  const core = p.replace(/\s*\([^)]*\)\s*/g, " ").trim();
  for (const [re, key, subject] of RULES) {
    if (re.test(core)) return subject ? { key, subject } : { key };
  }
  return undefined;
}

/**
 * A custom taxonomy key for a phrase no rule knows, under the closest parent by its words.
 *
 * @example
 * customCategoryFor("Your ring size"); // { key: "user.ring_size", parent: "user" }
 * customCategoryFor("Your engraving text"); // { key: "user.content.engraving_text", parent: "user.content" }
 */
export function customCategoryFor(phrase: string): { key: string; parent: string } {
  const p = comparable(phrase);
  const parent = PARENTS.find(([re]) => re.test(p))?.[1] ?? "user";
  return { key: `${parent}.${keySegment(p)}`, parent };
}

const labelIndexes = new WeakMap<Taxonomy, Map<string, string>>();

/** Taxonomy labels (compared loosely) → keys, built once per taxonomy.
 *
 * @example
 * labelIndex(new Taxonomy()).get("your full name"); // "user.name"
 */
export function labelIndex(taxonomy: Taxonomy): Map<string, string> {
  let index = labelIndexes.get(taxonomy);
  if (!index) {
    index = new Map();
    for (const c of taxonomy.categories()) {
      const k = comparable(c.label);
      if (!index.has(k)) index.set(k, c.key);
    }
    labelIndexes.set(taxonomy, index);
  }
  return index;
}
