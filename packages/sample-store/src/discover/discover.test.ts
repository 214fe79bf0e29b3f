import { PGlite } from "@electric-sql/pglite";
import { parseDataMap, validateDataMap } from "@loupe/core";
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleStoreSystems } from "../annotations/sample-store-annotations.js";
import { loadSampleStore } from "../load/load-sample-store.js";
import { createScratchStores, type ScratchStores } from "../load/scratch-stores.js";
import { COMMERCE_TABLES, MARKETING_TABLES, type TableSpec } from "../schema/shop-schema.js";
import type { Catalog } from "./catalog.js";
import { compareAnnotations } from "./compare-annotations.js";
import { discoverRedis, keyPatternOf } from "./discover-redis.js";
import { discoverMysql, discoverPglite, discoverPostgres } from "./discover-sql.js";
import { draftToYaml } from "./draft-to-yaml.js";
import type { DiscoveryResult } from "./propose-system.js";

const CUSTOMERS = 1000;

/** Every foreign key of the spec, as found in a live catalog (same columns, target and ON DELETE rule). */
function expectEveryForeignKey(catalog: Catalog | undefined, specs: readonly TableSpec[]): void {
  const want = specs.flatMap((t) =>
    t.foreignKeys.map((f) => `${t.name}(${f.columns}) → ${f.table}(${f.refColumns}) ON DELETE ${f.onDelete}`),
  );
  const got = (catalog?.tables ?? []).flatMap((t) =>
    t.foreignKeys.map(
      (f) => `${t.name}(${f.columns}) → ${f.refTable}(${f.refColumns}) ON DELETE ${f.onDelete}`,
    ),
  );
  expect(got.sort()).toEqual(want.sort());
}

function expectKeys(catalog: Catalog | undefined, specs: readonly TableSpec[]): void {
  for (const spec of specs) {
    const t = catalog?.tables.find((x) => x.name === spec.name);
    expect(t?.primaryKey, spec.name).toEqual(spec.primaryKey);
    for (const ix of spec.indexes)
      expect(
        t?.indexes.some((i) => i.columns.join() === ix.columns.join() && i.unique === Boolean(ix.unique)),
        `${spec.name}(${ix.columns})`,
      ).toBe(true);
  }
}

function report(label: string, results: DiscoveryResult[], only?: string[]): number {
  const r = compareAnnotations(
    results.map((x) => x.system),
    sampleStoreSystems().filter((s) => !only || only.includes(s.id)),
  );
  const pct = (r.share * 100).toFixed(1);
  console.log(
    `discovery (${label}): ${r.matched} of ${r.fields} personal-data columns (${pct}%) got the shipped category or one in the same CCPA category (${r.same} identical); identities ${r.identities.matched}/${r.identities.total}; references ${r.references.matched}/${r.references.total}`,
  );
  if (r.mismatches.length)
    console.log(
      r.mismatches
        .map((m) => `  ${m.table}.${m.column}: ${m.expected} → ${m.proposed ?? "nothing"}`)
        .join("\n"),
    );
  // Every identity is found; the only references missed are those across stores, which no foreign key declares.
  expect(r.identities.missing).toEqual([]);
  expect(r.references.missing.filter((m) => m.target.split(".").length !== 3)).toEqual([]);
  return r.share;
}

describe("discovery on live PostgreSQL, MariaDB and Redis", () => {
  let stores: ScratchStores;
  let commerce: DiscoveryResult;
  let marketing: DiscoveryResult;
  let cache: DiscoveryResult;

  beforeAll(async () => {
    stores = await createScratchStores({ postgres: true, mysql: true, redis: true });
    await loadSampleStore({ ...stores, customers: CUSTOMERS, seed: 7 });
    [commerce, marketing, cache] = await Promise.all([
      discoverPostgres(stores.postgres as string, {
        schema: "public",
        systemId: "commerce",
        connectionEnv: "SHOP_COMMERCE_URL",
      }),
      discoverMysql(stores.mysql as string, { systemId: "marketing", connectionEnv: "SHOP_MARKETING_URL" }),
      discoverRedis(stores.redis as string, {
        prefix: stores.prefix,
        systemId: "cache",
        connectionEnv: "SHOP_CACHE_URL",
      }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await stores?.drop();
  });

  it("finds every foreign-key relation with its ON DELETE rule, and the composite keys", () => {
    expectEveryForeignKey(commerce.catalog, COMMERCE_TABLES);
    expectEveryForeignKey(marketing.catalog, MARKETING_TABLES);
    expectKeys(commerce.catalog, COMMERCE_TABLES);
    expectKeys(marketing.catalog, MARKETING_TABLES);
    expect(commerce.system.tables.upgrade_enrolments?.references).toMatchObject({
      order_id: "order_items.order_id",
      line_no: "order_items.line_no",
      customer_id: "customers.id",
    });
    expect(commerce.stats.foreignKeys).toBe(COMMERCE_TABLES.reduce((n, t) => n + t.foreignKeys.length, 0));
  });

  it("proposes the shipped category for at least 90% of the personal-data columns", () => {
    expect(report("PostgreSQL + MariaDB + Redis", [commerce, marketing, cache])).toBeGreaterThanOrEqual(0.9);
  });

  it("proposes identities, soft deletes and the Redis key patterns", () => {
    expect(commerce.system.tables.customers?.identity).toEqual({
      customer_id: "id",
      email: "email",
      phone: "phone",
    });
    expect(commerce.system.tables.customers?.soft_delete).toBe("deleted_at");
    expect(commerce.system.tables.web_sessions?.identity).toMatchObject({
      session_id: "id",
      cookie_id: "cookie_id",
    });
    expect(marketing.system.tables.sms_subscriptions?.identity).toEqual({ phone: "phone" });
    expect(marketing.system.tables.social_mentions?.identity).toMatchObject({ social_handle: "handle" });
    expect(commerce.stats.tablesWithoutPersonalData).toEqual(["products"]);
    expect(cache.system.keys.map((k) => k.pattern).sort()).toEqual(
      sampleStoreSystems()[2]
        ?.keys.map((k) => k.pattern)
        .sort(),
    );
    expect(keyPatternOf("viewed-anon:3f2b8c1e-0a4d-4f6b-9c2e-5d7a8b9c0d1e")).toBe("viewed-anon:{cookie_id}");
  });

  it("flags identity columns without an index, with a CREATE INDEX that works", async () => {
    const pageViews = commerce.findings.find(
      (f) => f.code === "identity-without-index" && f.table === "page_views",
    );
    expect(pageViews).toMatchObject({ column: "cookie_id", identity: "cookie_id" });
    expect(pageViews?.fix).toBe(
      'CREATE INDEX CONCURRENTLY "page_views_cookie_id_idx" ON "public"."page_views" ("cookie_id");',
    );
    expect(commerce.findings.some((f) => f.table === "customers" && f.column === "phone")).toBe(true);
    const entries = marketing.findings.find((f) => f.table === "sweepstakes_entries" && f.column === "email");
    expect(entries?.fix).toMatch(
      /^CREATE INDEX `sweepstakes_entries_email_idx` ON `loupe_shop_[0-9a-f]+`\.`sweepstakes_entries` \(`email`\);$/,
    );
    // Indexed identities are not flagged.
    expect(commerce.findings.some((f) => f.table === "orders" && f.column === "email")).toBe(false);

    const c = new pg.Client({ connectionString: stores.postgres });
    await c.connect();
    try {
      await c.query(pageViews?.fix as string);
    } finally {
      await c.end();
    }
    const my = await mysql.createConnection({ uri: stores.mysql as string });
    try {
      await my.query(entries?.fix as string);
    } finally {
      await my.end();
    }
    const [again, againMy] = await Promise.all([
      discoverPostgres(stores.postgres as string, { sample: 0 }),
      discoverMysql(stores.mysql as string, { sample: 0 }),
    ]);
    expect(again.findings.some((f) => f.table === "page_views" && f.column === "cookie_id")).toBe(false);
    expect(againMy.findings.some((f) => f.table === "sweepstakes_entries" && f.column === "email")).toBe(
      false,
    );
    expect(again.stats.unindexedIdentities).toBe(commerce.stats.unindexedIdentities - 1);
  });

  it("drafts that load as a data map", () => {
    const systems = [commerce.system, marketing.system, cache.system];
    const direct = validateDataMap({ organization: { name: "Test" }, systems });
    if (!direct.ok) throw new Error(direct.errors.map((e) => e.message).join("\n"));
    const yaml = draftToYaml(systems);
    expect(yaml).toContain("review: true");
    const parsed = parseDataMap(`organization: { name: Test }\n${yaml}`);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
    expect(parsed.value.map.systems.map((s) => s.id)).toEqual(["commerce", "marketing", "cache"]);
  });
});

describe("discovery on PGlite (zero-setup)", () => {
  let db: PGlite;
  let commerce: DiscoveryResult;
  let marketing: DiscoveryResult;

  beforeAll(async () => {
    db = new PGlite();
    await loadSampleStore({ postgres: db, mysql: db, customers: CUSTOMERS, seed: 7 });
    commerce = await discoverPglite(db, { systemId: "commerce" });
    marketing = await discoverPglite(db, { schema: "marketing", systemId: "marketing" });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it("finds every foreign key and proposes the shipped categories", () => {
    expect(commerce.system.connector).toBe("pglite");
    expect(marketing.system.schema).toBe("marketing");
    expectEveryForeignKey(commerce.catalog, COMMERCE_TABLES);
    expectEveryForeignKey(marketing.catalog, MARKETING_TABLES);
    expectKeys(commerce.catalog, COMMERCE_TABLES);
    expect(report("PGlite", [commerce, marketing], ["commerce", "marketing"])).toBeGreaterThanOrEqual(0.9);
    expect(
      marketing.findings.find((f) => f.table === "sweepstakes_entries" && f.column === "email")?.fix,
    ).toBe(
      'CREATE INDEX CONCURRENTLY "sweepstakes_entries_email_idx" ON "marketing"."sweepstakes_entries" ("email");',
    );
  });
});
