import { z } from "zod";
import {
  ApproveBodySchema,
  CompleteTaskBodySchema,
  DenyBodySchema,
  ExtendBodySchema,
  IntakeBodySchema,
  ListQuerySchema,
} from "./request-routes.js";

type JsonSchema = Record<string, unknown>;

const schema = (s: z.ZodType, io: "input" | "output" = "input"): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
};
const errorRef = { $ref: "#/components/schemas/Error" };
const err = (description: string) => ({ description, content: { "application/json": { schema: errorRef } } });
const okJson = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object" } } },
});
const body = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s) } } });
const html = (description: string) => ({
  description,
  content: { "text/html": { schema: { type: "string" } } },
});
const admin = { security: [{ apiKey: [] }] };
const idParam = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^req_[A-Za-z0-9_-]{22}$" },
};
const staff = (summary: string, s: z.ZodType) => ({
  post: {
    tags: ["rights"],
    summary,
    ...admin,
    parameters: [idParam],
    requestBody: body(s),
    responses: {
      "200": okJson("The request after the action, with its timeline."),
      "400": err("Invalid body."),
      "401": err("Missing or wrong API key."),
      "404": err("No such request."),
      "409": err("The action is not allowed in the request's state (or after its due day)."),
    },
  },
});

/**
 * The rights workflow's paths for the OpenAPI document: the staff API and the privacy centre's pages.
 *
 * @example
 * paths: { ...rightsOpenApiPaths() }
 */
export function rightsOpenApiPaths(): Record<string, unknown> {
  const query = schema(ListQuerySchema) as { properties?: Record<string, JsonSchema> };
  return {
    "/api/v1/rights/requests": {
      get: {
        tags: ["rights"],
        summary: "Rights requests by due day (the extended day when extended), soonest first",
        ...admin,
        parameters: Object.entries(query.properties ?? {}).map(([name, p]) => ({
          name,
          in: "query",
          required: false,
          schema: p,
        })),
        responses: {
          "200": okJson("{ requests: [...] }"),
          "400": err("Invalid query."),
          "401": err("Missing or wrong API key."),
        },
      },
      post: {
        tags: ["rights"],
        summary: "Record a request received by e-mail, phone, mail or in person",
        ...admin,
        requestBody: body(IntakeBodySchema),
        responses: {
          "201": okJson("{ id, status, verification }"),
          "400": err("Invalid body."),
          "401": err("Missing or wrong API key."),
        },
      },
    },
    "/api/v1/rights/requests/{id}": {
      get: {
        tags: ["rights"],
        summary: "One request with its deadlines, manual tasks, outcome and timeline",
        ...admin,
        parameters: [idParam],
        responses: {
          "200": okJson("The request."),
          "401": err("Missing or wrong API key."),
          "404": err("No such request."),
        },
      },
    },
    "/api/v1/rights/requests/{id}/approve": staff(
      "Approve a request waiting for approval (for an appeal: overturn the decision)",
      ApproveBodySchema,
    ),
    "/api/v1/rights/requests/{id}/deny": staff(
      "Deny with a template basis and a note (for an appeal: uphold the decision)",
      DenyBodySchema,
    ),
    "/api/v1/rights/requests/{id}/extend": staff(
      "Extend once, on or before the due day, with the reason sent to the requester",
      ExtendBodySchema,
    ),
    "/api/v1/rights/requests/{id}/tasks/{task}/complete": {
      post: {
        ...staff("Complete a manual task", CompleteTaskBodySchema).post,
        parameters: [idParam, { name: "task", in: "path", required: true, schema: { type: "string" } }],
      },
    },
    "/api/v1/rights/denial-templates": {
      get: {
        tags: ["rights"],
        summary: "The denial reasons per basis and language",
        ...admin,
        responses: { "200": okJson("{ templates }") },
      },
    },
    "/api/v1/rights/purge": {
      post: {
        tags: ["rights"],
        summary:
          "Apply the retention of request records (24 months after the answer), packages and verification data",
        ...admin,
        responses: { "200": okJson("{ requests, packages, evidence, downloads }") },
      },
    },
    "/privacy-centre": {
      get: {
        tags: ["privacy centre"],
        summary: "The privacy centre (English, Spanish with ?lang=es)",
        responses: { "200": html("Page.") },
      },
    },
    "/privacy-centre/requests/new/{form}": {
      get: {
        tags: ["privacy centre"],
        summary: "One right's form",
        responses: { "200": html("Form."), "404": html("Unknown form.") },
      },
      post: {
        tags: ["privacy centre"],
        summary: "Submit a form (urlencoded; multipart for the agent form); needs the page's _csrf token",
        responses: {
          "200": html("Confirmation step or 'check your e-mail'."),
          "400": html("The form with its problems."),
          "403": html("Form token missing."),
          "429": err("Too many submissions."),
        },
      },
    },
    "/privacy-centre/verify": {
      post: {
        tags: ["privacy centre"],
        summary: "Confirm a request with the e-mailed code",
        responses: { "200": html("Confirmed."), "400": html("Wrong or expired code.") },
      },
    },
    "/privacy-centre/requests/{id}": {
      get: {
        tags: ["privacy centre"],
        summary: "A request's status page (?token= from the acknowledgement e-mail)",
        responses: { "200": html("Status."), "404": html("Unknown request or token.") },
      },
    },
    "/privacy-centre/download/{token}": {
      post: {
        tags: ["privacy centre"],
        summary: "Download an access package (single use, expiring)",
        responses: {
          "200": {
            description: "The zip.",
            content: { "application/zip": { schema: { type: "string", format: "binary" } } },
          },
          "410": html("Used or expired."),
        },
      },
    },
  };
}
