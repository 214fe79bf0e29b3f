import { describe, expect, it } from "vitest";
import { proposeCategory, words } from "./propose-category.js";

const p = (table: string, column: string, type = "character varying(100)", values: string[] = []) =>
  proposeCategory({ table, column, type, values });

describe("words", () => {
  it("splits snake, kebab and camel case", () => {
    expect(words("lastLoginIP")).toEqual(["last", "login", "ip"]);
    expect(words("recently-viewed:{customer_id}")).toEqual(["recently", "viewed", "customer", "id"]);
  });
});

describe("proposeCategory", () => {
  it("trusts a clear column name confirmed by its values", () => {
    expect(p("orders", "email", "varchar(254)", ["a@example.com", "b@example.net"])).toEqual({
      category: "user.contact.email",
      review: false,
      reason: "column name and values",
    });
    expect(p("customers", "phone", "varchar(20)", ["+12125550123"])?.category).toBe(
      "user.contact.phone_number",
    );
    expect(p("customers", "first_name")?.category).toBe("user.name.first");
    expect(p("customers", "password_hash")?.category).toBe("user.authorization.credentials");
    expect(p("customers", "date_of_birth", "date")?.category).toBe("user.demographic.date_of_birth");
  });

  it("asks for review when the values contradict the name", () => {
    expect(p("campaigns", "email", "varchar(20)", ["welcome", "winback", "birthday"])).toMatchObject({
      category: "user.contact.email",
      review: true,
    });
  });

  it("reads the table for context", () => {
    expect(p("addresses", "city")?.category).toBe("user.contact.address.city");
    expect(p("web_sessions", "city")).toMatchObject({ category: "user.location.imprecise", review: false });
    expect(p("payment_methods", "last_four", "character(4)", ["4242"])?.category).toBe(
      "user.financial.credit_card",
    );
    expect(p("payments", "amount", "numeric(12,2)")?.category).toBe("user.payment");
    expect(p("orders", "total", "numeric(12,2)")?.category).toBe("user.behavior.purchase_history");
    expect(p("products", "price", "numeric(12,2)")).toBeUndefined();
    expect(p("wishlist_items", "product_id", "bigint")?.category).toBe("user.behavior.wishlist");
    expect(p("product_reviews", "body", "text")?.category).toBe("user.content.review");
    expect(p("social_mentions", "content", "text")?.category).toBe("user.content.social_post");
    expect(p("chat_messages", "body", "text")).toMatchObject({
      category: "user.content.private",
      review: false,
    });
    expect(p("page_views", "referrer")?.category).toBe("user.behavior.browsing_history");
    expect(p("referral_recipients", "friend_email", "varchar(254)", ["x@example.org"])?.category).toBe(
      "user.contact.referral",
    );
  });

  it("leaves things that are not about people alone", () => {
    expect(p("products", "name", "varchar(200)", ["Halo Diamond Ring in Platinum"])).toBeUndefined();
    expect(p("orders", "status", "varchar(20)", ["delivered"])).toBeUndefined();
    expect(p("orders", "placed_at", "timestamp with time zone")).toBeUndefined();
    expect(p("orders", "customer_id", "bigint")).toBeUndefined();
  });

  it("falls back on values, marked for review", () => {
    expect(p("legacy", "col7", "text", ["a@example.com", "b@example.com", "c@example.com"])).toEqual({
      category: "user.contact.email",
      review: true,
      reason: "values look like e-mail addresses",
    });
    expect(p("legacy", "col8", "text", ["192.0.2.1", "2001:db8::1", "198.51.100.7"])?.category).toBe(
      "user.device.ip_address",
    );
    expect(
      p("shipments", "signed_by", "varchar(100)", ["Olivia Martin", "Sofía van der Berg", "Liam O'Brien"]),
    ).toMatchObject({
      category: "user.name",
      review: true,
    });
    expect(p("legacy", "col9", "text", ["(212) 555-0100", "+1 415 555 0199", "212-555-0142"])?.category).toBe(
      "user.contact.phone_number",
    );
    expect(p("legacy", "col10", "text", ["12", "13", "14"])).toBeUndefined();
  });
});
