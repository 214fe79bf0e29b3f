/**
 * The statutory categories of personal information of Cal. Civ. Code §1798.140(v)(1), which a CCPA notice must
 * list. Every data category of the taxonomy maps to one of these.
 *
 * @example
 * CCPA_CATEGORIES.identifiers.title; // "Identifiers"
 */
export const CCPA_CATEGORIES = {
  identifiers: {
    title: "Identifiers",
    examples:
      "name, postal address, e-mail address, phone number, online identifier, IP address, account name",
  },
  "customer-records": {
    title: "Customer records (Cal. Civ. Code §1798.80(e))",
    examples:
      "name, signature, address, telephone number, payment card number and other financial information",
  },
  "protected-characteristics": {
    title: "Characteristics of protected classifications",
    examples: "age, gender, marital status",
  },
  commercial: {
    title: "Commercial information",
    examples: "products purchased, obtained or considered, purchasing histories",
  },
  biometric: { title: "Biometric information", examples: "fingerprints, face and voice prints" },
  "internet-activity": {
    title: "Internet or other electronic network activity information",
    examples: "browsing history, search history, interactions with our site, apps and advertisements",
  },
  geolocation: { title: "Geolocation data", examples: "general location derived from an IP address" },
  sensory: {
    title: "Audio, electronic, visual or similar information",
    examples: "call recordings, photos you submit",
  },
  professional: { title: "Professional or employment-related information", examples: "job title, employer" },
  education: { title: "Education information", examples: "non-public education records" },
  inferences: {
    title: "Inferences drawn to create a profile",
    examples: "preferences, characteristics, behaviour",
  },
  sensitive: {
    title: "Sensitive personal information",
    examples: "account log-in with password, precise geolocation, government identifiers, health data",
  },
} as const;

export type CcpaCategory = keyof typeof CCPA_CATEGORIES;
export const CCPA_CATEGORY_IDS = Object.keys(CCPA_CATEGORIES) as CcpaCategory[];
