import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { invalidRequest, loupeError } from "../errors/http-errors.js";
import type {} from "../jobs/delivery-tables.js";
import type { Database } from "../store/database.js";
import { newWebhookSecret } from "./sign-webhook.js";

const EventType = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/,
    "must be dotted lower-case words, e.g. suppression.created",
  );

/** A new endpoint, as the admin API receives it. */
export const CreateEndpointSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .max(2000)
    .refine((u) => !new URL(u).username && !new URL(u).password, "must not carry credentials"),
  types: z.array(EventType).min(1).max(100).optional(),
  description: z.string().max(500).optional(),
});

/** An endpoint as the admin API shows it (never its secret). */
export const EndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  types: z.array(z.string()).nullable(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

/** One delivery attempt record, as the delivery log shows it. */
export const DeliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  endpointId: z.string(),
  status: z.enum(["pending", "delivered"]),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Registers a webhook endpoint and returns it with its new `whsec_` secret (shown this once).
 *
 * @example
 * const { id, secret } = await createEndpoint(db, { url: "https://crm.example/hooks/loupe" });
 */
export async function createEndpoint(
  db: Kysely<Database>,
  input: z.input<typeof CreateEndpointSchema>,
): Promise<Endpoint & { secret: string }> {
  const parsed = CreateEndpointSchema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error);
  const secret = newWebhookSecret();
  const row = await db
    .insertInto("webhook_endpoints")
    .values({
      id: randomUUID(),
      url: parsed.data.url,
      secret,
      types: parsed.data.types ?? null,
      description: parsed.data.description ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toEndpoint(row), secret };
}

/**
 * Every endpoint, oldest first, without secrets.
 *
 * @example
 * const endpoints = await listEndpoints(db);
 */
export async function listEndpoints(db: Kysely<Database>): Promise<Endpoint[]> {
  const rows = await db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toEndpoint);
}

/**
 * Turns an endpoint off (nothing new is queued for it; pending deliveries wait) or on again (they resume).
 * NOT_FOUND for an unknown id.
 *
 * @example
 * await setEndpointEnabled(db, id, false);
 */
export async function setEndpointEnabled(
  db: Kysely<Database>,
  id: string,
  enabled: boolean,
): Promise<Endpoint> {
  const row = await db
    .updateTable("webhook_endpoints")
    .set({ enabled })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw loupeError("NOT_FOUND", `no webhook endpoint ${id}`, { path: "id" });
  return toEndpoint(row);
}

/**
 * The delivery log, newest first: one row per event and endpoint with its attempts and last outcome.
 *
 * @example
 * const { deliveries } = await listDeliveries(db, { status: "pending", limit: 50 });
 */
export async function listDeliveries(
  db: Kysely<Database>,
  options: { endpointId?: string; status?: "pending" | "delivered"; before?: string; limit?: number } = {},
): Promise<{ deliveries: Delivery[]; next: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  let q = db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhook_events as e", "e.id", "d.event_id")
    .select([
      "d.id",
      "d.event_id",
      "e.type",
      "d.endpoint_id",
      "d.status",
      "d.attempts",
      "d.last_status",
      "d.last_error",
      "e.created_at",
      "d.last_attempt_at",
      "d.next_attempt_at",
      "d.delivered_at",
    ]);
  if (options.endpointId) q = q.where("d.endpoint_id", "=", options.endpointId);
  if (options.status) q = q.where("d.status", "=", options.status);
  if (options.before) q = q.where("d.id", "<", sql<string>`${options.before}::bigint`);
  const rows = await q
    .orderBy("d.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    deliveries: page.map((r) => ({
      id: String(r.id),
      eventId: r.event_id,
      eventType: r.type,
      endpointId: r.endpoint_id,
      status: r.status,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      createdAt: iso(r.created_at) ?? "",
      lastAttemptAt: iso(r.last_attempt_at),
      nextAttemptAt: r.status === "pending" ? iso(r.next_attempt_at) : null,
      deliveredAt: iso(r.delivered_at),
    })),
    next: rows.length > limit ? String(page.at(-1)?.id) : null,
  };
}

function toEndpoint(row: {
  id: string;
  url: string;
  types: string[] | null;
  description: string | null;
  enabled: boolean;
  created_at: Date;
}): Endpoint {
  return {
    id: row.id,
    url: row.url,
    types: row.types,
    description: row.description,
    enabled: row.enabled,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
