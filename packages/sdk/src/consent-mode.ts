/**
 * Google Consent Mode v2: which storage signals each cookie purpose of the data map turns on.
 * `security_storage` serves strictly necessary purposes and is always granted.
 */

/** Consent Mode signal → the purpose that grants it. */
const SIGNALS =
  "ad_storage:advertising ad_user_data:advertising ad_personalization:advertising analytics_storage:analytics functionality_storage:functional personalization_storage:functional";

/**
 * The Consent Mode v2 signals for the purposes granted.
 *
 * @example
 * consentSignals(["essential", "analytics"]).analytics_storage; // "granted"
 * consentSignals(["essential", "analytics"]).ad_user_data; // "denied"
 */
export function consentSignals(granted: string[]): Record<string, string> {
  const o: Record<string, string> = { security_storage: "granted" };
  for (const s of SIGNALS.split(" ")) {
    const [k, p] = s.split(":") as [string, string];
    o[k] = granted.includes(p) ? "granted" : "denied";
  }
  return o;
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
