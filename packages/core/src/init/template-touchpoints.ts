import type { LawfulBasis, SourceId } from "../taxonomy/data-uses.js";

/** A touchpoint of the retailer template, as `loupe init` writes it (`{org}` stands for the shop's name). */
export interface TemplateTouchpoint {
  id: string;
  title: string;
  sources: SourceId[];
  collects: (string | { category: string; text?: string; subject?: string })[];
  purposes: { text: string; use: string; basis: LawfulBasis; programme?: string; adsOnly?: boolean }[];
  shares_with: string[];
  consequences: { text: string; programme?: string }[];
}

/**
 * The eight touchpoints of the retailer privacy-policy template (site visits, site features, purchases,
 * consultants, marketing, reviews, social media, appointments), with their usual data, purposes, lawful bases,
 * recipients and consequences. Purposes marked `adsOnly` are written only for shops whose ad partners collect
 * cookie ids.
 *
 * @example
 * TEMPLATE_TOUCHPOINTS.map((t) => t.id); // ["navigate-site", "site-features", "purchase", …]
 */
export const TEMPLATE_TOUCHPOINTS: readonly TemplateTouchpoint[] = [
  {
    id: "navigate-site",
    title: "When You Navigate to Our Site",
    sources: ["automatic"],
    collects: [
      {
        category: "user.device.cookie",
        text: "Information gathered through cookies and other tracking technology",
      },
      "user.device",
      "user.behavior.server_log",
      "user.location.imprecise",
    ],
    purposes: [
      {
        text: "To run essential features on the site",
        use: "essential.service",
        basis: "legitimate_interests",
      },
      {
        text: "To optimize the performance of the site",
        use: "analytics.reporting.system_performance",
        basis: "consent",
      },
      {
        text: "To detect security issues and prevent fraud",
        use: "essential.fraud_detection",
        basis: "legitimate_interests",
      },
      {
        text: "To offer you personalized content and advertising",
        use: "marketing.advertising.third_party.targeted",
        basis: "consent",
        adsOnly: true,
      },
    ],
    shares_with: ["site-optimization", "site-security", "marketing-providers", "ad-partners"],
    consequences: [{ text: "The Site may not run correctly" }],
  },
  {
    id: "site-features",
    title: "When You Interact with Features on Our Site",
    sources: ["consumer", "automatic"],
    collects: ["user.device.cookie", "user.behavior.browsing_history", "user.behavior.wishlist"],
    purposes: [
      {
        text: "To provide you information on items you added to your Wishlist or viewed recently",
        use: "functional.service",
        basis: "contract",
      },
      {
        text: "To provide and improve our services and product offerings",
        use: "functional.service.improve",
        basis: "legitimate_interests",
      },
    ],
    shares_with: ["feature-providers"],
    consequences: [
      { text: "We will not be able to provide you with personalized content" },
      { text: "Some features on our site will not be able to run" },
    ],
  },
  {
    id: "purchase",
    title: "When You Make a Purchase with Us",
    sources: ["consumer"],
    collects: [
      "user.name",
      "user.contact.phone_number",
      "user.contact.email",
      "user.contact.address",
      "user.payment",
    ],
    purposes: [
      {
        text: "To facilitate your purchase and provide the services you request",
        use: "essential.service",
        basis: "contract",
      },
      {
        text: "To facilitate your warranty or other services such as cleanings, repairs, or resizes of your products",
        use: "essential.service.warranty",
        basis: "contract",
        programme: "warranty",
      },
      { text: "To confirm and track your order", use: "essential.service.shipping", basis: "contract" },
      { text: "To facilitate returns", use: "essential.service.returns", basis: "contract" },
      {
        text: "To detect and prevent fraud and other abuse",
        use: "essential.fraud_detection",
        basis: "legitimate_interests",
      },
    ],
    shares_with: ["payment-providers", "shipping-providers", "fraud-providers"],
    consequences: [
      { text: "You will not be able to make a purchase" },
      { text: "You will not have access to our warranty or other services", programme: "warranty" },
      { text: "You will not be able to return a product" },
    ],
  },
  {
    id: "consultants",
    title: "When You Contact Our Consultants via Phone, E-Mail, Chat, or in Person",
    sources: ["consumer"],
    collects: [
      "user.name",
      "user.contact.phone_number",
      "user.contact.email",
      "user.contact.address",
      "user.behavior.purchase_history",
      "user.content.call_recording",
    ],
    purposes: [
      { text: "To help you complete an order", use: "essential.service", basis: "contract" },
      {
        text: "To respond to your comments, inquiries, and requests",
        use: "essential.service.operations.support",
        basis: "legitimate_interests",
      },
      {
        text: "To improve our customer experience",
        use: "essential.service.operations.improve",
        basis: "legitimate_interests",
      },
    ],
    shares_with: ["telecom-providers"],
    consequences: [{ text: "You will not be able to communicate with our Customer Service team" }],
  },
  {
    id: "marketing",
    title:
      "When You Submit Information for Marketing Purposes, to Share Items with a Friend or for Participation in Sweepstakes",
    sources: ["consumer"],
    collects: ["user.name", "user.contact.email", { category: "user.contact.referral", subject: "friend" }],
    purposes: [
      {
        text: "To provide you with information and offers relevant to you",
        use: "marketing.communications.email",
        basis: "consent",
      },
      {
        text: "To allow you to share {org} products with your friends",
        use: "marketing.referral",
        basis: "consent",
      },
      {
        text: "To administer and fulfill our contests and other promotions",
        use: "marketing.promotions",
        basis: "contract",
      },
    ],
    shares_with: ["sweepstakes-providers", "marketing-providers"],
    consequences: [
      { text: "You will not receive updates from {org}" },
      { text: "You will not be able to participate in any contests, sweepstakes, or other promotions" },
      { text: "You will not be able to share products with your friends" },
    ],
  },
  {
    id: "review",
    title: "When You Review a Product",
    sources: ["consumer"],
    collects: ["user.name", "user.contact.email", "user.content.review"],
    purposes: [
      {
        text: "To provide other customers with reviews of our products",
        use: "essential.service.reviews",
        basis: "consent",
      },
      {
        text: "To provide and improve our services and product offerings",
        use: "functional.service.improve",
        basis: "legitimate_interests",
      },
    ],
    shares_with: ["review-providers"],
    consequences: [{ text: "You will not be able to post a review of {org} products" }],
  },
  {
    id: "social-media",
    title: "When You Interact with Us via Social Media",
    sources: ["social-media"],
    collects: ["user.name", "user.social", "user.content.social_post"],
    purposes: [
      {
        text: "To provide you with information and offers relevant to you",
        use: "marketing",
        basis: "legitimate_interests",
      },
      {
        text: "To respond to your comments, inquiries, and requests",
        use: "essential.service.operations.support",
        basis: "legitimate_interests",
      },
    ],
    shares_with: ["social-platforms"],
    consequences: [{ text: "You will not be able to interact with {org} on social media" }],
  },
  {
    id: "appointment",
    title: "When You Book an Appointment at Our Showrooms",
    sources: ["consumer"],
    collects: ["user.name", "user.contact.email"],
    purposes: [
      {
        text: "To process your request for an appointment",
        use: "essential.service.appointments",
        basis: "contract",
      },
    ],
    shares_with: ["scheduling-providers"],
    consequences: [{ text: "You will not be able to book an appointment" }],
  },
];

/** The ids of the template's touchpoints, in order. */
export const TEMPLATE_TOUCHPOINT_IDS: readonly string[] = TEMPLATE_TOUCHPOINTS.map((t) => t.id);

/** The recipients the template's touchpoints share with. `ad-partners` is written only for shops that sell. */
export const TEMPLATE_RECIPIENTS: readonly {
  id: string;
  title: string;
  role: "service-provider" | "third-party";
}[] = [
  { id: "site-optimization", title: "Site optimization service providers", role: "service-provider" },
  { id: "site-security", title: "Site security service providers", role: "service-provider" },
  { id: "marketing-providers", title: "Marketing service providers", role: "service-provider" },
  {
    id: "feature-providers",
    title: "Service providers who power the features on our Site",
    role: "service-provider",
  },
  { id: "payment-providers", title: "Payment service providers", role: "service-provider" },
  { id: "shipping-providers", title: "Shipping providers", role: "service-provider" },
  { id: "fraud-providers", title: "Fraud and security service providers", role: "service-provider" },
  {
    id: "telecom-providers",
    title: "Our telecommunications and call recording service providers",
    role: "service-provider",
  },
  { id: "sweepstakes-providers", title: "Our sweepstakes service providers", role: "service-provider" },
  { id: "review-providers", title: "Our product review service providers", role: "service-provider" },
  {
    id: "scheduling-providers",
    title: "Our appointment scheduling service providers",
    role: "service-provider",
  },
  {
    id: "social-platforms",
    title: "The social media platform on which you interact with us",
    role: "third-party",
  },
];

/** Starting retention rules; `loupe init` keeps the categories the chosen touchpoints collect. */
export const TEMPLATE_RETENTION: readonly {
  categories: string[];
  period: string;
  from?: string;
  reason?: string;
  programme?: string;
}[] = [
  { categories: ["user.payment"], period: "7y", from: "the order date", reason: "tax and accounting law" },
  {
    categories: ["user.name", "user.contact.email", "user.contact.phone_number", "user.contact.address"],
    period: "until-request",
    reason: "warranty and after-sales services",
    programme: "warranty",
  },
  {
    categories: ["user.behavior.purchase_history"],
    period: "7y",
    from: "the order date",
    reason: "tax and accounting law",
  },
  {
    categories: ["user.device", "user.device.cookie", "user.behavior.server_log", "user.location.imprecise"],
    period: "13mo",
    from: "collection",
  },
  {
    categories: ["user.behavior.browsing_history", "user.behavior.wishlist"],
    period: "2y",
    from: "your last visit",
  },
  { categories: ["user.content.call_recording"], period: "90d", from: "the call" },
  { categories: ["user.contact.referral"], period: "30d", from: "the referral e-mail being sent" },
  { categories: ["user.content.review", "user.social", "user.content.social_post"], period: "until-request" },
];
