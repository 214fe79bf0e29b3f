/**
 * Google Consent Mode v2: which storage signals each cookie purpose of the data map turns on.
 * `security_storage` serves strictly necessary purposes and is always granted.
 */

/**
 * The Consent Mode v2 signals for the purposes granted: `advertising` → `ad_storage`, `ad_user_data`,
 * `ad_personalization`; `analytics` → `analytics_storage`; `functional` → `functionality_storage`,
 * `personalization_storage`.
 *
 * @example
 * consentSignals(["essential", "analytics"]).analytics_storage; // "granted"
 * consentSignals(["essential", "analytics"]).ad_user_data; // "denied"
 */
export function consentSignals(granted: string[]): Record<string, string> {
  const v = (p: string) => (granted.includes(p) ? "granted" : "denied");
  const ad = v("advertising");
  const fn = v("functional");
  return {
    ad_storage: ad,
    ad_user_data: ad,
    ad_personalization: ad,
    analytics_storage: v("analytics"),
    functionality_storage: fn,
    personalization_storage: fn,
    security_storage: "granted",
  };
}

/**
 * Sends a command to Google's tag through the page's `dataLayer`, defining the standard `gtag` function
 * when the page has not yet done so (tags loaded later read the queue in order).
 *
 * @example
 * gtag("consent", "default", consentSignals([]));
 */
export function gtag(...args: unknown[]): void {
  const w = window as unknown as { dataLayer?: unknown[]; gtag?: (...a: unknown[]) => void };
  w.dataLayer = w.dataLayer || [];
  const q = w.dataLayer;
  w.gtag =
    w.gtag ||
    function () {
      // biome-ignore lint/complexity/noArguments: gtag.js reads an `arguments` object, not an array
      q.push(arguments);
    };
  w.gtag(...args);
}
