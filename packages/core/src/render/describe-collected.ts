import type { Collected } from "../map/data-map-schema.js";
import type { Taxonomy } from "../taxonomy/taxonomy.js";

/**
 * The taxonomy key of a collected entry, written either as a bare key or as `{ category, text }`.
 *
 * @example
 * collectedKey("user.contact.email"); // "user.contact.email"
 * collectedKey({ category: "user.device.cookie", text: "Cookies" }); // "user.device.cookie"
 */
export function collectedKey(c: Collected): string {
  return typeof c === "string" ? c : c.category;
}

/**
 * How a notice names a collected entry: its own phrase when it has one, else the taxonomy label, else the key.
 *
 * @example
 * collectedLabel("user.contact.email", new Taxonomy()); // "Your e-mail address"
 * collectedLabel({ category: "user.device.cookie", text: "Cookies and similar technology" }, new Taxonomy()); // "Cookies and similar technology"
 */
export function collectedLabel(c: Collected, taxonomy: Taxonomy): string {
  if (typeof c !== "string" && c.text) return c.text;
  const key = collectedKey(c);
  return categoryLabel(key, taxonomy);
}

/**
 * The taxonomy label of a data category key, or the key itself when the taxonomy does not know it.
 *
 * @example
 * categoryLabel("user.name", new Taxonomy()); // "Your full name"
 */
export function categoryLabel(key: string, taxonomy: Taxonomy): string {
  return taxonomy.category(key)?.label ?? key;
}
