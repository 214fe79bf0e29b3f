import { z } from "zod";
import { OutboxEntrySchema, OutboxQuerySchema } from "../mail/outbox-routes.js";
import { SuppressionChangeSchema } from "../suppression/list-suppression-changes.js";
import {
  ChangesQuerySchema,
  CheckBatchSchema,
  CheckSuppressionSchema,
  LogRequestSchema,
} from "../suppression/suppression-routes.js";
import { CreateEndpointSchema, DeliverySchema, EndpointSchema } from "../webhooks/webhook-endpoints.js";
import { DeliveriesQuerySchema, UpdateEndpointSchema } from "../webhooks/webhook-routes.js";

type JsonSchema = Record<string, unknown>;

function schema(s: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

function queryParams(s: z.ZodObject): JsonSchema[] {
  const json = schema(s, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, p]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: p,
  }));
}

const errorRef = { $ref: "#/components/schemas/Error" };
const err = (description: string) => ({ description, content: { "application/json": { schema: errorRef } } });
const ok = (description: string, s: z.ZodType) => ({
  description,
  content: { "application/json": { schema: schema(s) } },
});
const body = (s: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: schema(s, "input") } },
});
const admin = { security: [{ apiKey: [] }] };
const common = {
  400: err("Invalid request; `location.path` names the first invalid field."),
  401: err("Missing or wrong API key."),
  429: err("Too many requests; retry after `Retry-After` seconds."),
};

/**
 * The OpenAPI paths of the suppression list, webhook and outbox admin API, merged into `/openapi.json`.
 *
 * @example
 * const doc = { ...base, paths: { ...base.paths, ...deliveryOpenApiPaths() } };
 */
export function deliveryOpenApiPaths(): Record<string, Record<string, unknown>> {
  return {
    "/api/v1/suppressions": {
      get: {
        summary: "Suppression entries changed after a cursor (keyed hashes, oldest change first)",
        description:
          "Pass the `cursor` of the previous answer as `after` to read only what changed since; `next` is set while more pages follow. Lifted entries appear with `liftedAt`.",
        ...admin,
        parameters: queryParams(ChangesQuerySchema),
        responses: {
          200: ok(
            "A page of changes.",
            z.object({
              entries: z.array(SuppressionChangeSchema),
              next: z.string().nullable(),
              cursor: z.string(),
            }),
          ),
          ...common,
        },
      },
      post: {
        summary: "Log an opt-out received by phone or post",
        description:
          "For staff: the identifiers are normalised (lower-case e-mail, E.164 phone, folded postal address), hashed with the server's key and never stored in clear; a `suppression.created` webhook event is emitted.",
        ...admin,
        requestBody: body(LogRequestSchema),
        responses: { 201: ok("Recorded.", z.object({ recorded: z.literal(true) })), ...common },
      },
    },
    "/api/v1/suppressions/check": {
      post: {
        summary:
          "Whether an e-mail address, phone number or postal address is suppressed for a channel and scope",
        description: "The identifier travels in the body so that it never reaches access logs.",
        ...admin,
        requestBody: body(CheckSuppressionSchema),
        responses: { 200: ok("The answer.", z.object({ suppressed: z.boolean() })), ...common },
      },
    },
    "/api/v1/suppressions/check-batch": {
      post: {
        summary: "Check up to 1,000 identifiers at once (answers in order)",
        ...admin,
        requestBody: body(CheckBatchSchema),
        responses: { 200: ok("The answers.", z.object({ results: z.array(z.boolean()) })), ...common },
      },
    },
    "/api/v1/suppressions/export.csv": {
      get: {
        summary: "The suppression list changed after a cursor as CSV",
        ...admin,
        parameters: queryParams(ChangesQuerySchema.pick({ after: true })),
        responses: {
          200: {
            description:
              "`key_kind,key_hash,channel,scope,source,received_at,effective_at,lifted_at,change`, one line per entry.",
            content: { "text/csv": { schema: { type: "string" } } },
          },
          ...common,
        },
      },
    },
    "/api/v1/webhooks/endpoints": {
      get: {
        summary: "Registered webhook endpoints (without secrets)",
        ...admin,
        responses: { 200: ok("The endpoints.", z.object({ endpoints: z.array(EndpointSchema) })), ...common },
      },
      post: {
        summary: "Register a webhook endpoint",
        description:
          "Returns the endpoint with its `whsec_` signing secret, shown this once. Deliveries follow Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`.",
        ...admin,
        requestBody: body(CreateEndpointSchema),
        responses: {
          201: ok("Registered.", EndpointSchema.extend({ secret: z.string() })),
          ...common,
        },
      },
    },
    "/api/v1/webhooks/endpoints/{id}": {
      patch: {
        summary: "Turn an endpoint off (deliveries wait) or on again (they resume)",
        ...admin,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        requestBody: body(UpdateEndpointSchema),
        responses: { 200: ok("The endpoint.", EndpointSchema), 404: err("No such endpoint."), ...common },
      },
    },
    "/api/v1/webhooks/deliveries": {
      get: {
        summary: "The webhook delivery log, newest first",
        ...admin,
        parameters: queryParams(DeliveriesQuerySchema),
        responses: {
          200: ok(
            "A page of deliveries; pass `next` as `before` for the following page.",
            z.object({ deliveries: z.array(DeliverySchema), next: z.string().nullable() }),
          ),
          ...common,
        },
      },
    },
    "/api/v1/mail/outbox": {
      get: {
        summary: "The mail outbox, newest first",
        ...admin,
        parameters: queryParams(OutboxQuerySchema),
        responses: { 200: ok("The mail.", z.object({ mail: z.array(OutboxEntrySchema) })), ...common },
      },
    },
  };
}
