import type { RecipientRole } from "../taxonomy/data-uses.js";
import { comparable } from "./phrase-text.js";

const RULES: [RegExp, RecipientRole][] = [
  [/affiliat|subsidiar|\bentities\b|group compan|parent compan/, "affiliate"],
  [/public authorit|law enforcement|government|regulator|\bcourts?\b|tax authorit/, "public-authority"],
  [/contractors?\b/, "contractor"],
  [/service providers?|\bproviders?\b|processors?\b|vendors?\b|suppliers?\b|carriers?\b/, "service-provider"],
  [/partners?\b|platforms?\b|third[- ]part|advertis|networks?\b|social media|data brokers?/, "third-party"],
];

/** The words the notice layout writes for each role (`docs/notice-layout.md`, "Who Receives Personal Information"). */
export const ROLE_WORDS: Record<string, RecipientRole> = {
  "service provider": "service-provider",
  contractor: "contractor",
  "third party": "third-party",
  affiliate: "affiliate",
  "public authority": "public-authority",
};

/**
 * The role of a recipient inferred from the words of its title: "service providers" → service provider,
 * "social media platform" or "advertising partners" → third party, "affiliated entities" → affiliate.
 *
 * @example
 * recipientRoleOf("Payment service providers"); // "service-provider"
 * recipientRoleOf("The social media platform on which you interact with us"); // "third-party"
 */
export function recipientRoleOf(title: string): RecipientRole | undefined {
  const t = comparable(title);
  return RULES.find(([re]) => re.test(t))?.[1];
}
