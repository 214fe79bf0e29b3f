import { hostMatches } from "../site/site-of.js";
import type { KnownPurpose } from "./known-cookies.js";

/** A well-known third-party host (and its subdomains): who runs it and what requests to it are for. */
export interface KnownHost {
  domain: string;
  provider: string;
  purpose: KnownPurpose;
  /**
   * Plumbing that serves files or runs the consent banner itself (CDNs, consent platforms, payment
   * widgets): not reported as an undeclared recipient.
   */
  infrastructure?: boolean;
}

type Row = [domain: string, provider: string, purpose: KnownPurpose, infrastructure?: true];

// Loupe's own list of hosts that shops load tags, pixels and widgets from. The most specific domain
// comes first where a provider runs several services under one registrable domain.
const ROWS: Row[] = [
  ["analytics.google.com", "Google", "analytics"],
  ["google-analytics.com", "Google", "analytics"],
  ["googletagmanager.com", "Google", "analytics"],
  ["doubleclick.net", "Google", "advertising"],
  ["googleadservices.com", "Google", "advertising"],
  ["googlesyndication.com", "Google", "advertising"],
  ["adservice.google.com", "Google", "advertising"],
  ["fonts.googleapis.com", "Google", "functional"],
  ["fonts.gstatic.com", "Google", "functional"],
  ["maps.googleapis.com", "Google", "functional"],
  ["recaptcha.net", "Google", "essential"],
  ["youtube.com", "YouTube", "social"],
  ["youtube-nocookie.com", "YouTube", "social"],
  ["ytimg.com", "YouTube", "social"],
  ["connect.facebook.net", "Meta", "advertising"],
  ["facebook.com", "Meta", "advertising"],
  ["facebook.net", "Meta", "advertising"],
  ["instagram.com", "Meta", "social"],
  ["bat.bing.com", "Microsoft Advertising", "advertising"],
  ["clarity.ms", "Microsoft Clarity", "analytics"],
  ["hotjar.com", "Hotjar", "analytics"],
  ["hotjar.io", "Hotjar", "analytics"],
  ["hs-analytics.net", "HubSpot", "analytics"],
  ["hs-scripts.com", "HubSpot", "analytics"],
  ["hs-banner.com", "HubSpot", "essential", true],
  ["hubspot.com", "HubSpot", "analytics"],
  ["hsforms.net", "HubSpot", "functional"],
  ["analytics.tiktok.com", "TikTok", "advertising"],
  ["tiktok.com", "TikTok", "advertising"],
  ["ct.pinterest.com", "Pinterest", "advertising"],
  ["pinterest.com", "Pinterest", "social"],
  ["pinimg.com", "Pinterest", "advertising"],
  ["tr.snapchat.com", "Snap", "advertising"],
  ["sc-static.net", "Snap", "advertising"],
  ["px.ads.linkedin.com", "LinkedIn", "advertising"],
  ["snap.licdn.com", "LinkedIn", "advertising"],
  ["linkedin.com", "LinkedIn", "social"],
  ["ads-twitter.com", "X", "advertising"],
  ["static.ads-twitter.com", "X", "advertising"],
  ["t.co", "X", "advertising"],
  ["twitter.com", "X", "social"],
  ["x.com", "X", "social"],
  ["redditstatic.com", "Reddit", "advertising"],
  ["reddit.com", "Reddit", "advertising"],
  ["criteo.com", "Criteo", "advertising"],
  ["criteo.net", "Criteo", "advertising"],
  ["adnxs.com", "Xandr", "advertising"],
  ["taboola.com", "Taboola", "advertising"],
  ["outbrain.com", "Outbrain", "advertising"],
  ["amazon-adsystem.com", "Amazon Ads", "advertising"],
  ["klaviyo.com", "Klaviyo", "advertising"],
  ["attn.tv", "Attentive", "advertising"],
  ["awin1.com", "Awin", "advertising"],
  ["segment.com", "Segment", "analytics"],
  ["segment.io", "Segment", "analytics"],
  ["mixpanel.com", "Mixpanel", "analytics"],
  ["amplitude.com", "Amplitude", "analytics"],
  ["matomo.cloud", "Matomo", "analytics"],
  ["visualwebsiteoptimizer.com", "VWO", "analytics"],
  ["optimizely.com", "Optimizely", "analytics"],
  ["nr-data.net", "New Relic", "analytics"],
  ["newrelic.com", "New Relic", "analytics"],
  ["sentry.io", "Sentry", "functional"],
  ["monorail-edge.shopifysvc.com", "Shopify", "analytics"],
  ["intercom.io", "Intercom", "functional"],
  ["intercomcdn.com", "Intercom", "functional"],
  ["zendesk.com", "Zendesk", "functional"],
  ["zdassets.com", "Zendesk", "functional"],
  ["yotpo.com", "Yotpo", "functional"],
  ["trustpilot.com", "Trustpilot", "functional"],
  ["bazaarvoice.com", "Bazaarvoice", "functional"],
  ["vimeo.com", "Vimeo", "functional"],
  ["vimeocdn.com", "Vimeo", "functional"],
  ["stripe.com", "Stripe", "essential", true],
  ["stripe.network", "Stripe", "essential", true],
  ["paypal.com", "PayPal", "essential", true],
  ["paypalobjects.com", "PayPal", "essential", true],
  ["klarna.com", "Klarna", "essential", true],
  ["adyen.com", "Adyen", "essential", true],
  ["cdn.shopify.com", "Shopify", "essential", true],
  ["cookielaw.org", "OneTrust", "essential", true],
  ["onetrust.com", "OneTrust", "essential", true],
  ["cookiebot.com", "Cookiebot", "essential", true],
  ["consentcdn.cookiebot.com", "Cookiebot", "essential", true],
  ["privacy-center.org", "Didomi", "essential", true],
  ["cdn-cookieyes.com", "CookieYes", "essential", true],
  ["usercentrics.eu", "Usercentrics", "essential", true],
  ["cloudflare.com", "Cloudflare", "essential", true],
  ["cdnjs.cloudflare.com", "Cloudflare", "essential", true],
  ["jsdelivr.net", "jsDelivr", "essential", true],
  ["unpkg.com", "unpkg", "essential", true],
  ["cloudfront.net", "Amazon CloudFront", "essential", true],
  ["akamaized.net", "Akamai", "essential", true],
  ["fastly.net", "Fastly", "essential", true],
];

/** Loupe's built-in list of well-known third-party hosts, most specific first. */
export const KNOWN_HOSTS: readonly KnownHost[] = ROWS.map(([domain, provider, purpose, infrastructure]) =>
  infrastructure ? { domain, provider, purpose, infrastructure } : { domain, provider, purpose },
);

/**
 * Who runs a host and what it is for, from Loupe's built-in list; the most specific listed domain wins
 * (`analytics.tiktok.com` before `tiktok.com`). `undefined` for a host the list does not know.
 *
 * @example
 * guessHost("region1.google-analytics.com"); // { domain: "google-analytics.com", provider: "Google", purpose: "analytics" }
 * guessHost("cdn.example.org"); // undefined
 */
export function guessHost(host: string): KnownHost | undefined {
  let best: KnownHost | undefined;
  for (const h of KNOWN_HOSTS) {
    if (hostMatches(host, h.domain) && (!best || h.domain.length > best.domain.length)) best = h;
  }
  return best;
}
