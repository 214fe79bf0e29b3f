/** One data use (purpose) of the taxonomy: a dotted fideslang-compatible key and its label. */
export interface DataUse {
  key: string;
  label: string;
  /** Counts as selling or sharing (cross-context behavioural advertising) under the CCPA when the recipient is a third party. */
  saleOrShare?: boolean;
  retail?: boolean;
}

type Row = [key: string, label: string, flags?: "sale" | "retail"];

const ROWS: Row[] = [
  ["analytics", "Analytics"],
  ["analytics.reporting", "Reporting"],
  ["analytics.reporting.ad_performance", "Measuring advertising performance"],
  ["analytics.reporting.campaign_insights", "Measuring marketing campaigns"],
  ["analytics.reporting.content_performance", "Measuring content performance"],
  ["analytics.reporting.system_performance", "Measuring site performance"],
  ["collect", "Collecting data to train or improve"],
  ["employment", "Employment"],
  ["essential", "Providing the service"],
  ["essential.fraud_detection", "Detecting and preventing fraud"],
  ["essential.legal_obligation", "Complying with the law"],
  ["essential.service", "Providing the services you request"],
  ["essential.service.authentication", "Signing you in"],
  ["essential.service.notifications", "Sending service notifications"],
  ["essential.service.notifications.email", "Sending service e-mails"],
  ["essential.service.notifications.sms", "Sending service text messages"],
  ["essential.service.operations", "Operating the service"],
  ["essential.service.operations.support", "Customer support"],
  ["essential.service.operations.improve", "Improving the service"],
  ["essential.service.payment_processing", "Processing payments"],
  ["essential.service.security", "Keeping the service secure"],
  ["essential.service.upgrades", "Upgrade programme"],
  ["essential.service.warranty", "Warranty and after-sales services", "retail"],
  ["essential.service.returns", "Returns", "retail"],
  ["essential.service.shipping", "Shipping and order tracking", "retail"],
  ["essential.service.appointments", "Appointments", "retail"],
  ["essential.service.reviews", "Publishing product reviews", "retail"],
  ["finance", "Finance"],
  ["functional", "Functionality"],
  ["functional.storage", "Storing data on your device"],
  ["functional.storage.privacy_preferences", "Remembering your privacy choices"],
  ["functional.service", "Site features"],
  ["functional.service.improve", "Improving site features"],
  ["marketing", "Marketing"],
  ["marketing.advertising", "Advertising"],
  ["marketing.advertising.first_party", "First-party advertising"],
  ["marketing.advertising.first_party.contextual", "Contextual advertising"],
  ["marketing.advertising.first_party.targeted", "Targeted first-party advertising"],
  ["marketing.advertising.frequency_capping", "Frequency capping"],
  ["marketing.advertising.negative_targeting", "Negative targeting"],
  ["marketing.advertising.profiling", "Advertising profiling", "sale"],
  ["marketing.advertising.serving", "Serving advertisements"],
  ["marketing.advertising.third_party", "Third-party advertising", "sale"],
  ["marketing.advertising.third_party.targeted", "Cross-context behavioural advertising", "sale"],
  ["marketing.communications", "Marketing communications"],
  ["marketing.communications.email", "Marketing e-mails"],
  ["marketing.communications.sms", "Marketing text messages"],
  ["marketing.communications.phone", "Marketing calls", "retail"],
  ["marketing.communications.post", "Marketing by post", "retail"],
  ["marketing.promotions", "Contests, sweepstakes and promotions", "retail"],
  ["marketing.referral", "Sharing products with a friend", "retail"],
  ["operations", "Operations"],
  ["personalize", "Personalisation"],
  ["personalize.content", "Personalised content"],
  ["personalize.content.limited", "Limited personalisation"],
  ["personalize.content.profiled", "Profiled personalisation"],
  ["personalize.content.profiling", "Profiling for personalisation"],
  ["personalize.profiling", "Profiling"],
  ["personalize.system", "Personalising the system"],
  ["sales", "Sales"],
  ["third_party_sharing", "Sharing with third parties", "sale"],
  ["third_party_sharing.legal_obligation", "Disclosures required by law"],
  ["train_ai_system", "Training AI systems"],
];

/**
 * The built-in data uses, keyed by dotted key.
 *
 * @example
 * DATA_USES.get("essential.fraud_detection")?.label; // "Detecting and preventing fraud"
 */
export const DATA_USES: ReadonlyMap<string, DataUse> = new Map(
  ROWS.map(([key, label, flags]) => {
    const u: DataUse = { key, label };
    if (flags === "sale") u.saleOrShare = true;
    if (flags === "retail") u.retail = true;
    return [key, u];
  }),
);

/** GDPR Art. 6(1) lawful bases. */
export const LAWFUL_BASES = {
  consent: { article: "Art. 6(1)(a)", title: "Consent" },
  contract: { article: "Art. 6(1)(b)", title: "Performance of a contract" },
  legal_obligation: { article: "Art. 6(1)(c)", title: "Legal obligation" },
  vital_interests: { article: "Art. 6(1)(d)", title: "Vital interests" },
  public_interest: { article: "Art. 6(1)(e)", title: "Public task" },
  legitimate_interests: { article: "Art. 6(1)(f)", title: "Legitimate interests" },
} as const;
export type LawfulBasis = keyof typeof LAWFUL_BASES;

/** Kinds of recipient (CCPA roles; GDPR processors are service providers / contractors). */
export const RECIPIENT_ROLES = {
  "service-provider": "Service provider (processes data on our behalf under contract)",
  contractor: "Contractor",
  "third-party": "Third party",
  affiliate: "Affiliated company",
  "public-authority": "Public authority",
} as const;
export type RecipientRole = keyof typeof RECIPIENT_ROLES;

/** Cookie purposes of the retailer template (five general purposes), with the purpose that is always on. */
export const COOKIE_PURPOSES = {
  essential: { title: "Essential Operational", required: true },
  functional: { title: "Performance and Functionality", required: false },
  analytics: { title: "Analytics, Customization and Security", required: false },
  advertising: { title: "Targeting/advertising", required: false },
  social: { title: "Social networking", required: false },
} as const;
export type CookiePurposeId = keyof typeof COOKIE_PURPOSES;

/** Kinds of programme a retailer runs whose benefits depend on keeping data. */
export const PROGRAMME_KINDS = ["warranty", "upgrade", "loyalty", "other"] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];

/** Sources of personal information (CCPA "categories of sources"). */
export const SOURCES = {
  consumer: "Directly from you",
  automatic: "Automatically from your device when you use our site",
  "service-providers": "From our service providers",
  partners: "From our partners and affiliates",
  public: "From publicly available sources",
  "social-media": "From social media platforms",
} as const;
export type SourceId = keyof typeof SOURCES;

/** Ways a person can reach the organisation to exercise rights. */
export const CONTACT_METHODS = [
  "email",
  "phone",
  "toll-free-phone",
  "web-form",
  "post",
  "in-person",
] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
