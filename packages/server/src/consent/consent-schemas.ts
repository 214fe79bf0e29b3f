import { z } from "zod";

/** A pseudonymous visitor id: random, chosen by the browser SDK, never personal data such as an e-mail. */
export const VisitorIdSchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, "must be 8–128 letters, digits, '-' or '_' (a random pseudonymous id)")
  .meta({
    description: "Pseudonymous visitor id, random, kept by the browser SDK.",
    example: "v_3f9a2c71d4e84b06",
  });

/** The shop's own customer id, known after login. */
export const CustomerIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\s\p{Cc}]+$/u, "must be 1–128 characters without spaces or control characters")
  .meta({ description: "The shop's customer id, when the visitor is signed in.", example: "cus_10482" });

export const PurposeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be a cookie purpose id of the data map, e.g. 'analytics'")
  .meta({ description: "A cookie purpose id of the data map (`cookies.purposes[].id`)." });

export const ConsentActionSchema = z
  .enum(["accept-all", "reject-all", "save", "withdraw", "gpc"])
  .meta({ description: "What the visitor did." });
export const ConsentSourceSchema = z
  .enum(["banner", "dialog", "preference-centre", "api", "signal"])
  .meta({ description: "Where the choice was made." });
export const RegimeSchema = z.enum(["opt-in", "opt-out"]);

const versionHash = (what: string) =>
  z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, `must be the ${what} returned by GET /api/v1/consent/config`);

/** One consent choice as the SDK sends it. The server adds time, region, regime, truncated IP and user agent. */
export const ReceiptInputSchema = z.strictObject({
  visitorId: VisitorIdSchema,
  customerId: CustomerIdSchema.optional(),
  action: ConsentActionSchema,
  source: ConsentSourceSchema,
  granted: z
    .array(PurposeIdSchema)
    .max(50)
    .optional()
    .meta({ description: "Purposes granted; completed from the action when left out." }),
  denied: z
    .array(PurposeIdSchema)
    .max(50)
    .optional()
    .meta({ description: "Purposes refused; completed from the action when left out." }),
  gpc: z.boolean().default(false).meta({ description: "Global Privacy Control seen by the SDK." }),
  dnt: z.boolean().default(false).meta({ description: "Do Not Track seen by the SDK." }),
  noticeVersion: versionHash("notice version").meta({ description: "Version of the privacy notice shown." }),
  configHash: versionHash("configuration hash").meta({
    description: "Hash of the banner configuration shown.",
  }),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/, "must be a language tag such as 'en' or 'fr-CA'")
    .optional()
    .meta({ description: "Language of the banner (BCP 47)." }),
});
export type ReceiptInput = z.output<typeof ReceiptInputSchema>;

export const RecordConsentRequestSchema = z.strictObject({
  receipts: z.array(ReceiptInputSchema).min(1).max(100),
});
export type RecordConsentRequest = z.output<typeof RecordConsentRequestSchema>;

export const ReceiptRefSchema = z.object({
  id: z.number().int().positive(),
  hash: z.string(),
  serverTime: z.string().meta({ description: "ISO 8601 time the server recorded it." }),
});
export type ReceiptRef = z.output<typeof ReceiptRefSchema>;

export const RecordConsentResponseSchema = z.object({ receipts: z.array(ReceiptRefSchema) });
export type RecordConsentResponse = z.output<typeof RecordConsentResponseSchema>;

/** A stored receipt as the ledger holds it. */
export const ReceiptSchema = z.object({
  id: z.number().int().positive(),
  visitorId: z.string().nullable(),
  customerId: z.string().nullable(),
  granted: z.array(z.string()),
  denied: z.array(z.string()),
  action: ConsentActionSchema,
  source: ConsentSourceSchema,
  gpc: z.boolean(),
  dnt: z.boolean(),
  regime: RegimeSchema,
  region: z.string(),
  noticeVersion: z.string(),
  configHash: z.string(),
  language: z.string().nullable(),
  ipTruncated: z.string().nullable().meta({ description: "IPv4 /24 or IPv6 /48 network of the client." }),
  userAgent: z.string().nullable(),
  serverTime: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type Receipt = z.output<typeof ReceiptSchema>;

export const ReceiptListSchema = z.object({
  receipts: z.array(ReceiptSchema),
  next: z.number().int().optional().meta({ description: "Pass as `after` to read the next page." }),
});

export const PurposeStateSchema = z.object({
  id: z.string(),
  title: z.string(),
  required: z.boolean(),
  state: z.enum(["granted", "denied", "unset"]),
  receiptId: z.number().int().optional(),
  decidedAt: z.string().optional(),
  action: ConsentActionSchema.optional(),
  source: ConsentSourceSchema.optional(),
});

export const ConsentStateSchema = z.object({
  subject: z.object({ kind: z.enum(["visitor", "customer"]), id: z.string() }),
  purposes: z.array(PurposeStateSchema),
  gpc: z.boolean().meta({ description: "Whether the latest receipt saw Global Privacy Control." }),
  lastReceiptId: z.number().int().nullable(),
  noticeVersion: z.string().nullable(),
  configHash: z.string().nullable(),
});
export type ConsentState = z.output<typeof ConsentStateSchema>;

export const LinkRequestSchema = z.strictObject({ visitorId: VisitorIdSchema, customerId: CustomerIdSchema });
export const LinkResponseSchema = z.object({
  visitorId: z.string(),
  customerId: z.string(),
  linkedAt: z.string(),
  created: z.boolean(),
});

export const WithdrawRequestSchema = z
  .strictObject({
    visitorId: VisitorIdSchema.optional(),
    customerId: CustomerIdSchema.optional(),
    purposes: z
      .array(PurposeIdSchema)
      .min(1)
      .max(50)
      .optional()
      .meta({ description: "Purposes to withdraw; all that can be refused when left out." }),
    source: ConsentSourceSchema.default("preference-centre"),
    noticeVersion: versionHash("notice version").optional(),
    configHash: versionHash("configuration hash").optional(),
    language: ReceiptInputSchema.shape.language,
  })
  .refine((v) => v.visitorId !== undefined || v.customerId !== undefined, {
    message: "give visitorId or customerId",
    path: ["visitorId"],
  });
export type WithdrawRequest = z.output<typeof WithdrawRequestSchema>;

export const ListReceiptsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const ConsentPurposeSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  required: z.boolean(),
  saleOrShare: z.boolean(),
  cookies: z.array(
    z.object({
      name: z.string(),
      provider: z.string().optional(),
      duration: z.string().optional(),
      domain: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
});

export const BannerConfigSchema = z.object({
  organization: z.string(),
  regime: RegimeSchema,
  region: z.string().meta({ description: "Country code from the configured country header, or 'unknown'." }),
  notice: z.object({ version: z.string(), lastUpdated: z.string(), url: z.string() }),
  gpc: z.object({ honoured: z.boolean(), purposes: z.array(z.string()) }),
  purposes: z.array(ConsentPurposeSchema),
  configHash: z.string(),
});

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z
      .string()
      .meta({ description: "Stable error code, e.g. INVALID_REQUEST, NOT_FOUND, RATE_LIMITED." }),
    message: z.string(),
    location: z
      .object({ path: z.string().optional() })
      .optional()
      .meta({ description: "Field path of the first invalid value, e.g. receipts[0].action." }),
  }),
});

export const HealthSchema = z.object({ status: z.literal("ok"), store: z.enum(["postgres", "pglite"]) });

export const NoticeVersionListSchema = z.object({
  current: z.string(),
  versions: z.array(
    z.object({ version: z.string(), lastUpdated: z.string(), publishedAt: z.string(), url: z.string() }),
  ),
});

export const GpcSchema = z.object({ gpc: z.literal(true), lastUpdate: z.string() });
