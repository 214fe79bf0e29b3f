import { z } from "zod";

/**
 * Dataset annotations: where personal data lives and what a privacy request does there. Read by discovery
 * (which writes drafts), the rights engine (which follows identities and references, exports and erases) and
 * the linter (which compares them with the live stores). Connections come from environment variables only:
 * a data map never holds a secret.
 *
 * @example
 * systems:
 *   - id: commerce
 *     connector: postgres
 *     connection: { env: SHOP_DATABASE_URL }
 *     tables:
 *       customers:
 *         identity: { email: email, phone: phone, customer_id: id }
 *         fields: { email: user.contact.email, full_name: user.name }
 *         erase: mask
 *       orders:
 *         references: { customer_id: customers.id }
 *         fields: { shipping_address: { category: user.contact.address, erase: redact } }
 *         holds: [{ fields: [total, placed_at], for: 7y, reason: tax law }]
 */

/** Kinds of identity a request can start from. */
export const IDENTITY_KINDS = [
  "email",
  "phone",
  "customer_id",
  "order_number",
  "cookie_id",
  "session_id",
  "social_handle",
  "ip_address",
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** What erasure does to a field (or, for `delete`, to the row). */
export const ERASE_STRATEGIES = ["delete", "null", "fixed", "hash", "redact", "keep"] as const;
export type EraseStrategy = (typeof ERASE_STRATEGIES)[number];

export const CONNECTOR_KINDS = ["postgres", "pglite", "mysql", "redis", "http", "manual"] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

const identifier = z.string().min(1).max(128);
const reference = z
  .string()
  .regex(
    /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?\.[A-Za-z_][\w$]*$/,
    "must be 'table.column' or 'schema.table.column'",
  );
const duration = z.string().regex(/^\d+(d|w|mo|y)$/, "must be like '7y', '90d' or '13mo'");
const categoryKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, "must be a dotted data category key");

export const FieldSchema = z.union([
  categoryKey,
  z.strictObject({
    category: categoryKey,
    erase: z.enum(ERASE_STRATEGIES).optional(),
    /** The value written by `fixed`. */
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    /** A JSON path inside a JSON column, e.g. `$.email`, for stores that keep personal data in documents. */
    json_path: z.string().optional(),
    /** Flagged by discovery: a person must confirm the category. */
    review: z.boolean().optional(),
  }),
]);

export const HoldSchema = z.strictObject({
  /** Fields kept (the rest of the row is erased as declared); empty means the whole row. */
  fields: z.array(identifier).default([]),
  for: duration,
  /** The date column the period runs from, e.g. `placed_at`. */
  from: identifier.optional(),
  reason: z.string().min(1),
});

export const TableSchema = z.strictObject({
  title: z.string().optional(),
  primary_key: z.array(identifier).optional(),
  /** Identity kind → column holding it. */
  identity: z.partialRecord(z.enum(IDENTITY_KINDS), identifier).default({}),
  /** Column → data category (or a category with an erasure strategy). */
  fields: z.record(identifier, FieldSchema).default({}),
  /** Column → `table.column` it points to; foreign keys read from the live schema are added to these. */
  references: z.record(identifier, reference).default({}),
  /** What erasure does to a row of this table by default: delete it, or mask its personal fields. */
  erase: z.enum(["delete", "mask", "keep"]).optional(),
  holds: z.array(HoldSchema).default([]),
  /**
   * Column → value written on the subject's rows when they restrict processing or object to it, so that the
   * shop's own marketing and export jobs skip them (e.g. `{ status: restricted }`).
   */
  restrict: z.record(identifier, z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** Columns a person checked and found not to hold the data subject's personal data (e.g. a staff member's name). */
  not_personal: z.array(identifier).default([]),
  /** A soft-delete column: rows with it set still hold personal data and are still found. */
  soft_delete: identifier.optional(),
  review: z.boolean().optional(),
});

export const KeyPatternSchema = z.strictObject({
  /** A Redis key pattern with one identity placeholder, e.g. `cart:{customer_id}` or `session:{session_id}`. */
  pattern: z.string().regex(/\{[a-z_]+\}/, "must contain an identity placeholder such as {customer_id}"),
  type: z.enum(["string", "hash", "set", "zset", "list", "json"]),
  /** Hash field (or `*` for the whole value) → data category. */
  fields: z.record(z.string(), FieldSchema).default({}),
  erase: z.enum(["delete", "mask", "keep"]).default("delete"),
  /** Hash field holding another identity, e.g. `customer_id`, to find keys by a different identity. */
  identity: z.partialRecord(z.enum(IDENTITY_KINDS), z.string()).default({}),
});

export const ConnectionSchema = z.strictObject({
  /** Name of the environment variable holding the connection URL. */
  env: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, "must be an environment variable name such as SHOP_DATABASE_URL"),
  /** For PGlite: a data directory (relative to loupe.yaml), or `memory`. */
  path: z.string().optional(),
});

export const SystemSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes"),
    title: z.string().optional(),
    connector: z.enum(CONNECTOR_KINDS),
    connection: ConnectionSchema.optional(),
    /** Database schema for SQL stores (PostgreSQL: `public` by default). */
    schema: z.string().optional(),
    /** Key prefix for Redis. */
    prefix: z.string().optional(),
    tables: z.record(identifier, TableSchema).default({}),
    keys: z.array(KeyPatternSchema).default([]),
    /** Recipient this system belongs to (for service providers reached over HTTP or by a manual task). */
    recipient: z.string().optional(),
    /**
     * A service provider's settings (`http`: the URL is in `connection.env`) or a manual task's (`manual`). Secrets
     * are named by environment variable, never written here, e.g.
     * `{ secret_env: MAILER_WEBHOOK_SECRET, timeout: 10s, retries: 3 }` or `{ instructions: Delete the contact in… }`.
     */
    provider: z
      .strictObject({
        /** Environment variable holding the Standard Webhooks secret (`whsec_…`) both sides sign with (http). */
        secret_env: ConnectionSchema.shape.env.optional(),
        /** Where the provider posts its signed result after answering 202 (http); sent with each request. */
        callback_url: z.url({ protocol: /^https?$/ }).optional(),
        /** How long one attempt may take (http, default 10s). */
        timeout: z
          .string()
          .regex(/^\d+(ms|s)$/, "must be like '10s' or '500ms'")
          .optional(),
        /** Attempts after the first on network errors, 5xx and 429 (http, default 3). */
        retries: z.number().int().min(0).max(10).optional(),
        /** What the person does at the provider (manual); shown in the task with the categories to handle. */
        instructions: z.string().min(1).optional(),
      })
      .optional(),
  })
  .catchall(z.unknown());

export type System = z.output<typeof SystemSchema>;
export type TableAnnotation = z.output<typeof TableSchema>;
export type FieldAnnotation = z.output<typeof FieldSchema>;
export type KeyPattern = z.output<typeof KeyPatternSchema>;
export type Hold = z.output<typeof HoldSchema>;
