import { getDomain } from "tldts";

/**
 * The registrable domain ("site") of a host name, by the Public Suffix List: `www.shop.example.co.uk` →
 * `shop.example.co.uk`'s registrable part `example.co.uk`. IP addresses, `localhost` and names without a
 * public suffix are their own site. A leading dot (cookie domains) is ignored; the result is lower-case.
 *
 * @example
 * siteOf("region1.google-analytics.com"); // "google-analytics.com"
 * siteOf(".shop.example.co.uk"); // "example.co.uk"
 * siteOf("127.0.0.1"); // "127.0.0.1"
 */
export function siteOf(host: string): string {
  const h = host.replace(/^\./, "").toLowerCase();
  return getDomain(h, { allowPrivateDomains: true }) ?? h;
}

/**
 * Whether `host` is `domain` or one of its subdomains (`stats.metrics.example` matches `metrics.example`).
 * A leading dot on either side is ignored.
 *
 * @example
 * hostMatches("www.google-analytics.com", "google-analytics.com"); // true
 * hostMatches("notgoogle-analytics.com", "google-analytics.com"); // false
 */
export function hostMatches(host: string, domain: string): boolean {
  const h = host.replace(/^\./, "").toLowerCase();
  const d = domain.replace(/^\./, "").toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}

/**
 * Whether a host belongs to another site than `site` (the registrable domain of the scanned shop).
 *
 * @example
 * isThirdParty("cdn.shop.example", "shop.example"); // false
 * isThirdParty("connect.facebook.net", "shop.example"); // true
 */
export function isThirdParty(host: string, site: string): boolean {
  return siteOf(host) !== site;
}
