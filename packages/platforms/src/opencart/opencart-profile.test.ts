import { DATA_CATEGORIES, SystemSchema } from "@loupe/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOpencartTestShop,
  haveOpencart3Sql,
  type OpencartTestShop,
} from "../testing/opencart-test-shop.js";
import { discoverOpencart } from "./discover-opencart.js";
import { missingJsonLinks } from "./json-link-columns.js";
import { missingIndexes } from "./missing-indexes.js";
import { readOpencartGdprRequests, writeOpencartGdprStatus } from "./opencart-gdpr.js";
import { readOpencartNewsletter, setOpencartNewsletter } from "./opencart-newsletter.js";
import { opencartSystem } from "./opencart-system.js";
import { recogniseOpencart } from "./recognise-opencart.js";

/** The tables of platforms.md §2.2 with personal data of customers or visitors, by version. */
const PERSONAL_TABLES_BOTH = [
  "customer",
  "address",
  "customer_ip",
  "customer_login",
  "customer_approval",
  "customer_history",
  "customer_activity",
  "customer_wishlist",
  "customer_reward",
  "customer_transaction",
  "customer_affiliate",
  "customer_online",
  "customer_search",
  "order",
  "order_history",
  "order_product",
  "order_option",
  "order_total",
  "coupon_history",
  "return",
  "return_history",
  "review",
  "upload",
  "session",
  "cart",
];
const PERSONAL_TABLES_3 = [...PERSONAL_TABLES_BOTH, "voucher", "order_voucher", "order_recurring"];
const PERSONAL_TABLES_4 = [
  ...PERSONAL_TABLES_BOTH,
  "customer_authorize",
  "customer_token",
  "customer_affiliate_report",
  "order_subscription",
  "subscription",
  "subscription_history",
  "article_comment",
  "article_rating",
  "product_report",
  "marketing_report",
  "download_report",
  "gdpr",
];
/** Tables that are deleted outright by the erasure plan (the brief's list). */
const DELETED = [
  "customer",
  "customer_activity",
  "customer_login",
  "customer_online",
  "customer_search",
  "customer_wishlist",
  "cart",
  "session",
];

function checkAnnotations(t: OpencartTestShop, expected: string[]) {
  const built = opencartSystem(t.shop, { connectionEnv: "SHOP_DATABASE_URL" });
  expect(built.ok).toBe(true);
  if (!built.ok) return;
  const { system } = built.value;
  expect(SystemSchema.safeParse(system).success).toBe(true);
  const names = Object.keys(system.tables);
  for (const table of expected) expect(names, `annotation for ${table}`).toContain(t.shop.prefix + table);
  // Every annotated column exists in the live table, and every category is a known taxonomy key.
  for (const [table, a] of Object.entries(system.tables)) {
    const live = t.shop.tables.get(table.slice(t.shop.prefix.length));
    const columns = new Set(live?.columns.map((c) => c.name));
    for (const [column, field] of Object.entries(a.fields)) {
      expect(columns.has(column), `${table}.${column}`).toBe(true);
      const key = typeof field === "string" ? field : field.category;
      expect(DATA_CATEGORIES.has(key), `${table}.${column}: ${key}`).toBe(true);
    }
    for (const column of Object.values(a.identity))
      expect(columns.has(column as string), `${table}.${column}`).toBe(true);
    for (const [column, target] of Object.entries(a.references)) {
      expect(columns.has(column)).toBe(true);
      const [tt, tc] = target.split(".") as [string, string];
      expect(
        t.shop.tables.get(tt.slice(t.shop.prefix.length))?.columns.some((c) => c.name === tc),
        target,
      ).toBe(true);
    }
  }
  const p = t.shop.prefix;
  // Identities: customer id, case-insensitive e-mail, telephone, order id, session id, IP.
  expect(system.tables[`${p}customer`]?.identity).toMatchObject({
    customer_id: "customer_id",
    email: "email",
    phone: "telephone",
    ip_address: "ip",
  });
  expect(system.tables[`${p}order`]?.identity).toEqual({
    order_number: "order_id",
    email: "email",
    phone: "telephone",
  });
  // Guests carry customer_id 0: it is followed as a reference, never matched as an identity.
  expect(system.tables[`${p}order`]?.references.customer_id).toBe(`${p}customer.customer_id`);
  expect(system.tables[`${p}review`]?.identity).toEqual({});
  expect(system.tables[`${p}session`]?.identity).toEqual({ session_id: "session_id" });
  expect(built.value.profile.email_case_insensitive[`${p}order`]).toBe(true);
  // Implicit references, JSON paths and files.
  expect(system.tables[`${p}order_product`]?.references).toEqual({ order_id: `${p}order.order_id` });
  expect(system.tables[`${p}cart`]?.references.session_id).toBe(`${p}session.session_id`);
  expect(built.value.profile.json[`${p}customer_activity`]?.data?.["$.name"]).toBe("user.name");
  expect(built.value.profile.json[`${p}session`]?.data?.["$.customer_id"]).toBe("customer_id");
  expect(built.value.profile.files).toEqual([{ table: `${p}upload`, column: "filename" }]);
  expect(built.value.profile.zero_means_none[`${p}order`]).toEqual(["customer_id"]);
  // Erasure plan: delete the account-side rows, mask orders/returns/reviews, keep totals and products under holds.
  for (const table of DELETED) expect(system.tables[p + table]?.erase, table).toBe("delete");
  for (const table of ["order", "return", "review"])
    expect(system.tables[p + table]?.erase, table).toBe("mask");
  for (const table of ["order_total", "order_product"])
    expect(system.tables[p + table]?.erase, table).toBe("keep");
  const orderHolds = system.tables[`${p}order`]?.holds ?? [];
  expect(orderHolds.map((h) => h.reason).join(" ")).toMatch(/tax/);
  expect(orderHolds.flatMap((h) => h.fields)).toContain("total");
  expect(system.tables[`${p}return`]?.holds.map((h) => h.reason).join(" ")).toMatch(/warranty/);
  return built.value;
}

describe.runIf(haveOpencart3Sql())("OpenCart 3 (the real install script, prefix substituted)", () => {
  let t: OpencartTestShop;
  beforeAll(async () => {
    t = await createOpencartTestShop({ version: 3, prefix: "fdj_" });
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it("recognises OpenCart 3, its prefix and its MyISAM engines", () => {
    expect(t.shop.version).toBe(3);
    expect(t.shop.prefix).toBe("fdj_");
    expect(t.shop.tables.size).toBe(134);
    expect(t.shop.engines.customer).toBe("MyISAM");
    expect(t.shop.engines.session).toBe("InnoDB");
    expect(t.shop.transactional).toBe(false);
  });

  it("discovers the shop from its URL alone: OpenCart 3, its prefix, annotations and missing indexes", async () => {
    const found = await discoverOpencart(t.url, { connectionEnv: "FDJ_DATABASE_URL" });
    if (!found.ok) throw found.errors[0];
    expect([found.value.version, found.value.prefix]).toEqual([3, "fdj_"]);
    expect(found.value.system.connection).toEqual({ env: "FDJ_DATABASE_URL" });
    expect(found.value.tables).toContain("order");
    expect(found.value.missingIndexes.some((m) => m.column === "customer_id")).toBe(true);
  });

  it("holds the generated customers, guests and their rows", async () => {
    const [rows] = await t.conn.query("SELECT COUNT(*) AS n, SUM(customer_id = 0) AS guests FROM fdj_order");
    const counts = (rows as { n: number; guests: string }[])[0];
    expect(counts?.n).toBe(t.data.rows.order?.length);
    expect(Number(counts?.guests)).toBe(t.data.people.filter((p) => p.kind === "guest").length);
  });

  it("produces annotations that validate and cover every personal table", () => {
    const built = checkAnnotations(t, PERSONAL_TABLES_3);
    expect(built?.profile.erasure).toBe("idempotent-verified");
    expect(built?.system.tables.fdj_customer?.fields.salt).toBeDefined();
  });

  it("reports missing indexes on customer_id columns with the statement that adds each", async () => {
    const built = opencartSystem(t.shop);
    if (!built.ok) throw built.errors[0];
    const report = missingIndexes(t.shop, built.value.system);
    const customerId = report.filter((m) => m.column === "customer_id").map((m) => m.table);
    for (const table of [
      "fdj_order",
      "fdj_customer_activity",
      "fdj_review",
      "fdj_return",
      "fdj_customer_ip",
    ]) {
      expect(customerId).toContain(table);
    }
    // Indexed columns are not reported: address.customer_id and customer_login.email have keys.
    expect(report.some((m) => m.table === "fdj_address" && m.column === "customer_id")).toBe(false);
    expect(report.some((m) => m.table === "fdj_customer_login" && m.column === "email")).toBe(false);
    const order = report.find((m) => m.table === "fdj_order" && m.column === "customer_id");
    expect(order?.statement).toBe("ALTER TABLE `fdj_order` ADD INDEX `loupe_customer_id` (`customer_id`)");
    // The statements run, and afterwards the columns are no longer reported.
    for (const m of report.filter((x) => x.column === "customer_id")) await t.conn.query(m.statement);
    const again = await recogniseOpencart(t.conn);
    if (!again.ok) throw again.errors[0];
    expect(missingIndexes(again.value, built.value.system).filter((m) => m.column === "customer_id")).toEqual(
      [],
    );
  });

  it("keeps customer.newsletter in step with the e-mail choice, matching e-mail without case", async () => {
    const person = t.data.people.find((p) => p.kind === "customer" && p.typedEmail !== p.email);
    if (!person) throw new Error("no customer with a mixed-case e-mail");
    const other = t.data.people.find((p) => p.kind === "customer" && p !== person);
    const before = await readOpencartNewsletter(t.conn, t.shop, other?.email ?? "");
    for (const subscribed of [true, false, false]) {
      const r = await setOpencartNewsletter(t.conn, t.shop, person.typedEmail, subscribed);
      expect(r.ok && r.value.accounts).toBe(1);
      expect(await readOpencartNewsletter(t.conn, t.shop, person.email.toUpperCase())).toBe(subscribed);
    }
    expect(await readOpencartNewsletter(t.conn, t.shop, other?.email ?? "")).toBe(before);
    expect(await readOpencartNewsletter(t.conn, t.shop, "nobody@example.test")).toBeUndefined();
    expect((await setOpencartNewsletter(t.conn, t.shop, "not an address", true)).ok).toBe(false);
  });

  it("offers generated columns for the identities kept in JSON, and annotates them once added", async () => {
    const links = missingJsonLinks(t.shop);
    expect(links.map((l) => `${l.table}.${l.column}`)).toEqual([
      "fdj_customer_activity.loupe_order_id",
      "fdj_session.loupe_customer_id",
      "fdj_session.loupe_guest_email",
    ]);
    expect(links[2]?.statement).toBe(
      "ALTER TABLE `fdj_session` ADD COLUMN `loupe_guest_email` varchar(96) AS (LOWER(JSON_VALUE(`data`, '$.guest.email'))) VIRTUAL",
    );
    for (const l of links) await t.conn.query(l.statement);
    const again = await recogniseOpencart(t.conn);
    if (!again.ok) throw again.errors[0];
    expect(missingJsonLinks(again.value)).toEqual([]);
    const built = opencartSystem(again.value);
    if (!built.ok) throw built.errors[0];
    expect(built.value.system.tables.fdj_session?.identity).toEqual({
      session_id: "session_id",
      customer_id: "loupe_customer_id",
      email: "loupe_guest_email",
    });
    expect(built.value.system.tables.fdj_customer_activity?.references.loupe_order_id).toBe(
      "fdj_order.order_id",
    );
    // The columns read the JSON OpenCart wrote: a guest's session by e-mail, an order's guest activity.
    const guest = t.data.people.find((p) => p.kind === "guest");
    if (!guest) throw new Error("no guest");
    const [sessions] = await t.conn.query("SELECT session_id FROM fdj_session WHERE loupe_guest_email = ?", [
      guest.email,
    ]);
    expect((sessions as { session_id: string }[]).map((r) => r.session_id)).toEqual([guest.sessionId]);
    const [activity] = await t.conn.query(
      "SELECT COUNT(*) AS n FROM fdj_customer_activity WHERE loupe_order_id = ?",
      [guest.orderIds[0]],
    );
    expect((activity as { n: number }[])[0]?.n).toBe(1);
  });

  it("has no gdpr table to import from", async () => {
    const drafts = await readOpencartGdprRequests(t.conn, t.shop);
    expect(drafts.ok).toBe(false);
  });
});

describe("OpenCart 4 (Loupe's DDL from the 4.1 table list)", () => {
  let t: OpencartTestShop;
  beforeAll(async () => {
    t = await createOpencartTestShop({ version: 4, prefix: "oc_" });
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  it("recognises OpenCart 4 with InnoDB tables", () => {
    expect(t.shop.version).toBe(4);
    expect(t.shop.prefix).toBe("oc_");
    expect(Object.values(t.shop.engines).every((e) => e === "InnoDB")).toBe(true);
    expect(t.shop.transactional).toBe(true);
  });

  it("produces annotations that validate and cover every personal table", () => {
    const built = checkAnnotations(t, PERSONAL_TABLES_4);
    expect(built?.profile.erasure).toBe("transactions");
    expect(built?.system.tables.oc_customer?.fields.salt).toBeUndefined();
  });

  it("reports the customer_id columns without an index", () => {
    const built = opencartSystem(t.shop);
    if (!built.ok) throw built.errors[0];
    const tables = missingIndexes(t.shop, built.value.system)
      .filter((m) => m.column === "customer_id")
      .map((m) => m.table);
    expect(tables).toContain("oc_order");
    expect(tables).toContain("oc_customer_token");
    expect(tables).not.toContain("oc_address");
  });

  it("imports pending oc_gdpr requests as drafts and writes the status back", async () => {
    const pending = t.data.rows.gdpr ?? [];
    expect(pending.length).toBeGreaterThan(0);
    const drafts = await readOpencartGdprRequests(t.conn, t.shop);
    if (!drafts.ok) throw drafts.errors[0];
    expect(drafts.value).toHaveLength(pending.length);
    for (const [i, d] of drafts.value.entries()) {
      const row = pending[i] as Record<string, unknown>;
      expect(d.subject.email).toBe(String(row.email).toLowerCase());
      expect(d.kind).toBe(row.action === "export" ? "access" : "erase");
      expect(d.emailVerified).toBe(true);
      expect(d.requestId).toMatch(/^opencart-gdpr-.+-oc_-\d+$/);
      expect(JSON.stringify(d)).not.toContain(String(row.code));
    }
    const first = drafts.value[0];
    if (!first) throw new Error("no draft");
    const written = await writeOpencartGdprStatus(t.conn, t.shop, first.source.id, "complete");
    expect(written.ok).toBe(true);
    const [rows] = await t.conn.query("SELECT status FROM oc_gdpr WHERE gdpr_id = ?", [first.source.id]);
    expect((rows as { status: number }[])[0]?.status).toBe(3);
    // A completed request is no longer pending; writing again is harmless.
    const after = await readOpencartGdprRequests(t.conn, t.shop);
    expect(after.ok && after.value.map((d) => d.source.id)).not.toContain(first.source.id);
    expect((await writeOpencartGdprStatus(t.conn, t.shop, first.source.id, "complete")).ok).toBe(true);
    const missing = await writeOpencartGdprStatus(t.conn, t.shop, 999_999, "denied");
    expect(missing.ok).toBe(false);
  });
});

describe("recognition of other databases", () => {
  it("says clearly when a database is not OpenCart", async () => {
    const { createScratchStores } = await import("@loupe/sample-store");
    const mysql = (await import("mysql2/promise")).default;
    const stores = await createScratchStores({ mysql: true, label: "loupe_notoc" });
    const conn = await mysql.createConnection({ uri: stores.mysql as string });
    try {
      await conn.query("CREATE TABLE customer (id int PRIMARY KEY)");
      const found = await recogniseOpencart(conn);
      expect(found.ok).toBe(false);
      if (!found.ok) expect(found.errors[0]?.message).toMatch(/is not an OpenCart database/);
    } finally {
      await conn.end();
      await stores.drop();
    }
  });
});
