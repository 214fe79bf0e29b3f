import { describe, expect, it } from "vitest";
import { qualifiedName, quoteIdent, renderDdl } from "./render-ddl.js";
import { COMMERCE_TABLES, MARKETING_TABLES, SHOP_TABLES, tableSpec } from "./shop-schema.js";

describe("quoteIdent", () => {
  it("doubles quote characters", () => {
    expect(quoteIdent("postgres", 'a"b')).toBe('"a""b"');
    expect(quoteIdent("mysql", "a`b")).toBe("`a``b`");
    expect(qualifiedName("postgres", "my schema", "t")).toBe('"my schema"."t"');
    expect(qualifiedName("mysql", undefined, "t")).toBe("`t`");
  });
});

describe("renderDdl", () => {
  it("creates PostgreSQL tables bare and adds keys, indexes and foreign keys after loading", () => {
    const ddl = renderDdl("postgres", COMMERCE_TABLES, "public");
    expect(ddl.create).toHaveLength(COMMERCE_TABLES.length);
    expect(ddl.create[1]).toContain('CREATE TABLE "public"."customers"');
    expect(ddl.create[1]).toContain(`"phone" varchar(20),\n  "date_of_birth" date,`);
    expect(ddl.afterLoad).toContain(
      'ALTER TABLE "public"."customer_addresses" ADD CONSTRAINT "customer_addresses_pkey" PRIMARY KEY ("customer_id", "address_id")',
    );
    expect(ddl.afterLoad).toContain(
      'ALTER TABLE "public"."upgrade_enrolments" ADD CONSTRAINT "upgrade_enrolments_order_id_line_no_fkey" FOREIGN KEY ("order_id", "line_no") REFERENCES "public"."order_items" ("order_id", "line_no") ON DELETE CASCADE',
    );
    // Primary keys come before the foreign keys that need them.
    const lastPk = Math.max(...ddl.afterLoad.map((s, i) => (s.includes("PRIMARY KEY") ? i : -1)));
    const firstFk = ddl.afterLoad.findIndex((s) => s.includes("FOREIGN KEY"));
    expect(lastPk).toBeLessThan(firstFk);
    expect(ddl.drop[0]).toBe('DROP TABLE IF EXISTS "public"."page_views" CASCADE');
  });

  it("creates complete InnoDB tables for MariaDB", () => {
    const ddl = renderDdl("mysql", MARKETING_TABLES);
    expect(ddl.afterLoad).toEqual([]);
    const entries = ddl.create.find((s) => s.includes("`sweepstakes_entries`")) ?? "";
    expect(entries).toContain("PRIMARY KEY (`sweepstakes_id`, `email`)");
    expect(entries).toContain("ON DELETE CASCADE");
    expect(entries).toContain("ENGINE=InnoDB");
    expect(entries).toContain("`entered_at` DATETIME(3) NOT NULL");
  });

  it("lists parents before children and mixes delete rules", () => {
    const order = SHOP_TABLES.map((t) => t.name);
    for (const t of SHOP_TABLES)
      for (const fk of t.foreignKeys)
        expect(order.indexOf(fk.table), `${t.name} → ${fk.table}`).toBeLessThan(order.indexOf(t.name));
    const rules = new Set(SHOP_TABLES.flatMap((t) => t.foreignKeys.map((f) => f.onDelete)));
    expect([...rules].sort()).toEqual(["CASCADE", "RESTRICT", "SET NULL"]);
    expect(tableSpec("order_items")?.primaryKey).toEqual(["order_id", "line_no"]);
  });
});
