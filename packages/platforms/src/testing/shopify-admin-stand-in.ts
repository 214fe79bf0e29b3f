/**
 * A local stand-in for one shop's Shopify Admin GraphQL API, for tests only: the real API cannot be reached
 * from the test machine. It is the only stand-in the test suite uses. It checks every request against the
 * documented operation (https://shopify.dev/docs/api/admin-graphql, version pinned by the connector): the
 * endpoint path and version, the access token header, the operation kind, the root field and its documented
 * argument types, the declared variables, and each variable's value against the documented input objects and
 * enums (unknown fields, missing required fields, wrong enum values and malformed global ids are refused).
 * A request that fails a check gets a GraphQL error and is recorded in `violations`. It then answers from a
 * small in-memory shop, so reads and mutations behave like a shop's.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Kind = "query" | "mutation";

/**
 * Root fields Loupe uses: their documented argument types (as a variable must be declared) and the type each
 * value is checked against (ids narrowed to the object they name).
 */
const ROOT_FIELDS: Record<
  string,
  { kind: Kind; args: Record<string, [declared: string, value: string]>; required: string[] }
> = {
  customer: { kind: "query", args: { id: ["ID!", "CustomerID!"] }, required: ["id"] },
  customers: { kind: "query", args: { first: ["Int", "Int"], query: ["String", "String"] }, required: [] },
  customerRequestDataErasure: {
    kind: "mutation",
    args: { customerId: ["ID!", "CustomerID!"] },
    required: ["customerId"],
  },
  dataSaleOptOut: { kind: "mutation", args: { email: ["String!", "String!"] }, required: ["email"] },
  customerEmailMarketingConsentUpdate: {
    kind: "mutation",
    args: {
      input: ["CustomerEmailMarketingConsentUpdateInput!", "CustomerEmailMarketingConsentUpdateInput!"],
    },
    required: ["input"],
  },
  customerSmsMarketingConsentUpdate: {
    kind: "mutation",
    args: { input: ["CustomerSmsMarketingConsentUpdateInput!", "CustomerSmsMarketingConsentUpdateInput!"] },
    required: ["input"],
  },
  customerUpdate: {
    kind: "mutation",
    args: { input: ["CustomerInput!", "CustomerInput!"] },
    required: ["input"],
  },
  orderUpdate: { kind: "mutation", args: { input: ["OrderInput!", "OrderInput!"] }, required: ["input"] },
};

/** Connection fields inside a selection, with their documented arguments. */
const NESTED_FIELDS: Record<string, Record<string, [declared: string, value: string]>> = {
  orders: { first: ["Int", "Int"], after: ["String", "String"] },
  metafields: { first: ["Int", "Int"] },
  lineItems: { first: ["Int", "Int"] },
  addresses: { first: ["Int", "Int"] },
};

/** Documented input objects (the fields Loupe may send; others are refused). */
const INPUTS: Record<string, Record<string, string>> = {
  CustomerEmailMarketingConsentUpdateInput: {
    customerId: "CustomerID!",
    emailMarketingConsent: "EmailMarketingConsentInput!",
  },
  EmailMarketingConsentInput: {
    marketingState: "CustomerEmailMarketingStateInput!",
    marketingOptInLevel: "CustomerMarketingOptInLevel",
    consentUpdatedAt: "DateTime",
    sourceLocationId: "ID",
  },
  CustomerSmsMarketingConsentUpdateInput: {
    customerId: "CustomerID!",
    smsMarketingConsent: "CustomerSmsMarketingConsentInput!",
  },
  CustomerSmsMarketingConsentInput: {
    marketingState: "CustomerSmsMarketingState!",
    marketingOptInLevel: "CustomerMarketingOptInLevel",
    consentUpdatedAt: "DateTime",
    sourceLocationId: "ID",
  },
  CustomerInput: {
    id: "CustomerID",
    firstName: "String",
    lastName: "String",
    email: "String",
    phone: "String",
    note: "String",
    locale: "String",
    tags: "[String!]",
  },
  OrderInput: {
    id: "OrderID!",
    email: "String",
    phone: "String",
    note: "String",
    poNumber: "String",
    tags: "[String!]",
    shippingAddress: "MailingAddressInput",
  },
  MailingAddressInput: {
    address1: "String",
    address2: "String",
    city: "String",
    company: "String",
    countryCode: "String",
    firstName: "String",
    lastName: "String",
    phone: "String",
    provinceCode: "String",
    zip: "String",
  },
};

const ENUMS: Record<string, string[]> = {
  /** The input accepts only these three of CustomerEmailMarketingState's values. */
  CustomerEmailMarketingStateInput: ["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"],
  CustomerSmsMarketingState: ["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"],
  CustomerMarketingOptInLevel: ["SINGLE_OPT_IN", "CONFIRMED_OPT_IN", "UNKNOWN"],
};

/** Checks a value against a documented type; returns the problems found. */
function checkValue(type: string, value: unknown, path: string): string[] {
  const required = type.endsWith("!");
  const base = required ? type.slice(0, -1) : type;
  if (value === undefined || value === null) return required ? [`${path} is required (${type})`] : [];
  if (base.startsWith("[")) {
    if (!Array.isArray(value)) return [`${path} must be a list`];
    return value.flatMap((v, i) => checkValue(base.slice(1, -1), v, `${path}[${i}]`));
  }
  const gid = /^(Customer|Order)ID$/.exec(base);
  if (gid) {
    return typeof value === "string" && new RegExp(`^gid://shopify/${gid[1]}/\\d+$`).test(value)
      ? []
      : [`${path} must be a gid://shopify/${gid[1]}/… id`];
  }
  if (base === "ID")
    return typeof value === "string" && value.startsWith("gid://shopify/")
      ? []
      : [`${path} must be a global id`];
  if (base === "String") return typeof value === "string" ? [] : [`${path} must be a string`];
  if (base === "Int") return Number.isInteger(value) ? [] : [`${path} must be an integer`];
  if (base === "DateTime") {
    return typeof value === "string" && !Number.isNaN(Date.parse(value)) && /T/.test(value)
      ? []
      : [`${path} must be an ISO date-time`];
  }
  if (ENUMS[base])
    return ENUMS[base].includes(value as string) ? [] : [`${path}: '${String(value)}' is not a ${base}`];
  const fields = INPUTS[base];
  if (!fields) return [`${path}: unknown type ${base}`];
  if (typeof value !== "object" || Array.isArray(value)) return [`${path} must be an object`];
  const problems: string[] = [];
  for (const key of Object.keys(value))
    if (!(key in fields)) problems.push(`${path}.${key} is not a field of ${base}`);
  for (const [key, t] of Object.entries(fields))
    problems.push(...checkValue(t, (value as Record<string, unknown>)[key], `${path}.${key}`));
  return problems;
}

/** A variable of type `declared` may fill a position of type `wanted` (a non-null variable fits a nullable one). */
const fits = (declared: string, wanted: string) => declared === wanted || declared === `${wanted}!`;

/** Checks one GraphQL request against the documented operations; returns the root field and problems. */
export function checkGraphqlRequest(
  query: string,
  variables: Record<string, unknown>,
): { field?: string; problems: string[] } {
  const problems: string[] = [];
  const opens = (query.match(/\{/g) ?? []).length;
  const closes = (query.match(/\}/g) ?? []).length;
  if (opens !== closes) problems.push("unbalanced braces");
  const head = /^\s*(query|mutation)\s+(\w+)\s*(?:\(([^)]*)\))?\s*\{\s*(\w+)\s*(?:\(([^)]*)\))?/.exec(query);
  if (!head) return { problems: [...problems, "not a named query or mutation"] };
  const [, kind, , varDefs = "", field = "", argText = ""] = head;
  const doc = ROOT_FIELDS[field];
  if (!doc) return { field, problems: [...problems, `${field} is not a documented root field Loupe uses`] };
  if (doc.kind !== kind) problems.push(`${field} is a ${doc.kind}, sent as a ${kind}`);
  const vars = new Map<string, string>();
  for (const m of varDefs.matchAll(/\$(\w+)\s*:\s*([\w[\]!]+)/g)) vars.set(m[1] as string, m[2] as string);
  const args = new Map<string, string>();
  for (const m of argText.matchAll(/(\w+)\s*:\s*(\$\w+|"[^"]*"|\d+)/g))
    args.set(m[1] as string, m[2] as string);
  for (const [arg, value] of args) {
    const type = doc.args[arg];
    if (!type) {
      problems.push(`${field} has no argument ${arg}`);
      continue;
    }
    if (!value.startsWith("$")) continue;
    const v = value.slice(1);
    const varType = vars.get(v);
    if (!varType) problems.push(`$${v} is not declared`);
    else if (!fits(varType, type[0]))
      problems.push(`$${v} is declared ${varType}, ${field}(${arg}:) takes ${type[0]}`);
    else problems.push(...checkValue(type[1], variables[v], `$${v}`));
  }
  for (const r of doc.required) if (!args.has(r)) problems.push(`${field} needs ${r}`);
  const used = new Set([...args.values()]);
  const selection = query.slice(head[0].length);
  for (const m of selection.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const nested = NESTED_FIELDS[m[1] as string];
    if (!nested) {
      problems.push(`${m[1]}(…) takes no arguments Loupe knows of`);
      continue;
    }
    for (const a of (m[2] as string).matchAll(/(\w+)\s*:\s*(\$\w+|"[^"]*"|\d+)/g)) {
      const type = nested[a[1] as string];
      if (!type) {
        problems.push(`${m[1]} has no argument ${a[1]}`);
        continue;
      }
      const value = a[2] as string;
      if (!value.startsWith("$")) continue;
      used.add(value);
      const varType = vars.get(value.slice(1));
      if (!varType || !fits(varType, type[0]))
        problems.push(`${value} must be declared ${type[0]} for ${m[1]}(${a[1]}:)`);
      else problems.push(...checkValue(type[1], variables[value.slice(1)], value));
    }
  }
  for (const v of vars.keys()) if (!used.has(`$${v}`)) problems.push(`$${v} is declared but not used`);
  for (const v of Object.keys(variables)) if (!vars.has(v)) problems.push(`variable ${v} is not declared`);
  if (kind === "mutation" && !/userErrors\s*\{[^}]*message/.test(query))
    problems.push(`${field} must select userErrors { message }`);
  return { field, problems };
}

export interface StandInCustomer {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  orders: { id: number; name: string; email: string; totalPrice: string; createdAt: string }[];
}

/** Mutable state of the stand-in shop, for tests to inspect. */
export interface StandInState {
  customers: Map<
    number,
    StandInCustomer & {
      dataSaleOptOut: boolean;
      email_marketing: string;
      sms_marketing: string;
      erasureRequested: boolean;
      note?: string;
    }
  >;
  orderEdits: Map<number, Record<string, unknown>>;
  requests: { field: string; variables: Record<string, unknown> }[];
  violations: string[];
}

export interface ShopifyStandIn {
  url: string;
  state: StandInState;
  /** The next `n` requests are answered 429 with `Retry-After: 0`. */
  throttle(n: number): void;
  close(): Promise<void>;
}

/**
 * Starts the stand-in on 127.0.0.1 (a free port) for a shop and token, with the given customers.
 *
 * @example
 * const standIn = await startShopifyStandIn({ version: "2026-07", token: "shpat_test", customers: [...] });
 * const client = new ShopifyAdminClient({ shop: "x.myshopify.com", accessToken: "shpat_test", baseUrl: standIn.url });
 */
export async function startShopifyStandIn(options: {
  version: string;
  token: string;
  customers: StandInCustomer[];
}): Promise<ShopifyStandIn> {
  const state: StandInState = {
    customers: new Map(
      options.customers.map((c) => [
        c.id,
        {
          ...c,
          dataSaleOptOut: false,
          email_marketing: "SUBSCRIBED",
          sms_marketing: "SUBSCRIBED",
          erasureRequested: false,
        },
      ]),
    ),
    orderEdits: new Map(),
    requests: [],
    violations: [],
  };
  let throttled = 0;
  const numericId = (gid: unknown) => Number(String(gid).split("/").pop());
  const address = (c: StandInCustomer) => ({
    firstName: c.firstName,
    lastName: c.lastName,
    company: null,
    address1: "1 Main St",
    address2: null,
    city: "Springfield",
    province: "Illinois",
    provinceCode: "IL",
    zip: "62701",
    country: "United States",
    countryCodeV2: "US",
    phone: c.phone ?? null,
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      const reject = (message: string) => {
        state.violations.push(message);
        send(400, { errors: [{ message }] });
      };
      if (req.method !== "POST" || req.url !== `/admin/api/${options.version}/graphql.json`) {
        return reject(`unexpected ${req.method} ${req.url}`);
      }
      if (req.headers["x-shopify-access-token"] !== options.token)
        return send(401, { errors: "[API] Invalid API key or access token" });
      if (!String(req.headers["content-type"]).startsWith("application/json"))
        return reject("content-type must be application/json");
      if (throttled > 0) {
        throttled--;
        return send(
          429,
          { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] },
          { "retry-after": "0" },
        );
      }
      let body: { query?: string; variables?: Record<string, unknown> };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return reject("body is not JSON");
      }
      const variables = body.variables ?? {};
      const { field, problems } = checkGraphqlRequest(body.query ?? "", variables);
      if (problems.length > 0 || !field) return reject(problems.join("; "));
      state.requests.push({ field, variables });
      const userError = (message: string, code = "INVALID") => ({
        userErrors: [{ field: ["customerId"], message, code }],
      });
      const q = body.query ?? "";
      switch (field) {
        case "customers": {
          const wanted = /email:"([^"]*)"/.exec(String(variables.query))?.[1];
          const nodes = [...state.customers.values()]
            .filter((c) => c.email === wanted)
            .map((c) => ({ id: `gid://shopify/Customer/${c.id}`, email: c.email }));
          return send(200, { data: { customers: { nodes } } });
        }
        case "customer": {
          const c = state.customers.get(numericId(variables.id));
          if (!c) return send(200, { data: { customer: null } });
          if (/orders\(/.test(q)) {
            const first = Number(/orders\(first:\s*(\d+)/.exec(q)?.[1] ?? 50);
            const start = variables.after ? Number(String(variables.after).replace("cursor-", "")) : 0;
            const slice = c.orders.slice(start, start + first);
            const nodes = slice.map((o) => ({
              id: `gid://shopify/Order/${o.id}`,
              name: o.name,
              email: (state.orderEdits.get(o.id)?.email as string) ?? o.email,
              phone: c.phone ?? null,
              note: null,
              createdAt: o.createdAt,
              customAttributes: [],
              billingAddress: address(c),
              shippingAddress: address(c),
              totalPriceSet: { shopMoney: { amount: o.totalPrice, currencyCode: "USD" } },
              lineItems: { nodes: [{ name: "Diamond stud earrings", sku: "DSE-1", quantity: 1 }] },
            }));
            const more = start + first < c.orders.length;
            return send(200, {
              data: {
                customer: {
                  orders: {
                    nodes,
                    pageInfo: { hasNextPage: more, endCursor: more ? `cursor-${start + first}` : null },
                  },
                },
              },
            });
          }
          return send(200, {
            data: {
              customer: {
                id: `gid://shopify/Customer/${c.id}`,
                firstName: c.firstName,
                lastName: c.lastName,
                displayName: `${c.firstName} ${c.lastName}`,
                email: c.email,
                phone: c.phone ?? null,
                note: c.note ?? null,
                tags: [],
                locale: "en",
                createdAt: "2025-01-01T00:00:00Z",
                updatedAt: "2026-11-01T00:00:00Z",
                dataSaleOptOut: c.dataSaleOptOut,
                canDelete: c.orders.length === 0,
                emailMarketingConsent: {
                  marketingState: c.email_marketing,
                  marketingOptInLevel: "SINGLE_OPT_IN",
                  consentUpdatedAt: null,
                },
                smsMarketingConsent: c.phone
                  ? {
                      marketingState: c.sms_marketing,
                      marketingOptInLevel: "SINGLE_OPT_IN",
                      consentUpdatedAt: null,
                      consentCollectedFrom: "OTHER",
                    }
                  : null,
                defaultAddress: address(c),
                addresses: [address(c)],
                metafields: { nodes: [] },
              },
            },
          });
        }
        case "customerRequestDataErasure": {
          const c = state.customers.get(numericId(variables.customerId));
          if (!c)
            return send(200, {
              data: {
                customerRequestDataErasure: {
                  customerId: null,
                  ...userError("Customer does not exist", "DOES_NOT_EXIST"),
                },
              },
            });
          c.erasureRequested = true;
          return send(200, {
            data: {
              customerRequestDataErasure: { customerId: `gid://shopify/Customer/${c.id}`, userErrors: [] },
            },
          });
        }
        case "dataSaleOptOut": {
          const c = [...state.customers.values()].find(
            (x) => x.email === String(variables.email).toLowerCase(),
          );
          if (c) c.dataSaleOptOut = true;
          return send(200, {
            data: {
              dataSaleOptOut: { customerId: c ? `gid://shopify/Customer/${c.id}` : null, userErrors: [] },
            },
          });
        }
        case "customerEmailMarketingConsentUpdate":
        case "customerSmsMarketingConsentUpdate": {
          const input = variables.input as Record<string, Record<string, string>>;
          const c = state.customers.get(numericId(input.customerId));
          if (!c)
            return send(200, { data: { [field]: { customer: null, ...userError("Customer not found") } } });
          const sms = field === "customerSmsMarketingConsentUpdate";
          if (sms && !c.phone)
            return send(200, {
              data: {
                [field]: {
                  customer: null,
                  ...userError("Customer must have a phone number", "MISSING_ARGUMENT"),
                },
              },
            });
          const given = (sms ? input.smsMarketingConsent : input.emailMarketingConsent) as Record<
            string,
            string
          >;
          if (sms) c.sms_marketing = given.marketingState as string;
          else c.email_marketing = given.marketingState as string;
          const key = sms ? "smsMarketingConsent" : "emailMarketingConsent";
          return send(200, {
            data: {
              [field]: {
                customer: {
                  id: `gid://shopify/Customer/${c.id}`,
                  [key]: {
                    marketingState: given.marketingState,
                    marketingOptInLevel: given.marketingOptInLevel ?? "SINGLE_OPT_IN",
                    consentUpdatedAt: given.consentUpdatedAt ?? null,
                  },
                },
                userErrors: [],
              },
            },
          });
        }
        case "customerUpdate": {
          const input = variables.input as Record<string, string>;
          const c = state.customers.get(numericId(input.id));
          if (!c)
            return send(200, {
              data: {
                customerUpdate: {
                  customer: null,
                  userErrors: [{ field: ["id"], message: "Customer does not exist" }],
                },
              },
            });
          Object.assign(c, Object.fromEntries(Object.entries(input).filter(([k]) => k !== "id")));
          return send(200, { data: { customerUpdate: { customer: { id: input.id }, userErrors: [] } } });
        }
        case "orderUpdate": {
          const input = variables.input as Record<string, unknown>;
          state.orderEdits.set(numericId(input.id), {
            ...state.orderEdits.get(numericId(input.id)),
            ...input,
          });
          return send(200, { data: { orderUpdate: { order: { id: input.id }, userErrors: [] } } });
        }
      }
      return reject(`${field} has no answer`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    throttle: (n) => {
      throttled = n;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
