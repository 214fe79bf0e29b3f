import { globMatcher } from "./glob.js";

/** The cookie purposes Loupe guesses, named like the retailer template's five purposes. */
export type KnownPurpose = "essential" | "functional" | "analytics" | "advertising" | "social";

/** A well-known cookie (or family of cookies, with `*` wildcards) and what it is for. */
export interface KnownCookie {
  pattern: string;
  purpose: KnownPurpose;
  provider: string;
}

type Row = [pattern: string, purpose: KnownPurpose, provider: string];

// Loupe's own list of cookies that trackers, analytics tools, consent platforms and shop systems set.
// A pattern with `*` covers a family (`_ga_<container id>`). Order matters only when two patterns match.
const ROWS: Row[] = [
  // Consent platforms and session/security cookies: strictly necessary.
  ["loupe_consent", "essential", "Loupe"],
  ["OptanonConsent", "essential", "OneTrust"],
  ["OptanonAlertBoxClosed", "essential", "OneTrust"],
  ["CookieConsent", "essential", "Cookiebot"],
  ["cookieyes-consent", "essential", "CookieYes"],
  ["euconsent-v2", "essential", "IAB TCF"],
  ["didomi_token", "essential", "Didomi"],
  ["cc_cookie", "essential", "CookieConsent"],
  ["klaro", "essential", "Klaro"],
  ["usprivacy", "essential", "IAB CCPA"],
  ["__cf_bm", "essential", "Cloudflare"],
  ["cf_clearance", "essential", "Cloudflare"],
  ["__cfruid", "essential", "Cloudflare"],
  ["_cfuvid", "essential", "Cloudflare"],
  ["PHPSESSID", "essential", "PHP"],
  ["JSESSIONID", "essential", "Java"],
  ["ASP.NET_SessionId", "essential", "ASP.NET"],
  ["connect.sid", "essential", "Express"],
  ["XSRF-TOKEN", "essential", "Site"],
  ["csrftoken", "essential", "Site"],
  ["_csrf", "essential", "Site"],
  ["__stripe_mid", "essential", "Stripe"],
  ["__stripe_sid", "essential", "Stripe"],
  ["cart", "essential", "Shopify"],
  ["cart_sig", "essential", "Shopify"],
  ["secure_customer_sig", "essential", "Shopify"],
  ["_secure_session_id", "essential", "Shopify"],
  ["_tracking_consent", "essential", "Shopify"],
  ["_shopify_essential", "essential", "Shopify"],
  ["frontend", "essential", "Magento"],
  ["form_key", "essential", "Magento"],
  ["woocommerce_cart_hash", "essential", "WooCommerce"],
  ["woocommerce_items_in_cart", "essential", "WooCommerce"],
  ["wp_woocommerce_session_*", "essential", "WooCommerce"],
  ["AWSALB", "essential", "Amazon Web Services"],
  ["AWSALBCORS", "essential", "Amazon Web Services"],
  // Preferences.
  ["localization", "functional", "Shopify"],
  ["cart_currency", "functional", "Shopify"],
  ["wp-wpml_current_language", "functional", "WPML"],
  ["intercom-id-*", "functional", "Intercom"],
  ["intercom-session-*", "functional", "Intercom"],
  ["__zlcmid", "functional", "Zendesk"],
  // Analytics.
  ["_ga", "analytics", "Google"],
  ["_ga_*", "analytics", "Google"],
  ["_gid", "analytics", "Google"],
  ["_gat", "analytics", "Google"],
  ["_gat_*", "analytics", "Google"],
  ["_dc_gtm_*", "analytics", "Google"],
  ["__utma", "analytics", "Google"],
  ["__utmb", "analytics", "Google"],
  ["__utmc", "analytics", "Google"],
  ["__utmt", "analytics", "Google"],
  ["__utmz", "analytics", "Google"],
  ["_hjid", "analytics", "Hotjar"],
  ["_hjSessionUser_*", "analytics", "Hotjar"],
  ["_hjSession_*", "analytics", "Hotjar"],
  ["_hjFirstSeen", "analytics", "Hotjar"],
  ["_hjIncludedInSessionSample*", "analytics", "Hotjar"],
  ["_hjAbsoluteSessionInProgress", "analytics", "Hotjar"],
  ["_hjTLDTest", "analytics", "Hotjar"],
  ["__hstc", "analytics", "HubSpot"],
  ["__hssc", "analytics", "HubSpot"],
  ["__hssrc", "analytics", "HubSpot"],
  ["hubspotutk", "analytics", "HubSpot"],
  ["_clck", "analytics", "Microsoft Clarity"],
  ["_clsk", "analytics", "Microsoft Clarity"],
  ["CLID", "analytics", "Microsoft Clarity"],
  ["ajs_anonymous_id", "analytics", "Segment"],
  ["ajs_user_id", "analytics", "Segment"],
  ["mp_*_mixpanel", "analytics", "Mixpanel"],
  ["amplitude_id*", "analytics", "Amplitude"],
  ["AMP_*", "analytics", "Amplitude"],
  ["_pk_id.*", "analytics", "Matomo"],
  ["_pk_ses.*", "analytics", "Matomo"],
  ["_pk_ref.*", "analytics", "Matomo"],
  ["_vwo_uuid*", "analytics", "VWO"],
  ["_vis_opt_*", "analytics", "VWO"],
  ["optimizelyEndUserId", "analytics", "Optimizely"],
  ["_shopify_y", "analytics", "Shopify"],
  ["_shopify_s", "analytics", "Shopify"],
  ["_shopify_sa_p", "analytics", "Shopify"],
  ["_shopify_sa_t", "analytics", "Shopify"],
  ["_landing_page", "analytics", "Shopify"],
  ["_orig_referrer", "analytics", "Shopify"],
  ["sbjs_*", "analytics", "Sourcebuster"],
  ["nr1", "analytics", "New Relic"],
  // Advertising.
  ["_fbp", "advertising", "Meta"],
  ["_fbc", "advertising", "Meta"],
  ["fr", "advertising", "Meta"],
  ["_gcl_au", "advertising", "Google"],
  ["_gcl_aw", "advertising", "Google"],
  ["_gcl_dc", "advertising", "Google"],
  ["_gcl_gb", "advertising", "Google"],
  ["_gcl_*", "advertising", "Google"],
  ["IDE", "advertising", "Google"],
  ["DSID", "advertising", "Google"],
  ["test_cookie", "advertising", "Google"],
  ["__gads", "advertising", "Google"],
  ["__gpi", "advertising", "Google"],
  ["__eoi", "advertising", "Google"],
  ["NID", "advertising", "Google"],
  ["_uetsid", "advertising", "Microsoft Advertising"],
  ["_uetvid", "advertising", "Microsoft Advertising"],
  ["MUID", "advertising", "Microsoft Advertising"],
  ["_ttp", "advertising", "TikTok"],
  ["_tt_enable_cookie", "advertising", "TikTok"],
  ["ttcsid*", "advertising", "TikTok"],
  ["_pin_unauth", "advertising", "Pinterest"],
  ["_pinterest_ct_ua", "advertising", "Pinterest"],
  ["_derived_epik", "advertising", "Pinterest"],
  ["_epik", "advertising", "Pinterest"],
  ["_scid", "advertising", "Snap"],
  ["_scid_r", "advertising", "Snap"],
  ["_sctr", "advertising", "Snap"],
  ["_rdt_uuid", "advertising", "Reddit"],
  ["li_fat_id", "advertising", "LinkedIn"],
  ["UserMatchHistory", "advertising", "LinkedIn"],
  ["AnalyticsSyncHistory", "advertising", "LinkedIn"],
  ["muc_ads", "advertising", "X"],
  ["personalization_id", "advertising", "X"],
  ["cto_bundle", "advertising", "Criteo"],
  ["cto_bidid", "advertising", "Criteo"],
  ["uuid2", "advertising", "Xandr"],
  ["anj", "advertising", "Xandr"],
  ["_kuid_", "advertising", "Salesforce DMP"],
  ["t_gid", "advertising", "Taboola"],
  ["taboola_*", "advertising", "Taboola"],
  ["obuid", "advertising", "Outbrain"],
  ["__kla_id", "advertising", "Klaviyo"],
  ["_attn_", "advertising", "Attentive"],
  ["__attentive_*", "advertising", "Attentive"],
  ["_awl", "advertising", "Awin"],
  ["AwinChannelCookie", "advertising", "Awin"],
  // Social networks.
  ["bcookie", "social", "LinkedIn"],
  ["lidc", "social", "LinkedIn"],
  ["li_gc", "social", "LinkedIn"],
  ["guest_id", "social", "X"],
  ["datr", "social", "Meta"],
  ["sb", "social", "Meta"],
  ["VISITOR_INFO1_LIVE", "social", "YouTube"],
  ["YSC", "social", "YouTube"],
  ["__pinterestSession", "social", "Pinterest"],
];

const COMPILED = ROWS.map(([pattern, purpose, provider]) => ({
  cookie: { pattern, purpose, provider } as KnownCookie,
  matches: globMatcher(pattern),
}));

/** Loupe's built-in list of well-known cookies, in match order. */
export const KNOWN_COOKIES: readonly KnownCookie[] = COMPILED.map((c) => c.cookie);

/**
 * What a cookie is probably for, from Loupe's built-in list of well-known cookie names; `undefined` for a
 * name the list does not know. Exact names win over wildcard patterns.
 *
 * @example
 * guessCookie("_gid"); // { pattern: "_gid", purpose: "analytics", provider: "Google" }
 * guessCookie("_hjSessionUser_3456")?.provider; // "Hotjar"
 * guessCookie("basket"); // undefined
 */
export function guessCookie(name: string): KnownCookie | undefined {
  const exact = COMPILED.find((c) => !c.cookie.pattern.includes("*") && c.matches(name));
  return (exact ?? COMPILED.find((c) => c.matches(name)))?.cookie;
}
