import type { CcpaCategory } from "./ccpa-categories.js";

/** One data category of the taxonomy: a dotted fideslang-compatible key, a notice label and its CCPA category. */
export interface DataCategory {
  key: string;
  label: string;
  ccpa: CcpaCategory;
  /** Sensitive personal information (CPRA §1798.140(ae)) / GDPR Art. 9 special category. */
  sensitive?: boolean;
  /** Keys Loupe adds for retail that are not in the public fideslang taxonomy. */
  retail?: boolean;
}

type Row = [
  key: string,
  label: string,
  ccpa: CcpaCategory,
  flags?: "sensitive" | "retail" | "sensitive,retail",
];

// Keys and parents follow the public fideslang default taxonomy; `retail` rows are Loupe's additions under its parents.
const ROWS: Row[] = [
  ["system", "System data", "internet-activity"],
  ["system.authentication", "Authentication data", "internet-activity"],
  ["system.operations", "Operations data", "internet-activity"],
  ["user", "Personal information", "identifiers"],
  ["user.account", "Account information", "identifiers"],
  ["user.account.username", "Your account user name", "identifiers"],
  ["user.authorization", "Account log-in credentials", "sensitive", "sensitive"],
  ["user.authorization.credentials", "Your account password or log-in credentials", "sensitive", "sensitive"],
  ["user.behavior", "Your activity on our site", "internet-activity"],
  ["user.behavior.browsing_history", "Your product browsing history", "internet-activity"],
  ["user.behavior.media_consumption", "Media you view", "internet-activity"],
  ["user.behavior.purchase_history", "Your order details", "commercial"],
  ["user.behavior.search_history", "Your searches on our site", "internet-activity"],
  ["user.behavior.wishlist", "Information provided through your Wishlist", "commercial", "retail"],
  ["user.behavior.server_log", "Information gathered through web server logs", "internet-activity", "retail"],
  ["user.biometric", "Biometric data", "biometric", "sensitive"],
  ["user.childrens", "Children's data", "sensitive", "sensitive"],
  ["user.contact", "Your contact details", "identifiers"],
  ["user.contact.address", "Your physical address", "customer-records"],
  ["user.contact.address.city", "Your city", "customer-records"],
  ["user.contact.address.country", "Your country", "customer-records"],
  ["user.contact.address.postal_code", "Your postal code", "customer-records"],
  ["user.contact.address.state", "Your state", "customer-records"],
  ["user.contact.address.street", "Your street address", "customer-records"],
  ["user.contact.email", "Your e-mail address", "identifiers"],
  ["user.contact.phone_number", "Your phone number", "identifiers"],
  ["user.contact.url", "Your website", "identifiers"],
  ["user.contact.fax_number", "Your fax number", "identifiers"],
  ["user.contact.organization", "Your organisation", "professional"],
  ["user.contact.referral", "Your friend's name and e-mail address", "identifiers", "retail"],
  ["user.content", "Content you submit", "sensory"],
  ["user.content.public", "Content you make public", "sensory"],
  ["user.content.private", "Private messages you send us", "sensory"],
  ["user.content.review", "Your review of our product and any pictures you submit", "sensory", "retail"],
  ["user.content.call_recording", "Recordings of your calls", "sensory", "retail"],
  ["user.content.social_post", "The content of your social media post", "sensory", "retail"],
  ["user.demographic", "Demographic information", "protected-characteristics"],
  ["user.demographic.age_range", "Your age range", "protected-characteristics"],
  ["user.demographic.date_of_birth", "Your date of birth", "protected-characteristics"],
  ["user.demographic.gender", "Your gender", "protected-characteristics"],
  ["user.demographic.language", "Your language", "protected-characteristics"],
  ["user.demographic.marital_status", "Your marital status", "protected-characteristics"],
  ["user.demographic.political_opinion", "Your political opinions", "sensitive", "sensitive"],
  ["user.demographic.profile", "Your preferences and interests", "inferences"],
  ["user.demographic.race_ethnicity", "Your racial or ethnic origin", "sensitive", "sensitive"],
  ["user.demographic.religious_belief", "Your religious beliefs", "sensitive", "sensitive"],
  ["user.demographic.sexual_orientation", "Your sexual orientation", "sensitive", "sensitive"],
  ["user.device", "Device and browser information", "identifiers"],
  ["user.device.cookie", "Information gathered through cookies", "internet-activity"],
  ["user.device.cookie_id", "Cookie identifiers", "identifiers"],
  ["user.device.device_id", "Device identifiers", "identifiers"],
  ["user.device.ip_address", "Your IP address", "identifiers"],
  ["user.financial", "Financial information", "customer-records"],
  ["user.financial.bank_account", "Your bank account details", "sensitive", "sensitive"],
  ["user.financial.credit_card", "Your payment card details", "customer-records"],
  ["user.payment", "Your payment information", "customer-records"],
  ["user.location", "Location information", "geolocation"],
  ["user.location.imprecise", "General location information", "geolocation"],
  ["user.location.precise", "Precise location", "sensitive", "sensitive"],
  ["user.name", "Your full name", "identifiers"],
  ["user.name.first", "Your first name", "identifiers"],
  ["user.name.last", "Your last name", "identifiers"],
  ["user.social", "Your social media username", "identifiers"],
  ["user.unique_id", "Unique identifiers", "identifiers"],
  ["user.unique_id.pseudonymous", "Pseudonymous identifiers", "identifiers"],
  ["user.telemetry", "Telemetry", "internet-activity"],
  ["user.sensor", "Sensor data", "sensory"],
  ["user.user_sensor", "Sensor data from your device", "sensory"],
  ["user.workplace", "Your workplace", "professional"],
  ["user.job_title", "Your job title", "professional"],
  ["user.government_id", "Government identifiers", "sensitive", "sensitive"],
  ["user.government_id.birth_certificate", "Birth certificate", "sensitive", "sensitive"],
  ["user.government_id.drivers_license_number", "Driver's licence number", "sensitive", "sensitive"],
  ["user.government_id.immigration_number", "Immigration number", "sensitive", "sensitive"],
  [
    "user.government_id.national_identification_number",
    "National identification number",
    "sensitive",
    "sensitive",
  ],
  ["user.government_id.passport_number", "Passport number", "sensitive", "sensitive"],
  ["user.government_id.vehicle_registration", "Vehicle registration", "sensitive", "sensitive"],
  ["user.health_and_medical", "Health and medical data", "sensitive", "sensitive"],
  ["user.health_and_medical.genetic", "Genetic data", "sensitive", "sensitive"],
  [
    "user.health_and_medical.insurance_beneficiary_id",
    "Health insurance identifier",
    "sensitive",
    "sensitive",
  ],
  ["user.health_and_medical.record_id", "Medical record identifier", "sensitive", "sensitive"],
  ["user.criminal_history", "Criminal history", "sensitive", "sensitive"],
  ["user.privacy_preferences", "Your privacy choices", "internet-activity"],
];

/**
 * The built-in data categories, keyed by dotted key.
 *
 * @example
 * DATA_CATEGORIES.get("user.contact.email")?.ccpa; // "identifiers"
 */
export const DATA_CATEGORIES: ReadonlyMap<string, DataCategory> = new Map(
  ROWS.map(([key, label, ccpa, flags]) => {
    const c: DataCategory = { key, label, ccpa };
    if (flags?.includes("sensitive")) c.sensitive = true;
    if (flags?.includes("retail")) c.retail = true;
    return [key, c];
  }),
);
