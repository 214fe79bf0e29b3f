import type { Recipient } from "../map/data-map-schema.js";
import type { RecipientRole } from "../taxonomy/data-uses.js";

/** The words the notice uses for each recipient role. */
export const ROLE_WORDS: Record<RecipientRole, string> = {
  "service-provider": "service provider",
  contractor: "contractor",
  "third-party": "third party",
  affiliate: "affiliate",
  "public-authority": "public authority",
};

/** The words for a recipient that receives data for cross-context behavioural advertising. */
export const SHARED_WORDS = "shared for cross-context behavioural advertising";

/**
 * The parenthesised part of a recipient bullet: role words, then `sold`, then the sharing words, joined by
 * `; `. Empty when the recipient has no role and neither buys nor shares.
 *
 * @example
 * recipientQualifiers({ id: "ads", title: "Ad partners", role: "third-party", sells: true, shares: true });
 * // "third party; sold; shared for cross-context behavioural advertising"
 */
export function recipientQualifiers(r: Pick<Recipient, "role" | "sells" | "shares">): string {
  const parts: string[] = [];
  if (r.role) parts.push(ROLE_WORDS[r.role]);
  if (r.sells) parts.push("sold");
  if (r.shares) parts.push(SHARED_WORDS);
  return parts.join("; ");
}

/**
 * A recipient as the notice lists it: `{title} ({role words}{; sold}{; shared for cross-context behavioural advertising})`.
 *
 * @example
 * describeRecipient({ id: "pay", title: "Payment service providers", role: "service-provider", sells: false, shares: false });
 * // "Payment service providers (service provider)"
 */
export function describeRecipient(r: Pick<Recipient, "title" | "role" | "sells" | "shares">): string {
  const q = recipientQualifiers(r);
  return q ? `${r.title} (${q})` : r.title;
}
