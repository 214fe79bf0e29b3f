import { PGlite } from "@electric-sql/pglite";
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleStoreChecksums } from "../checksum/checksum-generated.js";
import { SHOP_TABLES } from "../schema/shop-schema.js";
import { dropSampleStore } from "./drop-sample-store.js";
import { type LoadReport, loadSampleStore } from "./load-sample-store.js";
import { readStoreChecksums } from "./read-store-checksums.js";
import { createScratchStores, type ScratchStores } from "./scratch-stores.js";

const CUSTOMERS = 1000;
const SEED = 42;
const expected = sampleStoreChecksums({ customers: CUSTOMERS, seed: SEED });
const sqlOnly = (c: typeof expected) =>
  Object.fromEntries(Object.entries(c).filter(([k]) => !k.startsWith("redis:")));

describe("loadSampleStore into PostgreSQL, MariaDB and Redis", () => {
  let stores: ScratchStores;
  let targets: { postgres: string; mysql: string; redis: string; prefix: string };
  let report: LoadReport;
  let pgc: pg.Client;
  let my: mysql.Connection;

  beforeAll(async () => {
    stores = await createScratchStores({ postgres: true, mysql: true, redis: true });
    targets = {
      postgres: stores.postgres as string,
      mysql: stores.mysql as string,
      redis: stores.redis as string,
      prefix: stores.prefix,
    };
    report = await loadSampleStore({ ...targets, customers: CUSTOMERS, seed: SEED });
    pgc = new pg.Client({ connectionString: targets.postgres });
    await pgc.connect();
    my = await mysql.createConnection({ uri: targets.mysql });
  }, 120_000);

  afterAll(async () => {
    await pgc?.end();
    await my?.end();
    await stores?.drop();
  });

  const count = async (sql: string) => Number((await pgc.query(sql)).rows[0]?.n);

  it("reports rows per table and time per store", () => {
    for (const t of SHOP_TABLES) expect(report.rows[t.name], t.name).toBe(expected[t.name]?.rows);
    expect(report.rows["redis:session"]).toBe(expected["redis:session"]?.rows);
    expect(report.stores.postgres?.kind).toBe("postgres");
    expect(report.stores.mysql?.kind).toBe("mysql");
    expect(report.stores.redis?.rows).toBeGreaterThan(100);
    expect(report.stores.postgres?.indexMs).toBeGreaterThan(0);
    expect(report.totalMs).toBeGreaterThan(0);
  });

  it("holds exactly the generated data in every store (checksum of rows per table)", async () => {
    const live = await readStoreChecksums(targets);
    expect(live).toEqual(expected);
  });

  it("shares addresses between customers and knows guest orders only by e-mail", async () => {
    expect(
      await count(
        "SELECT count(*) AS n FROM (SELECT address_id FROM customer_addresses GROUP BY address_id HAVING count(*) > 1) s",
      ),
    ).toBeGreaterThan(20);
    expect(
      await count(
        "SELECT count(*) AS n FROM orders o WHERE o.customer_id IS NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.email = lower(o.email))",
      ),
    ).toBeGreaterThan(100);
    // A customer's own guest order from before the account, typed with capitals.
    expect(
      await count(
        "SELECT count(*) AS n FROM orders o JOIN customers c ON c.email = lower(o.email) WHERE o.customer_id IS NULL AND o.email <> c.email",
      ),
    ).toBeGreaterThan(0);
  });

  it("has soft-deleted customers and a few very large histories", async () => {
    expect(await count("SELECT count(*) AS n FROM customers WHERE deleted_at IS NOT NULL")).toBeGreaterThan(
      5,
    );
    const large = await pgc.query(
      `SELECT owner, count(*)::int AS views FROM page_views pv
         JOIN (SELECT DISTINCT cookie_id, customer_id AS owner FROM web_sessions WHERE customer_id IS NOT NULL) c USING (cookie_id)
        GROUP BY owner HAVING count(*) >= 10000 ORDER BY owner`,
    );
    expect(large.rows.map((r) => Number(r.owner))).toEqual([167, 501, 834]);
  });

  it("keeps an SMS table reachable only by phone number", async () => {
    const [cols] = await my.query(
      "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sms_subscriptions'",
    );
    const names = (cols as { c: string }[]).map((r) => r.c);
    expect(names).toContain("phone");
    expect(names.filter((n) => /customer|email|name/.test(n))).toEqual([]);
    const [rows] = await my.query("SELECT count(*) AS n FROM sms_subscriptions");
    expect(Number((rows as { n: number }[])[0]?.n)).toBe(expected.sms_subscriptions?.rows);
  });

  it("enforces composite keys and the ON DELETE rules", async () => {
    const pk = await pgc.query(
      "SELECT array_length(conkey, 1) AS n FROM pg_constraint WHERE conname = 'customer_addresses_pkey'",
    );
    expect(pk.rows[0]?.n).toBe(2);
    await pgc.query("BEGIN");
    try {
      const enrolled = await pgc.query("SELECT customer_id FROM upgrade_enrolments ORDER BY id LIMIT 1");
      const blocked = Number(enrolled.rows[0]?.customer_id);
      await pgc.query("SAVEPOINT s");
      await expect(pgc.query("DELETE FROM customers WHERE id = $1", [blocked])).rejects.toThrow(
        /foreign key/,
      );
      await pgc.query("ROLLBACK TO SAVEPOINT s");
      const free = await pgc.query(
        `SELECT c.id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM upgrade_enrolments u WHERE u.customer_id = c.id)
           AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY c.id LIMIT 1`,
      );
      const id = Number(free.rows[0]?.id);
      await pgc.query("DELETE FROM customers WHERE id = $1", [id]);
      expect(await count(`SELECT count(*) AS n FROM customer_addresses WHERE customer_id = ${id}`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM orders WHERE customer_id = ${id}`)).toBe(0);
    } finally {
      await pgc.query("ROLLBACK");
    }
    await my.query("START TRANSACTION");
    try {
      const [refs] = await my.query("SELECT referral_id AS id FROM referral_recipients LIMIT 1");
      const id = (refs as { id: number }[])[0]?.id;
      await my.query("DELETE FROM referrals WHERE id = ?", [id]);
      const [left] = await my.query("SELECT count(*) AS n FROM referral_recipients WHERE referral_id = ?", [
        id,
      ]);
      expect(Number((left as { n: number }[])[0]?.n)).toBe(0);
    } finally {
      await my.query("ROLLBACK");
    }
  });

  it("refuses to load over an existing shop", async () => {
    await expect(loadSampleStore({ postgres: targets.postgres, customers: 1, seed: 1 })).rejects.toThrow(
      /already loaded here/,
    );
  });

  it("drops the tables and keys it created", async () => {
    await dropSampleStore(targets);
    expect(await count("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).toBe(0);
    const [t] = await my.query(
      "SELECT count(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
    );
    expect(Number((t as { n: number }[])[0]?.n)).toBe(0);
    const live = await readStoreChecksums({ redis: targets.redis, prefix: targets.prefix });
    expect(live).toEqual({});
  });
});

describe("loadSampleStore zero-setup: both SQL parts in one PGlite", () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("puts commerce in public and marketing in its own schema, with the generated data", async () => {
    const report = await loadSampleStore({ postgres: db, mysql: db, customers: CUSTOMERS, seed: SEED });
    expect(report.stores.postgres?.kind).toBe("pglite");
    const schemas = await db.query<{ s: string; n: number }>(
      "SELECT schemaname AS s, count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'marketing') GROUP BY 1 ORDER BY 1",
    );
    expect(schemas.rows).toEqual([
      { s: "marketing", n: 11 },
      { s: "public", n: 19 },
    ]);
    expect(await readStoreChecksums({ postgres: db, mysql: db })).toEqual(sqlOnly(expected));
    await dropSampleStore({ postgres: db, mysql: db });
    const left = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'marketing'",
    );
    expect(left.rows[0]?.n).toBe(0);
  }, 60_000);
});

describe("createScratchStores", () => {
  it("names the server that is missing and how to start it", async () => {
    await expect(
      createScratchStores({
        postgres: true,
        env: { LOUPE_TEST_PG_URL: "postgres://postgres@127.0.0.1:1/postgres" },
      }),
    ).rejects.toThrow(
      /PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres .*pg_ctlcluster/,
    );
    await expect(
      createScratchStores({ redis: true, env: { LOUPE_TEST_REDIS_URL: "redis://127.0.0.1:1" } }),
    ).rejects.toThrow(/Redis is not reachable.*redis-server/);
    await expect(
      createScratchStores({ mysql: true, env: { LOUPE_TEST_MYSQL_URL: "mysql://root@127.0.0.1:1/" } }),
    ).rejects.toThrow(/MariaDB\/MySQL is not reachable.*mariadbd/);
  });
});
