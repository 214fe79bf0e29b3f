import { z } from "zod";
import {
  BannerConfigSchema,
  ConsentStateSchema,
  CustomerIdSchema,
  ErrorBodySchema,
  GpcSchema,
  HealthSchema,
  LinkRequestSchema,
  LinkResponseSchema,
  NoticeVersionListSchema,
  ReceiptInputSchema,
  ReceiptListSchema,
  ReceiptSchema,
  RecordConsentRequestSchema,
  RecordConsentResponseSchema,
  VisitorIdSchema,
  WithdrawRequestSchema,
} from "../consent/consent-schemas.js";
import { deliveryOpenApiPaths } from "../jobs/delivery-openapi.js";
import { preferenceOpenApiPaths } from "../preferences/preference-openapi.js";
import { rightsOpenApiPaths } from "../requests/rights-openapi.js";

/** Schemas of request bodies (as clients write them: defaults optional). */
const REQUESTS = {
  ReceiptInput: ReceiptInputSchema,
  RecordConsentRequest: RecordConsentRequestSchema,
  WithdrawRequest: WithdrawRequestSchema,
  LinkRequest: LinkRequestSchema,
};
/** Schemas of responses. */
const RESPONSES = {
  Receipt: ReceiptSchema,
  RecordConsentResponse: RecordConsentResponseSchema,
  ReceiptList: ReceiptListSchema,
  ConsentState: ConsentStateSchema,
  LinkResponse: LinkResponseSchema,
  BannerConfig: BannerConfigSchema,
  Error: ErrorBodySchema,
  Health: HealthSchema,
  NoticeVersionList: NoticeVersionListSchema,
  GpcSupport: GpcSchema,
};

type JsonSchema = Record<string, unknown>;

function components(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  const result: Record<string, JsonSchema> = {};
  for (const [id, s] of Object.entries(out.schemas)) {
    const { $schema: _ignored, $id: _id, ...rest } = s;
    result[id] = rest;
  }
  return result;
}

function inline(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string, description: string) => ({
  description,
  content: { "application/json": { schema: ref(id) } },
});
const html = (description: string) => ({
  description,
  content: { "text/html": { schema: { type: "string" } } },
});
const error = (description: string) => json("Error", description);
const body = (id: string) => ({ required: true, content: { "application/json": { schema: ref(id) } } });
const adminOnly = { security: [{ apiKey: [] }] };
const idempotencyHeader = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "A unique key per logical request (e.g. a UUID). Repeating it returns the first result with `Idempotent-Replayed: true` and writes nothing; reusing it for a different request is a 409 CONFLICT.",
  schema: { type: "string", maxLength: 255 },
};
const signalHeaders = [
  {
    name: "Sec-GPC",
    in: "header",
    required: false,
    description:
      "Global Privacy Control. With `X-Loupe-Customer` (or a receipt's `customerId`), records a `gpc` receipt denying the purposes that count as sale or sharing.",
    schema: { type: "string", enum: ["1"] },
  },
  {
    name: "X-Loupe-Customer",
    in: "header",
    required: false,
    description:
      "The signed-in customer's id, so that a Global Privacy Control signal can be applied to the customer.",
    schema: inline(CustomerIdSchema),
  },
  {
    name: "X-Loupe-Visitor",
    in: "header",
    required: false,
    description: "The visitor id, stored with a receipt recorded for a Global Privacy Control signal.",
    schema: inline(VisitorIdSchema),
  },
];
const rateLimited = {
  description: "Too many requests from this address; retry after `Retry-After` seconds.",
  headers: { "Retry-After": { schema: { type: "integer" } } },
  content: { "application/json": { schema: ref("Error") } },
};

/**
 * The OpenAPI 3.1 description of the server's API, built from the same zod schemas that validate requests.
 *
 * @example
 * const doc = buildOpenApi({ version: "0.1.0" });
 * doc.paths["/api/v1/consent"].post.requestBody; // { $ref to RecordConsentRequest }
 */
export function buildOpenApi(options: { version: string; title?: string }) {
  const idParam = (name: string, schema: z.ZodType, description: string) => ({
    name,
    in: "path",
    required: true,
    description,
    schema: inline(schema),
  });
  const visitorParam = idParam("id", VisitorIdSchema, "The visitor id.");
  const customerParam = idParam("id", CustomerIdSchema, "The customer id.");
  const pageParams = [
    {
      name: "after",
      in: "query",
      schema: { type: "integer", minimum: 0, default: 0 },
      description: "Last receipt id already read.",
    },
    { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } },
  ];
  return {
    openapi: "3.1.0",
    info: {
      title: options.title ?? "Loupe server",
      version: options.version,
      description:
        "The privacy notice of the data map, the consent ledger (append-only, hash-chained receipts) and privacy signals. Errors are `{error: {code, message, location?}}`.",
    },
    components: {
      schemas: { ...components(REQUESTS, "input"), ...components(RESPONSES, "output") },
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "The admin API key (LOUPE_API_KEY)." },
      },
    },
    paths: {
      ...deliveryOpenApiPaths(),
      ...preferenceOpenApiPaths(),
      ...rightsOpenApiPaths(),
      "/healthz": {
        get: {
          summary: "Whether the server and its store answer",
          responses: { 200: json("Health", "The store answers."), 503: error("The store does not answer.") },
        },
      },
      "/openapi.json": {
        get: { summary: "This document", responses: { 200: { description: "OpenAPI 3.1" } } },
      },
      "/privacy": {
        get: { summary: "The privacy notice in force", responses: { 200: html("The rendered notice.") } },
      },
      "/privacy/versions": {
        get: {
          summary: "Every published version of the notice (HTML, or JSON with Accept: application/json)",
          responses: {
            200: {
              description: "The versions, newest first.",
              content: {
                "application/json": { schema: ref("NoticeVersionList") },
                "text/html": { schema: { type: "string" } },
              },
            },
          },
        },
      },
      "/privacy/versions/{version}": {
        get: {
          summary: "One published version of the notice",
          parameters: [{ name: "version", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: html("The notice as published."), 404: error("No such version.") },
        },
      },
      "/.well-known/gpc.json": {
        get: {
          summary: "Global Privacy Control support resource",
          responses: {
            200: json("GpcSupport", "GPC is honoured."),
            404: { description: "GPC is not honoured." },
          },
        },
      },
      "/api/v1/consent/config": {
        get: {
          summary: "Banner configuration for this visitor",
          description:
            "Purposes with titles, descriptions and cookies; the regime (opt-in in the EEA, the UK and Switzerland, opt-out in the US, the map's default elsewhere) decided from the country header (`CF-IPCountry`, `X-Country` by default); notice version; configuration hash; GPC.",
          parameters: [
            { name: "CF-IPCountry", in: "header", required: false, schema: { type: "string" } },
            { name: "X-Country", in: "header", required: false, schema: { type: "string" } },
            ...signalHeaders,
          ],
          responses: { 200: json("BannerConfig", "The configuration to show.") },
        },
      },
      "/api/v1/consent": {
        post: {
          summary: "Record consent choices (a batch of 1–100 receipts)",
          description:
            "Durable before the answer: the receipts are committed when the server answers 201. The server adds its time, regime and region, the client's IP truncated to /24 (IPv4) or /48 (IPv6) and the user agent.",
          parameters: [idempotencyHeader, ...signalHeaders],
          requestBody: body("RecordConsentRequest"),
          responses: {
            201: json("RecordConsentResponse", "Recorded (or replayed for a repeated Idempotency-Key)."),
            400: error("Invalid request; `location.path` names the first invalid field."),
            409: error("Idempotency-Key reused for a different request."),
            415: error("The body is not JSON."),
            429: rateLimited,
          },
        },
      },
      "/api/v1/consent/withdraw": {
        post: {
          summary: "Withdraw consent",
          parameters: [idempotencyHeader, ...signalHeaders],
          requestBody: body("WithdrawRequest"),
          responses: {
            201: json("RecordConsentResponse", "The withdrawal receipt."),
            400: error("Invalid request."),
            429: rateLimited,
          },
        },
      },
      "/api/v1/consent/visitor/{id}": {
        get: {
          summary: "A visitor's current consent per purpose",
          parameters: [visitorParam, ...signalHeaders],
          responses: { 200: json("ConsentState", "Current state."), 400: error("Invalid id.") },
        },
      },
      "/api/v1/consent/link": {
        post: {
          summary: "Link a visitor id to a customer (at login)",
          ...adminOnly,
          requestBody: body("LinkRequest"),
          responses: {
            201: json("LinkResponse", "Linked."),
            200: json("LinkResponse", "Already linked."),
            401: error("Missing or wrong API key."),
          },
        },
      },
      "/api/v1/consent/customer/{id}": {
        get: {
          summary: "A customer's current consent per purpose (own and linked visitors' receipts)",
          ...adminOnly,
          parameters: [customerParam],
          responses: { 200: json("ConsentState", "Current state."), 401: error("Missing or wrong API key.") },
        },
      },
      "/api/v1/consent/customer/{id}/receipts": {
        get: {
          summary: "A customer's receipts, oldest first",
          ...adminOnly,
          parameters: [customerParam, ...pageParams],
          responses: {
            200: json("ReceiptList", "A page of receipts."),
            401: error("Missing or wrong API key."),
          },
        },
      },
      "/consent/customer/{id}/receipts": {
        get: {
          summary: "A customer's receipts as a readable page",
          ...adminOnly,
          parameters: [customerParam, ...pageParams],
          responses: { 200: html("The receipts."), 401: error("Missing or wrong API key.") },
        },
      },
      "/api/v1/consent/ledger/verify": {
        get: {
          summary: "Verify the hash chain of the whole ledger",
          ...adminOnly,
          responses: {
            200: {
              description: "`{ok: true, count}` or `{ok: false, brokenAt, reason}`.",
              content: { "application/json": { schema: { type: "object" } } },
            },
            401: error("Missing or wrong API key."),
          },
        },
      },
    },
  };
}
