import { fail, LoupeError, ok, type Result } from "@loupe/core";

/**
 * The Admin API version every call is pinned to. Shopify supports a version for twelve months; 2026-07 still
 * takes SMS consent through `customerSmsMarketingConsentUpdate` as documented (2026-10 moves it to
 * `CustomerPhoneNumber`, "action required"). Moving the pin means re-reading those changelogs.
 */
export const SHOPIFY_API_VERSION = "2026-07";

export interface ShopifyAdminOptions {
  /** The shop's `*.myshopify.com` domain. */
  shop: string;
  /** The app's offline Admin API access token (sent as `X-Shopify-Access-Token`, never logged). */
  accessToken: string;
  /** Another `fetch`, e.g. one with a proxy. */
  fetch?: typeof fetch;
  /** Base URL instead of `https://<shop>`, e.g. a local stand-in in tests. */
  baseUrl?: string;
  /** Retries of a throttled or unavailable call (429, 5xx, `THROTTLED`). Default 3. */
  retries?: number;
  /** Waits between retries; tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

/** A field error Shopify returned from a mutation. */
export interface ShopifyUserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export type MarketingState = "SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING";
export type MarketingOptInLevel = "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN" | "UNKNOWN";

export interface MarketingConsentInput {
  customerId: string;
  marketingState: MarketingState;
  marketingOptInLevel?: MarketingOptInLevel;
  /** ISO date-time the choice was made (Loupe's receipt time). */
  consentUpdatedAt?: string;
}

/** Fields rectification may change on a customer (`CustomerInput`). */
export interface CustomerCorrection {
  id: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  note?: string;
}

/** Fields rectification may change on an order (`OrderInput`). */
export interface OrderCorrection {
  id: string;
  email?: string;
  phone?: string;
  note?: string;
  shippingAddress?: {
    firstName?: string;
    lastName?: string;
    company?: string;
    address1?: string;
    address2?: string;
    city?: string;
    provinceCode?: string;
    zip?: string;
    countryCode?: string;
    phone?: string;
  };
}

/** A customer and all their readable orders, for an access package. */
export interface ShopifyAccessData {
  customer: Record<string, unknown>;
  orders: Record<string, unknown>[];
}

const ADDRESS =
  "firstName lastName company address1 address2 city province provinceCode zip country countryCodeV2 phone";

/** The documented operations this connector sends, by name. */
export const SHOPIFY_OPERATIONS = {
  CustomerByEmail: `query CustomerByEmail($query: String!) {
  customers(first: 2, query: $query) { nodes { id email } }
}`,
  CustomerAccess: `query CustomerAccess($id: ID!) {
  customer(id: $id) {
    id firstName lastName displayName email phone note tags locale createdAt updatedAt
    dataSaleOptOut canDelete
    emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
    smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt consentCollectedFrom }
    defaultAddress { ${ADDRESS} }
    addresses { ${ADDRESS} }
    metafields(first: 50) { nodes { namespace key value } }
  }
}`,
  CustomerOrders: `query CustomerOrders($id: ID!, $after: String) {
  customer(id: $id) {
    orders(first: 50, after: $after) {
      nodes {
        id name email phone note createdAt
        customAttributes { key value }
        billingAddress { ${ADDRESS} }
        shippingAddress { ${ADDRESS} }
        totalPriceSet { shopMoney { amount currencyCode } }
        lineItems(first: 100) { nodes { name sku quantity } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`,
  CustomerRequestDataErasure: `mutation CustomerRequestDataErasure($customerId: ID!) {
  customerRequestDataErasure(customerId: $customerId) { customerId userErrors { field message code } }
}`,
  DataSaleOptOut: `mutation DataSaleOptOut($email: String!) {
  dataSaleOptOut(email: $email) { customerId userErrors { field message code } }
}`,
  CustomerEmailMarketingConsentUpdate: `mutation CustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) {
    customer { id emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt } }
    userErrors { field message code }
  }
}`,
  CustomerSmsMarketingConsentUpdate: `mutation CustomerSmsMarketingConsentUpdate($input: CustomerSmsMarketingConsentUpdateInput!) {
  customerSmsMarketingConsentUpdate(input: $input) {
    customer { id smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt } }
    userErrors { field message code }
  }
}`,
  CustomerUpdate: `mutation CustomerUpdate($input: CustomerInput!) {
  customerUpdate(input: $input) { customer { id } userErrors { field message } }
}`,
  OrderUpdate: `mutation OrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) { order { id } userErrors { field message } }
}`,
} as const;

export type ShopifyOperation = keyof typeof SHOPIFY_OPERATIONS;

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;
const ORDER_GID = /^gid:\/\/shopify\/Order\/\d+$/;

/**
 * A customer id as Shopify's GraphQL wants it: webhook payloads carry the number, GraphQL the global id.
 *
 * @example
 * customerGid("191167"); // "gid://shopify/Customer/191167"
 */
export function customerGid(id: string | number): string {
  const s = String(id);
  return CUSTOMER_GID.test(s) ? s : `gid://shopify/Customer/${s}`;
}

/**
 * Loupe's connector to one shop's Admin GraphQL API, pinned to {@link SHOPIFY_API_VERSION}: reads a customer
 * and their orders for access, asks Shopify to erase a customer (`customerRequestDataErasure`; Shopify decides
 * when, holding it up to 180 days after the last order), records Do Not Sell or Share (`dataSaleOptOut`),
 * mirrors e-mail and SMS marketing choices, and rectifies customers and orders. Every call returns a `Result`;
 * user errors from Shopify become `INVALID_REQUEST`, a bad token `UNAUTHORIZED`, an outage `UNAVAILABLE`.
 *
 * @example
 * const shopify = new ShopifyAdminClient({ shop: "namdar.myshopify.com", accessToken: process.env.SHOPIFY_TOKEN! });
 * const erased = await shopify.requestErasure("191167");
 * if (erased.ok) console.log(erased.value.customerId); // "gid://shopify/Customer/191167"
 */
export class ShopifyAdminClient {
  readonly endpoint: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #retries: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: ShopifyAdminOptions) {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(options.shop)) {
      throw new LoupeError("USAGE", `shop must be a *.myshopify.com domain, got '${options.shop}'`);
    }
    const base = (options.baseUrl ?? `https://${options.shop}`).replace(/\/+$/, "");
    this.endpoint = `${base}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
    this.#token = options.accessToken;
    this.#fetch = options.fetch ?? fetch;
    this.#retries = options.retries ?? 3;
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Sends one of the documented operations with its variables and returns `data`.
   *
   * @example
   * await shopify.call("DataSaleOptOut", { email: "john@example.com" });
   */
  async call<T = Record<string, unknown>>(
    operation: ShopifyOperation,
    variables: Record<string, unknown>,
  ): Promise<Result<T>> {
    const body = JSON.stringify({
      query: SHOPIFY_OPERATIONS[operation],
      operationName: operation,
      variables,
    });
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.#fetch(this.endpoint, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            "x-shopify-access-token": this.#token,
          },
          body,
        });
      } catch (e) {
        if (attempt < this.#retries) {
          await this.#sleep(500 * 2 ** attempt);
          continue;
        }
        return fail(new LoupeError("UNAVAILABLE", `Shopify Admin API unreachable (${(e as Error).message})`));
      }
      if (res.status === 401 || res.status === 403) {
        return fail(
          new LoupeError(
            "UNAUTHORIZED",
            `Shopify refused the access token (${res.status}): check the app's scopes`,
          ),
        );
      }
      const throttled = res.status === 429 || res.status >= 500;
      const json = (await res.json().catch(() => ({}))) as {
        data?: T;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      const isThrottled = throttled || (json.errors ?? []).some((e) => e.extensions?.code === "THROTTLED");
      if (isThrottled && attempt < this.#retries) {
        const retryAfter = Number(res.headers.get("retry-after"));
        await this.#sleep(
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000 * 2 ** attempt,
        );
        continue;
      }
      if (!res.ok)
        return fail(
          new LoupeError("UNAVAILABLE", `Shopify Admin API answered ${res.status} to ${operation}`),
        );
      if (json.errors?.length) {
        return fail(
          new LoupeError(
            "INVALID_REQUEST",
            `Shopify rejected ${operation}: ${json.errors.map((e) => e.message).join("; ")}`,
          ),
        );
      }
      if (!json.data)
        return fail(new LoupeError("UNAVAILABLE", `Shopify answered ${operation} without data`));
      return ok(json.data);
    }
  }

  /** Unwraps a mutation payload: its user errors become one `INVALID_REQUEST`. */
  async #mutate<T extends object>(
    operation: ShopifyOperation,
    field: string,
    variables: Record<string, unknown>,
  ): Promise<Result<T>> {
    const r = await this.call<Record<string, (T & { userErrors: ShopifyUserError[] }) | null>>(
      operation,
      variables,
    );
    if (!r.ok) return r;
    const payload = r.value[field];
    if (!payload) return fail(new LoupeError("INVALID_REQUEST", `Shopify returned no ${field} payload`));
    const { userErrors, ...rest } = payload;
    if (userErrors.length > 0) {
      return fail(
        ...userErrors.map(
          (e) =>
            new LoupeError(
              "INVALID_REQUEST",
              `${field}: ${e.code ? `${e.code}: ` : ""}${e.message}`,
              e.field ? { path: e.field.join(".") } : undefined,
            ),
        ),
      );
    }
    return ok(rest as unknown as T);
  }

  /**
   * Finds a customer's global id by e-mail (`customers(query: "email:…")`); `undefined` when there is none.
   *
   * @example
   * await shopify.findCustomerByEmail("john@example.com"); // ok("gid://shopify/Customer/191167")
   */
  async findCustomerByEmail(email: string): Promise<Result<string | undefined>> {
    const quoted = `email:"${email.trim().toLowerCase().replace(/["\\]/g, "\\$&")}"`;
    const r = await this.call<{ customers: { nodes: { id: string; email: string | null }[] } }>(
      "CustomerByEmail",
      { query: quoted },
    );
    if (!r.ok) return r;
    const match = r.value.customers.nodes.find(
      (n) => (n.email ?? "").toLowerCase() === email.trim().toLowerCase(),
    );
    return ok(match?.id);
  }

  /**
   * Reads a customer and every order the app may read (all of them with `read_all_orders`, else the last 60
   * days), page by page, for an access package.
   *
   * @example
   * const data = await shopify.readCustomer("191167");
   * if (data.ok) data.value.orders.length; // 3
   */
  async readCustomer(customerId: string | number): Promise<Result<ShopifyAccessData | undefined>> {
    const id = customerGid(customerId);
    const r = await this.call<{ customer: Record<string, unknown> | null }>("CustomerAccess", { id });
    if (!r.ok) return r;
    if (!r.value.customer) return ok(undefined);
    const orders: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (let page = 0; page < 200; page++) {
      const o: Result<{
        customer: {
          orders: {
            nodes: Record<string, unknown>[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        } | null;
      }> = await this.call("CustomerOrders", { id, after });
      if (!o.ok) return o;
      const connection:
        | { nodes: Record<string, unknown>[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
        | undefined = o.value.customer?.orders;
      if (!connection) break;
      orders.push(...connection.nodes);
      if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
      after = connection.pageInfo.endCursor;
    }
    return ok({ customer: r.value.customer, orders });
  }

  /**
   * Asks Shopify to erase a customer's personal data (`customerRequestDataErasure`, scope
   * `write_customer_data_erasure`). Shopify enqueues it and, for a customer who ordered in the last 180 days,
   * waits until 180 days after that order; Loupe tells the requester so.
   *
   * @example
   * await shopify.requestErasure("191167"); // ok({ customerId: "gid://shopify/Customer/191167" })
   */
  requestErasure(customerId: string | number): Promise<Result<{ customerId: string | null }>> {
    return this.#mutate("CustomerRequestDataErasure", "customerRequestDataErasure", {
      customerId: customerGid(customerId),
    });
  }

  /**
   * Records a Do Not Sell or Share opt-out for an e-mail (`dataSaleOptOut`, scope `write_privacy_settings`).
   *
   * @example
   * await shopify.optOutOfDataSale("john@example.com"); // ok({ customerId: "gid://shopify/Customer/191167" })
   */
  optOutOfDataSale(email: string): Promise<Result<{ customerId: string | null }>> {
    return this.#mutate("DataSaleOptOut", "dataSaleOptOut", { email: email.trim() });
  }

  /**
   * Mirrors an e-mail marketing choice (`customerEmailMarketingConsentUpdate`).
   *
   * @example
   * await shopify.setEmailMarketing({ customerId: "191167", marketingState: "UNSUBSCRIBED", consentUpdatedAt: receipt.at });
   */
  setEmailMarketing(
    input: MarketingConsentInput,
  ): Promise<Result<{ customer: Record<string, unknown> | null }>> {
    return this.#mutate("CustomerEmailMarketingConsentUpdate", "customerEmailMarketingConsentUpdate", {
      input: { customerId: customerGid(input.customerId), emailMarketingConsent: consent(input) },
    });
  }

  /**
   * Mirrors an SMS marketing choice (`customerSmsMarketingConsentUpdate`; the customer needs a phone number).
   *
   * @example
   * await shopify.setSmsMarketing({ customerId: "191167", marketingState: "UNSUBSCRIBED" });
   */
  setSmsMarketing(
    input: MarketingConsentInput,
  ): Promise<Result<{ customer: Record<string, unknown> | null }>> {
    return this.#mutate("CustomerSmsMarketingConsentUpdate", "customerSmsMarketingConsentUpdate", {
      input: { customerId: customerGid(input.customerId), smsMarketingConsent: consent(input) },
    });
  }

  /**
   * Rectifies a customer (`customerUpdate`).
   *
   * @example
   * await shopify.correctCustomer({ id: "191167", lastName: "Smith-Jones" });
   */
  correctCustomer(correction: CustomerCorrection): Promise<Result<{ customer: { id: string } | null }>> {
    return this.#mutate("CustomerUpdate", "customerUpdate", {
      input: { ...correction, id: customerGid(correction.id) },
    });
  }

  /**
   * Rectifies an order's contact details (`orderUpdate`).
   *
   * @example
   * await shopify.correctOrder({ id: "gid://shopify/Order/299938", email: "john.smith@example.com" });
   */
  correctOrder(correction: OrderCorrection): Promise<Result<{ order: { id: string } | null }>> {
    const id = ORDER_GID.test(correction.id) ? correction.id : `gid://shopify/Order/${correction.id}`;
    return this.#mutate("OrderUpdate", "orderUpdate", { input: { ...correction, id } });
  }
}

function consent(input: MarketingConsentInput): Record<string, string> {
  return {
    marketingState: input.marketingState,
    ...(input.marketingOptInLevel ? { marketingOptInLevel: input.marketingOptInLevel } : {}),
    ...(input.consentUpdatedAt ? { consentUpdatedAt: input.consentUpdatedAt } : {}),
  };
}
