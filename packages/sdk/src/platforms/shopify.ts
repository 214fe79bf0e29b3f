/**
 * The Shopify storefront adapter: mirrors each Loupe choice into Shopify's Customer Privacy API, so Shopify's
 * own surfaces (pixels, Audiences, checkout) follow the visitor's choice. Load it after the head snippet, on
 * Shopify only (the theme app embed `shopify-app-embed.liquid` does both):
 *
 *     <script src="https://loupe.example/sdk/snippet.js" data-endpoint="https://loupe.example"></script>
 *     <script src="https://loupe.example/sdk/shopify.js" defer></script>
 *
 * Mapping (Shopify's `setTrackingConsent` takes booleans): analytics → `analytics`; advertising or social →
 * `marketing`; functional → `preferences`; Do Not Sell or Share → `sale_of_data: false`: the purposes that sell or
 * share (`data-sale-purposes` on the adapter's script tag, default `advertising`) are not granted, or the browser
 * sends Global Privacy Control. It calls Shopify only when the visitor has a choice in force
 * and that choice differs from what Shopify holds, so a page load never changes Shopify's record by itself.
 * Theme scripts stay gated by Loupe (`type="text/plain" data-loupe-purpose="…"`): Shopify's API governs only
 * Shopify's own trackers. After each call Shopify's `consentId()` is kept in `window.loupeShopify.consentId`
 * and announced with a `loupe:shopify-consent` event, for the receipt to carry it.
 */
import type { LoupeState } from "../core.js";

/** What `setTrackingConsent` receives. */
export interface ShopifyTrackingConsent {
  analytics: boolean;
  marketing: boolean;
  preferences: boolean;
  sale_of_data: boolean;
}

interface CustomerPrivacy {
  setTrackingConsent(consent: ShopifyTrackingConsent, done?: (result?: { error?: string }) => void): void;
  currentVisitorConsent?(): Record<string, string>;
  consentId?(): string;
}

interface ShopifyGlobal {
  customerPrivacy?: CustomerPrivacy;
  loadFeatures?(features: { name: string; version: string }[], done: (error?: unknown) => void): void;
}

interface LoupeLike {
  get(): LoupeState;
  on(event: "change", fn: (state: LoupeState) => void): void;
}

/**
 * Maps the consent in force to Shopify's four purposes; `salePurposes` are the purposes that sell or share.
 *
 * @example
 * trackingConsent({ granted: ["essential", "analytics", "social"], decided: true, gpc: false });
 * // { analytics: true, marketing: true, preferences: false, sale_of_data: false }
 */
export function trackingConsent(
  state: LoupeState,
  salePurposes: string[] = ["advertising"],
): ShopifyTrackingConsent {
  const has = (id: string) => state.granted.includes(id);
  return {
    analytics: has("analytics"),
    marketing: has("advertising") || has("social"),
    preferences: has("functional"),
    sale_of_data: salePurposes.some(has) && !state.gpc,
  };
}

try {
  const w = window as unknown as {
    Shopify?: ShopifyGlobal;
    loupe?: LoupeLike;
    loupeShopify?: { consentId?: string };
  };
  w.loupeShopify = {};
  const sale = (document.currentScript as HTMLScriptElement | null)?.dataset.salePurposes
    ?.split(" ")
    .filter(Boolean);
  /** Runs `fn` with the Customer Privacy API, loading it first if needed (waits up to 10 s for `window.Shopify`). */
  const withPrivacy = (fn: (cp: CustomerPrivacy) => void, tries = 100): void => {
    const s = w.Shopify;
    if (s?.customerPrivacy) {
      fn(s.customerPrivacy);
      return;
    }
    if (s?.loadFeatures) {
      s.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], (error) => {
        if (!error && s.customerPrivacy) fn(s.customerPrivacy);
      });
      return;
    }
    if (tries > 0) setTimeout(() => withPrivacy(fn, tries - 1), 100);
  };
  const push = (state: LoupeState) => {
    if (!state.decided) return;
    withPrivacy((cp) => {
      const want = trackingConsent(state, sale);
      const held = cp.currentVisitorConsent?.() || {};
      const same = (Object.keys(want) as (keyof ShopifyTrackingConsent)[]).every(
        (k) => held[k] === (want[k] ? "yes" : "no"),
      );
      if (same) return;
      cp.setTrackingConsent(want, () => {
        const id = cp.consentId?.();
        (w.loupeShopify as { consentId?: string }).consentId = id;
        document.dispatchEvent(
          new CustomEvent("loupe:shopify-consent", { detail: { consentId: id, consent: want } }),
        );
      });
    });
  };
  w.loupe?.on("change", push);
} catch {
  // Never throw into the shop's page.
}
