import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkGraphqlRequest,
  type ShopifyStandIn,
  startShopifyStandIn,
} from "../testing/shopify-admin-stand-in.js";
import { SHOPIFY_API_VERSION, SHOPIFY_OPERATIONS, ShopifyAdminClient } from "./shopify-admin-client.js";

const TOKEN = "shpat_stand_in_token";

describe("ShopifyAdminClient against the documented operations (local stand-in)", () => {
  let standIn: ShopifyStandIn;
  let client: ShopifyAdminClient;
  beforeAll(async () => {
    standIn = await startShopifyStandIn({
      version: SHOPIFY_API_VERSION,
      token: TOKEN,
      customers: [
        {
          id: 191167,
          firstName: "John",
          lastName: "Smith",
          email: "john@example.com",
          phone: "+15556251199",
          orders: Array.from({ length: 55 }, (_, i) => ({
            id: 299900 + i,
            name: `#${1000 + i}`,
            email: "john@example.com",
            totalPrice: "120.00",
            createdAt: "2026-10-01T10:00:00Z",
          })),
        },
        { id: 191168, firstName: "Jane", lastName: "Doe", email: "jane@example.com", orders: [] },
      ],
    });
    client = new ShopifyAdminClient({
      shop: "namdar-test.myshopify.com",
      accessToken: TOKEN,
      baseUrl: standIn.url,
      sleep: async () => {},
    });
  });
  afterAll(async () => {
    await standIn?.close();
  });

  it("pins one API version", () => {
    expect(client.endpoint).toBe(`${standIn.url}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`);
  });

  it("reads a customer and every order page for access", async () => {
    const found = await client.findCustomerByEmail("John@Example.com");
    expect(found).toEqual({ ok: true, value: "gid://shopify/Customer/191167" });
    const data = await client.readCustomer("191167");
    if (!data.ok) throw data.errors[0];
    expect(data.value?.customer.email).toBe("john@example.com");
    expect(data.value?.orders).toHaveLength(55);
    expect(new Set(data.value?.orders.map((o) => o.id)).size).toBe(55);
    expect(await client.readCustomer("1")).toEqual({ ok: true, value: undefined });
  });

  it("requests erasure, opts out of sale, mirrors marketing consent and rectifies", async () => {
    expect(await client.requestErasure("191167")).toEqual({
      ok: true,
      value: { customerId: "gid://shopify/Customer/191167" },
    });
    expect(standIn.state.customers.get(191167)?.erasureRequested).toBe(true);
    const missing = await client.requestErasure(42);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors[0]?.message).toMatch(/DOES_NOT_EXIST/);

    expect((await client.optOutOfDataSale("jane@example.com")).ok).toBe(true);
    expect(standIn.state.customers.get(191168)?.dataSaleOptOut).toBe(true);

    const email = await client.setEmailMarketing({
      customerId: "191167",
      marketingState: "UNSUBSCRIBED",
      marketingOptInLevel: "SINGLE_OPT_IN",
      consentUpdatedAt: "2026-11-22T07:00:00Z",
    });
    expect(email.ok).toBe(true);
    expect(standIn.state.customers.get(191167)?.email_marketing).toBe("UNSUBSCRIBED");
    expect((await client.setSmsMarketing({ customerId: "191167", marketingState: "UNSUBSCRIBED" })).ok).toBe(
      true,
    );
    expect(standIn.state.customers.get(191167)?.sms_marketing).toBe("UNSUBSCRIBED");
    // Jane has no phone: Shopify's user error comes back as a located LoupeError.
    const sms = await client.setSmsMarketing({ customerId: "191168", marketingState: "UNSUBSCRIBED" });
    expect(sms.ok).toBe(false);

    expect((await client.correctCustomer({ id: "191167", lastName: "Smith-Jones" })).ok).toBe(true);
    expect(standIn.state.customers.get(191167)?.lastName).toBe("Smith-Jones");
    expect(
      (
        await client.correctOrder({
          id: "299900",
          email: "john.smith@example.com",
          shippingAddress: { city: "Chicago", provinceCode: "IL" },
        })
      ).ok,
    ).toBe(true);
    expect(standIn.state.orderEdits.get(299900)?.email).toBe("john.smith@example.com");
    expect(standIn.state.violations).toEqual([]);
  });

  it("retries when throttled and reports a refused token", async () => {
    standIn.throttle(2);
    expect((await client.optOutOfDataSale("john@example.com")).ok).toBe(true);
    const bad = new ShopifyAdminClient({
      shop: "namdar-test.myshopify.com",
      accessToken: "wrong",
      baseUrl: standIn.url,
    });
    const r = await bad.requestErasure("191167");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.code).toBe("UNAUTHORIZED");
  });

  it("the stand-in refuses requests that stray from the documented operations", async () => {
    const good = checkGraphqlRequest(SHOPIFY_OPERATIONS.CustomerRequestDataErasure, {
      customerId: "gid://shopify/Customer/1",
    });
    expect(good.problems).toEqual([]);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [SHOPIFY_OPERATIONS.CustomerRequestDataErasure, { customerId: "191167" }, /gid:\/\/shopify\/Customer/],
      [
        SHOPIFY_OPERATIONS.CustomerRequestDataErasure.replace("$customerId: ID!", "$customerId: String!"),
        { customerId: "gid://shopify/Customer/1" },
        /takes ID!/,
      ],
      [
        SHOPIFY_OPERATIONS.DataSaleOptOut.replace("userErrors { field message code }", "customerId"),
        { email: "a@b.c" },
        /userErrors/,
      ],
      [
        SHOPIFY_OPERATIONS.CustomerEmailMarketingConsentUpdate,
        {
          input: {
            customerId: "gid://shopify/Customer/1",
            emailMarketingConsent: { marketingState: "NOT_SUBSCRIBED" },
          },
        },
        /not a CustomerEmailMarketingStateInput/,
      ],
      [
        SHOPIFY_OPERATIONS.CustomerUpdate,
        { input: { id: "gid://shopify/Customer/1", password: "x" } },
        /password is not a field of CustomerInput/,
      ],
      [SHOPIFY_OPERATIONS.OrderUpdate, { input: { email: "a@b.c" } }, /\$input\.id is required/],
      [
        "mutation X($id: ID!) { customerDelete(input: {id: $id}) { userErrors { message } } }",
        { id: "gid://shopify/Customer/1" },
        /not a documented root field/,
      ],
    ];
    for (const [query, variables, expected] of cases) {
      expect(checkGraphqlRequest(query, variables).problems.join("; ")).toMatch(expected);
    }
    const before = standIn.state.violations.length;
    const res = await fetch(client.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": TOKEN },
      body: JSON.stringify({ query: SHOPIFY_OPERATIONS.DataSaleOptOut, variables: { email: 42 } }),
    });
    expect(res.status).toBe(400);
    expect(standIn.state.violations.length).toBe(before + 1);
  });
});
