/**
 * Privacy rights and the jurisdictions that grant them, with the figures a notice and the deadline engine need.
 * Figures follow `shared/reference/regulations.md` (CCPA/CPRA regs, GDPR, other US state laws).
 *
 * @example
 * JURISDICTIONS["us-ca"].rights.includes("correct"); // true
 */
export const RIGHTS = {
  know: {
    title: "Right to know",
    summary: "what personal information we collect, use, disclose, sell and share",
  },
  access: {
    title: "Right of access",
    summary: "a copy of the specific pieces of personal information we hold",
  },
  portability: {
    title: "Right to data portability",
    summary: "your data in a portable, machine-readable format",
  },
  delete: { title: "Right to delete", summary: "that we delete your personal information" },
  correct: { title: "Right to correct", summary: "that we correct inaccurate personal information" },
  "opt-out-sale": {
    title: "Right to opt out of sale",
    summary: "that we do not sell your personal information",
  },
  "opt-out-share": {
    title: "Right to opt out of sharing",
    summary: "that we do not share your personal information for cross-context behavioural advertising",
  },
  "opt-out-targeted-advertising": {
    title: "Right to opt out of targeted advertising",
    summary: "that we do not process your data for targeted advertising",
  },
  "limit-sensitive": {
    title: "Right to limit the use of sensitive personal information",
    summary: "that we use sensitive personal information only as needed to provide our services",
  },
  "non-discrimination": {
    title: "Right to non-discrimination",
    summary: "that we do not treat you differently for exercising your rights",
  },
  "shine-the-light": {
    title: "Shine the Light",
    summary: "once a year, free, which third parties received your data for their own direct marketing",
  },
  appeal: { title: "Right to appeal", summary: "a review of our decision if we refuse your request" },
  rectification: { title: "Right to rectification", summary: "that we correct inaccurate personal data" },
  erasure: { title: "Right to erasure", summary: "that we erase your personal data" },
  restrict: {
    title: "Right to restrict processing",
    summary: "that we only store your data while a dispute is resolved",
  },
  object: {
    title: "Right to object",
    summary: "to processing based on legitimate interests and to direct marketing",
  },
  "withdraw-consent": {
    title: "Right to withdraw consent",
    summary: "at any time, without affecting earlier processing",
  },
  complain: { title: "Right to lodge a complaint", summary: "with a supervisory authority" },
} as const;
export type RightId = keyof typeof RIGHTS;

export interface Jurisdiction {
  title: string;
  law: string;
  rights: readonly RightId[];
  /** Days to answer a request, and the longest total after an extension. */
  responseDays: number;
  maxDays: number;
  /** Whether consent is needed before non-essential cookies (opt-in) or an opt-out regime applies. */
  cookieRegime: "opt-in" | "opt-out";
  /** Whether an opt-out preference signal (GPC) must be honoured as an opt-out of sale/sharing. */
  honoursGpc: boolean;
}

const US_STATE_RIGHTS = [
  "know",
  "access",
  "portability",
  "delete",
  "correct",
  "opt-out-sale",
  "opt-out-targeted-advertising",
  "appeal",
  "non-discrimination",
] as const satisfies readonly RightId[];

export const JURISDICTIONS = {
  "us-ca": {
    title: "California",
    law: "California Consumer Privacy Act, as amended by the CPRA",
    rights: [
      "know",
      "access",
      "delete",
      "correct",
      "opt-out-sale",
      "opt-out-share",
      "limit-sensitive",
      "non-discrimination",
      "shine-the-light",
    ],
    responseDays: 45,
    maxDays: 90,
    cookieRegime: "opt-out",
    honoursGpc: true,
  },
  "us-co": {
    title: "Colorado",
    law: "Colorado Privacy Act",
    rights: US_STATE_RIGHTS,
    responseDays: 45,
    maxDays: 90,
    cookieRegime: "opt-out",
    honoursGpc: true,
  },
  "us-ct": {
    title: "Connecticut",
    law: "Connecticut Data Privacy Act",
    rights: US_STATE_RIGHTS,
    responseDays: 45,
    maxDays: 90,
    cookieRegime: "opt-out",
    honoursGpc: true,
  },
  "us-va": {
    title: "Virginia",
    law: "Virginia Consumer Data Protection Act",
    rights: US_STATE_RIGHTS,
    responseDays: 45,
    maxDays: 90,
    cookieRegime: "opt-out",
    honoursGpc: false,
  },
  "us-tx": {
    title: "Texas",
    law: "Texas Data Privacy and Security Act",
    rights: US_STATE_RIGHTS,
    responseDays: 45,
    maxDays: 90,
    cookieRegime: "opt-out",
    honoursGpc: true,
  },
  eea: {
    title: "European Economic Area",
    law: "General Data Protection Regulation (EU) 2016/679",
    rights: [
      "access",
      "rectification",
      "erasure",
      "restrict",
      "portability",
      "object",
      "withdraw-consent",
      "complain",
    ],
    responseDays: 30,
    maxDays: 90,
    cookieRegime: "opt-in",
    honoursGpc: false,
  },
  uk: {
    title: "United Kingdom",
    law: "UK GDPR and the Data Protection Act 2018",
    rights: [
      "access",
      "rectification",
      "erasure",
      "restrict",
      "portability",
      "object",
      "withdraw-consent",
      "complain",
    ],
    responseDays: 30,
    maxDays: 90,
    cookieRegime: "opt-in",
    honoursGpc: false,
  },
  ch: {
    title: "Switzerland",
    law: "Federal Act on Data Protection (revFADP)",
    rights: ["access", "rectification", "erasure", "portability", "object", "withdraw-consent", "complain"],
    responseDays: 30,
    maxDays: 60,
    cookieRegime: "opt-out",
    honoursGpc: false,
  },
} as const satisfies Record<string, Jurisdiction>;

export type JurisdictionId = keyof typeof JURISDICTIONS;
export const JURISDICTION_IDS = Object.keys(JURISDICTIONS) as JurisdictionId[];
