/**
 * The preference pages in the OpenAPI document: HTML forms (`application/x-www-form-urlencoded`), answered
 * with HTML pages; refused requests of the wrong type or size, or over the rate limit, answer with the JSON
 * error body like every other route.
 */
const page = (description: string) => ({
  description,
  content: { "text/html": { schema: { type: "string" } } },
});
const formBody = (properties: Record<string, object>, required: string[] = []) => ({
  required: true,
  content: {
    "application/x-www-form-urlencoded": { schema: { type: "object", properties, required } },
  },
});
const errorJson = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const rateLimited = {
  description: "Too many requests from this address; retry after `Retry-After` seconds.",
  headers: { "Retry-After": { schema: { type: "integer" } } },
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};
const tokenQuery = {
  name: "t",
  in: "query",
  required: true,
  description: "The signed preference link token (43 characters) e-mailed on request.",
  schema: { type: "string", pattern: "^[A-Za-z0-9_-]{43}$" },
};
const unsubscribeToken = {
  name: "token",
  in: "path",
  required: true,
  description: "The opaque per-recipient, per-list token of the `List-Unsubscribe` header.",
  schema: { type: "string" },
};
const choiceFields = {
  t: { type: "string", description: "The preference link token." },
  "channel:email": { type: "string", enum: ["yes", "no"] },
  "channel:sms": { type: "string", enum: ["yes", "no"] },
  "channel:phone": { type: "string", enum: ["yes", "no"] },
  "channel:post": { type: "string", enum: ["yes", "no"] },
  "topic:{id}": {
    type: "string",
    enum: ["yes", "no"],
    description: "One field per marketing topic of the map.",
  },
  profiling: { type: "string", enum: ["yes", "no"] },
  "sale-share": { type: "string", enum: ["yes", "no"], description: "`no` = Do Not Sell or Share." },
  "sensitive-use": { type: "string", enum: ["yes", "no"], description: "`no` = limit the use." },
  "cookie:{purpose}": {
    type: "string",
    enum: ["yes", "no"],
    description: "One field per optional cookie purpose.",
  },
};
const optOut = (summary: string) => ({
  get: {
    summary,
    description:
      'No account and no verification. With `Sec-GPC: 1` the opt-out is recorded for this browser and the page shows "Opt-Out Request Honored".',
    parameters: [{ name: "Sec-GPC", in: "header", required: false, schema: { type: "string", enum: ["1"] } }],
    responses: { 200: page("The opt-out page.") },
  },
  post: {
    summary: `${summary}: record it`,
    requestBody: formBody({
      email: { type: "string", description: "Optional: apply it to this address's records too." },
    }),
    responses: {
      200: page("Recorded; the page confirms it."),
      400: page("The optional address is malformed; nothing was stored."),
      403: errorJson("Cross-site form submission."),
      429: rateLimited,
    },
  },
});

/**
 * The paths of the preference centre, the opt-out pages and one-click unsubscribe.
 *
 * @example
 * const doc = { paths: { ...preferenceOpenApiPaths() } };
 */
export function preferenceOpenApiPaths() {
  return {
    "/preferences": {
      get: { summary: "Ask for a link to the preference centre", responses: { 200: page("The form.") } },
    },
    "/preferences/link": {
      post: {
        summary: "E-mail a preference-centre link (the same answer for any address)",
        requestBody: formBody({ email: { type: "string", format: "email" } }, ["email"]),
        responses: {
          200: page("The same confirmation for every address; at most 3 e-mails per address per hour."),
          400: page("Not an e-mail address."),
          403: errorJson("Cross-site form submission."),
          429: rateLimited,
        },
      },
    },
    "/preferences/login": {
      get: {
        summary: "Enter the preference centre with the shop's signed login token",
        parameters: [
          {
            name: "token",
            in: "query",
            required: true,
            description: "JWT HS256 (sub, email, exp) signed with LOUPE_STORE_TOKEN_SECRET.",
            schema: { type: "string" },
          },
        ],
        responses: {
          303: { description: "To the preference centre with a fresh link token." },
          401: page("The token is invalid or expired."),
        },
      },
    },
    "/preferences/manage": {
      get: {
        summary: "The preference centre",
        parameters: [
          tokenQuery,
          { name: "Sec-GPC", in: "header", required: false, schema: { type: "string", enum: ["1"] } },
        ],
        responses: {
          200: page("Every choice with the map's consequences of declining."),
          401: page("The link is invalid or expired."),
        },
      },
      post: {
        summary:
          "Save choices (only changes are recorded, each as a receipt and a `preference.changed` event)",
        requestBody: formBody(choiceFields, ["t"]),
        responses: {
          303: { description: "Back to the centre with `saved=saved` or `saved=unchanged`." },
          401: page("The link is invalid or expired."),
          403: errorJson("Cross-site form submission."),
          429: rateLimited,
        },
      },
    },
    "/preferences/object": {
      post: {
        summary: "Object to direct marketing: every channel, topic and marketing profiling off in one step",
        requestBody: formBody({ t: { type: "string" } }, ["t"]),
        responses: {
          303: { description: "Back to the centre with `saved=objected`." },
          401: page("The link is invalid or expired."),
          403: errorJson("Cross-site form submission."),
          429: rateLimited,
        },
      },
    },
    "/privacy-choices/do-not-sell-or-share": optOut("Do Not Sell or Share My Personal Information"),
    "/privacy-choices/limit-sensitive-information": optOut(
      "Limit the Use of My Sensitive Personal Information",
    ),
    "/unsubscribe/{token}": {
      get: {
        summary: "Unsubscribe confirmation page (changes nothing)",
        parameters: [unsubscribeToken],
        responses: {
          200: page("A button that posts the one-click form."),
          400: page("Tampered or expired token; nothing changed."),
        },
      },
      post: {
        summary: "RFC 8058 one-click unsubscribe",
        description:
          "No cookies, no CSRF origin needed. Suppresses at once and answers 200 without a redirect.",
        parameters: [unsubscribeToken],
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: {
                type: "object",
                properties: { "List-Unsubscribe": { const: "One-Click" } },
                required: ["List-Unsubscribe"],
              },
            },
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: { "List-Unsubscribe": { const: "One-Click" } },
                required: ["List-Unsubscribe"],
              },
            },
          },
        },
        responses: {
          200: page("Unsubscribed."),
          400: page("Tampered or expired token, or no `List-Unsubscribe=One-Click`; nothing changed."),
          429: rateLimited,
        },
      },
    },
  };
}
