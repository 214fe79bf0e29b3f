import { z } from "zod";
import { JURISDICTION_IDS, RIGHTS } from "../law/jurisdictions.js";
import { CCPA_CATEGORY_IDS } from "../taxonomy/ccpa-categories.js";
import {
  CONTACT_METHODS,
  LAWFUL_BASES,
  PROGRAMME_KINDS,
  RECIPIENT_ROLES,
  SOURCES,
} from "../taxonomy/data-uses.js";
import { SystemSchema } from "./systems-schema.js";

/**
 * The schema of `loupe.yaml`, the data map: Loupe's one source of truth. Every other part (notice, consent,
 * rights, scans) reads it. Unknown keys are errors so that typos are caught, except keys starting with `x-`
 * (free for users) and the open-ended `systems` entries (connectors add their own settings there).
 *
 * @example
 * const parsed = DataMapSchema.safeParse({ version: 1, organization: { name: "Example Jewelers" } });
 * parsed.success; // true
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes, e.g. 'diamond-upgrade'");
const taxonomyKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, "must be a dotted key such as 'user.contact.email'");

const strict = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape).catchall(z.unknown()).superRefine(noUnknownKeys(shape));

/** Rejects keys that are neither declared nor `x-` extensions; the message names the key. */
function noUnknownKeys(shape: z.ZodRawShape) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const key of Object.keys(value)) {
      if (!(key in shape) && !key.startsWith("x-")) {
        ctx.addIssue({ code: "custom", path: [key], message: `unknown key '${key}'` });
      }
    }
  };
}

export const ContactSchema = strict({
  email: z.string().email().optional(),
  phone: z.string().min(3).optional(),
  toll_free_phone: z.string().min(3).optional(),
  address: z.string().optional(),
  web_form: z.string().url().optional(),
});

export const OrganizationSchema = strict({
  /** The name customers know (brand). */
  name: z.string().min(1),
  /** Registered legal name, e.g. "Namdar Diamonds, Inc.". */
  legal_name: z.string().min(1).optional(),
  /** Other names the organisation rightly uses (e.g. a shop name), so the linter does not flag them. */
  aliases: z.array(z.string().min(1)).default([]),
  website: z.string().url().optional(),
  /** Where the privacy centre (request forms, choices) lives; notice links point there. */
  privacy_centre_url: z.string().url().optional(),
  /** Sells only online with a direct relationship: an e-mail address is then enough as a request method (CCPA §7020). */
  online_only: z.boolean().default(false),
  contact: ContactSchema.prefault({}),
  country: z.string().optional(),
});

export const CollectedSchema = z.union([
  taxonomyKey,
  strict({
    category: taxonomyKey,
    /** The phrase the notice uses for it; defaults to the taxonomy label. */
    text: z.string().min(1).optional(),
    /** Marked by the importer when the phrase was not recognised: a person must check it. */
    review: z.boolean().optional(),
    /** Whose data it is when it is not the customer's (e.g. 'friend'). */
    subject: z.string().optional(),
  }),
]);

export const PurposeSchema = strict({
  text: z.string().min(1),
  use: taxonomyKey.optional(),
  basis: z.enum(Object.keys(LAWFUL_BASES) as [keyof typeof LAWFUL_BASES]).optional(),
  programme: id.optional(),
  review: z.boolean().optional(),
});

export const ConsequenceSchema = strict({
  text: z.string().min(1),
  programme: id.optional(),
});

export const TouchpointSchema = strict({
  id,
  title: z.string().min(1),
  collects: z.array(CollectedSchema).default([]),
  purposes: z.array(PurposeSchema).default([]),
  /** Recipient ids. */
  shares_with: z.array(id).default([]),
  consequences: z.array(ConsequenceSchema).default([]),
  sources: z.array(z.enum(Object.keys(SOURCES) as [keyof typeof SOURCES])).default([]),
  subjects: z.array(z.string()).default([]),
});

export const RecipientSchema = strict({
  id,
  title: z.string().min(1),
  role: z.enum(Object.keys(RECIPIENT_ROLES) as [keyof typeof RECIPIENT_ROLES]).optional(),
  /** Receives personal information for valuable consideration (CCPA "sale"). */
  sells: z.boolean().default(false),
  /** Receives it for cross-context behavioural advertising (CCPA "sharing"). */
  shares: z.boolean().default(false),
  /** Categories disclosed to this recipient; defaults to those of the touchpoints that share with it. */
  categories: z.array(taxonomyKey).optional(),
  country: z.string().optional(),
  /**
   * Host names the recipient's tags and endpoints are served from (`ads.example` also covers its
   * sub-domains); the site scanner attributes third-party requests and cookies to the recipient by them.
   */
  hosts: z
    .array(
      z
        .string()
        .regex(
          /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
          "must be a lower-case host name such as ads.example.com",
        ),
    )
    .default([]),
  review: z.boolean().optional(),
});

export const CookiePurposeSchema = strict({
  id,
  title: z.string().min(1),
  description: z.string().optional(),
  /** Strictly necessary: always on, no consent needed. */
  required: z.boolean().default(false),
  /** Data uses the purpose serves (for sale/share decisions and Consent Mode). */
  uses: z.array(taxonomyKey).default([]),
});

export const CookieSchema = strict({
  name: z.string().min(1),
  purpose: id,
  provider: z.string().optional(),
  /** How long it lives, e.g. `session`, `30m`, `1y`, `13mo`. */
  duration: z
    .string()
    .regex(/^(session|\d+(s|m|h|d|w|mo|y))$/, "must be 'session' or a number with s, m, h, d, w, mo or y")
    .optional(),
  recipient: id.optional(),
  domain: z.string().optional(),
  description: z.string().optional(),
});

export const TechnologySchema = strict({
  kind: z.enum([
    "cookies",
    "log-files",
    "tracking-images",
    "local-storage",
    "interest-based-advertising",
    "other",
  ]),
  title: z.string().min(1),
  text: z.string().min(1),
});

export const CookiesSchema = strict({
  purposes: z.array(CookiePurposeSchema).default([]),
  items: z.array(CookieSchema).default([]),
  technologies: z.array(TechnologySchema).default([]),
});

/** A period: a number and a unit, or `indefinite` with a trigger (e.g. kept until the customer asks). */
export const RetentionSchema = strict({
  categories: z.array(taxonomyKey).min(1),
  /** e.g. `7y`, `90d`, `13mo`; or `until-request` for "until you ask us to remove it". */
  period: z
    .string()
    .regex(/^(\d+(d|w|mo|y)|until-request)$/, "must be like '7y', '90d', '13mo' or 'until-request'")
    .optional(),
  /** The event the period runs from, e.g. "the order date", "your last purchase". */
  from: z.string().optional(),
  /** Criteria in words when no fixed period applies. */
  criteria: z.string().optional(),
  reason: z.string().optional(),
  programme: id.optional(),
});

export const ProgrammeSchema = strict({
  id,
  title: z.string().min(1),
  kind: z.enum(PROGRAMME_KINDS).default("other"),
  description: z.string().optional(),
  /** A benefit in exchange for data (CCPA Notice of Financial Incentive). */
  financial_incentive: z.boolean().default(false),
  /** What ends when the customer's data is erased. */
  ends_on_erasure: z.string().optional(),
});

export const RightsSchema = strict({
  /** Ways to send a request; the notice and the `toll-free-number-required` rule read them. */
  methods: z.array(z.enum(CONTACT_METHODS)).default([]),
  /** Rights granted beyond the law of the jurisdictions, or stated explicitly. */
  granted: z.array(z.enum(Object.keys(RIGHTS) as [keyof typeof RIGHTS])).default([]),
  /** Months a right-to-know response looks back by default (law: 12, and on request back to 1 Jan 2022). */
  lookback_months: z.number().int().positive().default(12),
  /** Whether the consumer may ask for data older than the look-back period (CCPA 2026). */
  lookback_extended: z.boolean().default(true),
  authorised_agents: z.boolean().default(true),
  verification: z.string().optional(),
  appeal: z.boolean().optional(),
});

export const ChildrenSchema = strict({
  /** Below this age no personal information is knowingly collected. */
  min_age: z.number().int().positive().default(13),
  /** Data of a child found below `min_age` is deleted. */
  deletes: z.boolean().default(true),
  /** No sale or sharing below this age without opt-in. */
  no_sale_under: z.number().int().positive().default(16),
});

export const SignalsSchema = strict({
  /** Honour Global Privacy Control as an opt-out of sale and sharing. */
  gpc: z.boolean().default(false),
  /** Respond to Do Not Track (CalOPPA asks only for a disclosure). */
  dnt: z.boolean().default(false),
});

export const TransfersSchema = strict({
  hosted_in: z.string().optional(),
  safeguards: z.array(z.string()).default([]),
  text: z.string().optional(),
});

export const SectionSchema = strict({
  id,
  title: z.string().min(1),
  text: z.string(),
});

const severity = z.enum(["off", "error", "warning", "info"]);

export const LintConfigSchema = strict({
  rules: z.record(z.string(), severity).default({}),
});

export const CustomCategorySchema = strict({
  key: taxonomyKey,
  parent: taxonomyKey,
  label: z.string().min(1),
  ccpa: z.enum(CCPA_CATEGORY_IDS as [string, ...string[]]).optional(),
  sensitive: z.boolean().optional(),
});

export const CustomUseSchema = strict({
  key: taxonomyKey,
  parent: taxonomyKey,
  label: z.string().min(1),
  sale_or_share: z.boolean().optional(),
});

export const DataMapSchema = strict({
  /** Schema version of the file; bumped only for changes that need migration. */
  version: z.literal(1).default(1),
  organization: OrganizationSchema,
  jurisdictions: z.array(z.enum(JURISDICTION_IDS as [string, ...string[]])).default([]),
  notice: strict({
    title: z.string().default("Privacy Policy"),
    intro: z.string().optional(),
    /** ISO date (YYYY-MM-DD) shown as "last updated"; the renderer adds the content hash as the version. */
    last_updated: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be an ISO date such as 2026-01-31")
      .optional(),
  }).prefault({}),
  taxonomy: strict({
    categories: z.array(CustomCategorySchema).default([]),
    uses: z.array(CustomUseSchema).default([]),
  }).prefault({}),
  touchpoints: z.array(TouchpointSchema).default([]),
  recipients: z.array(RecipientSchema).default([]),
  cookies: CookiesSchema.prefault({}),
  retention: z.array(RetentionSchema).default([]),
  programmes: z.array(ProgrammeSchema).default([]),
  rights: RightsSchema.prefault({}),
  children: ChildrenSchema.optional(),
  signals: SignalsSchema.prefault({}),
  transfers: TransfersSchema.optional(),
  /** Free-text sections the template carries (security, links, business transfers…), kept in order. */
  sections: z.array(SectionSchema).default([]),
  systems: z.array(SystemSchema).default([]),
  lint: LintConfigSchema.prefault({}),
});

/** The data map after defaults are applied. */
export type DataMap = z.output<typeof DataMapSchema>;
/** The data map as written in `loupe.yaml`. */
export type DataMapInput = z.input<typeof DataMapSchema>;
export type Touchpoint = z.output<typeof TouchpointSchema>;
export type Collected = z.output<typeof CollectedSchema>;
export type Purpose = z.output<typeof PurposeSchema>;
export type Consequence = z.output<typeof ConsequenceSchema>;
export type Recipient = z.output<typeof RecipientSchema>;
export type Retention = z.output<typeof RetentionSchema>;
export type Programme = z.output<typeof ProgrammeSchema>;
export type Cookie = z.output<typeof CookieSchema>;
export type CookiePurpose = z.output<typeof CookiePurposeSchema>;
export type Section = z.output<typeof SectionSchema>;
export type Severity = z.output<typeof severity>;
