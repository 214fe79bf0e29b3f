import { PGlite } from "@electric-sql/pglite";
import { parseDataMap } from "@loupe/core";
import { createScratchStores, loadSampleStore, type ScratchStores } from "@loupe/sample-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnector } from "../redis/redis-connector.js";
import { SqlConnector, UnknownNameError } from "../sql/sql-connector.js";
import { mysqlDriver, pgliteDriver, postgresDriver } from "../sql/sql-driver.js";
import type { LocatedRow, StoreConnector } from "./connector.js";

const CUSTOMERS = 120;

/** What the conformance suite needs to know about one store loaded with the sample shop. */
interface SqlFixture {
  name: string;
  open(): Promise<{ connector: SqlConnector; drop(): Promise<void> }>;
  table: string;
  pk: string;
  /** A nullable text column and a NOT NULL text column. */
  nullable: string;
  required: string;
}

async function all(it: AsyncIterable<LocatedRow[]>): Promise<LocatedRow[]> {
  const out: LocatedRow[] = [];
  for await (const b of it) out.push(...b);
  return out;
}

/** The same checks against every SQL store. */
function sqlConformance(f: SqlFixture): void {
  describe(`SQL connector conformance: ${f.name}`, () => {
    let c: SqlConnector;
    let drop: () => Promise<void>;
    const q = (sql: string, params: unknown[] = []) => c.driver.query(sql, params);
    const t = () => c.driver.id(f.table);
    beforeAll(async () => {
      ({ connector: c, drop } = await f.open());
      await c.open();
    }, 60_000);
    afterAll(async () => {
      await c?.close();
      await drop?.();
    });

    it("describes tables with keys, columns, nullability and foreign keys", async () => {
      const d = await c.describe();
      const table = d.tables.find((x) => x.name === f.table);
      expect(table?.primaryKey).toEqual([f.pk]);
      expect(table?.columns).toContain("email");
      expect(table?.nullable).toContain(f.nullable);
      expect(table?.nullable).not.toContain(f.required);
      expect(d.tables.some((x) => x.foreignKeys.length > 0)).toBe(true);
    });

    it("locates rows by e-mail case-insensitively, and exactly those", async () => {
      const [row] = await q(`SELECT email FROM ${t()} ORDER BY ${c.driver.id(f.pk)} LIMIT 1 OFFSET 3`);
      const email = String(row?.email);
      const found = await all(
        c.locate({
          table: f.table,
          where: [{ column: "email", values: [email.toUpperCase()], match: "email" }],
          select: ["email"],
        }),
      );
      const want = (await q(`SELECT ${c.driver.id(f.pk)} AS k, email FROM ${t()}`)).filter(
        (r) => String(r.email).toLowerCase() === email.toLowerCase(),
      );
      expect(found.map((r) => String(r.key[0])).sort()).toEqual(want.map((r) => String(r.k)).sort());
      expect(found.length).toBeGreaterThan(0);
    });

    it("never lets a value or a name inject SQL", async () => {
      const before = (await q(`SELECT count(*) AS n FROM ${t()}`))[0]?.n;
      for (const v of ["x' OR '1'='1", "'; DROP TABLE customers; --", '" OR 1=1 --', "\\' OR 1=1 #"]) {
        const found = await all(
          c.locate({
            table: f.table,
            where: [
              { column: "email", values: [v], match: "email" },
              { column: "email", values: [v] },
            ],
            select: [],
          }),
        );
        expect(found).toEqual([]);
      }
      await expect(
        all(c.locate({ table: `${f.table}"; DROP TABLE x; --`, where: [], select: [] })),
      ).rejects.toBeInstanceOf(UnknownNameError);
      await expect(
        all(
          c.locate({
            table: f.table,
            where: [{ column: "email` = email OR 1=1 --", values: ["a"] }],
            select: [],
          }),
        ),
      ).rejects.toBeInstanceOf(UnknownNameError);
      await expect(
        c.erase({
          changes: [{ table: f.table, op: "update", set: { 'email" = NULL --': null }, keys: [[1]] }],
        }),
      ).rejects.toBeInstanceOf(UnknownNameError);
      expect((await q(`SELECT count(*) AS n FROM ${t()}`))[0]?.n).toEqual(before);
    });

    it("streams whole rows by key in bounded batches", async () => {
      const keys = (await q(`SELECT ${c.driver.id(f.pk)} AS k FROM ${t()} ORDER BY 1`)).map((r) => [
        r.k as string,
      ]);
      let rows = 0;
      let batches = 0;
      for await (const b of c.stream(f.table, keys)) {
        rows += b.length;
        batches++;
        expect(b.length).toBeLessThanOrEqual(500);
        expect(Object.keys(b[0] ?? {})).toContain(f.required);
      }
      expect(rows).toBe(keys.length);
      expect(batches).toBe(Math.ceil(keys.length / 500));
    });

    it("updates and verifies, and verification sees what is left", async () => {
      const [a, b] = (await q(`SELECT ${c.driver.id(f.pk)} AS k FROM ${t()} ORDER BY 1 LIMIT 2`)).map((r) => [
        r.k as string,
      ]);
      const out = await c.update({
        changes: [
          {
            table: f.table,
            op: "update",
            set: { [f.nullable]: null },
            perRow: { [f.required]: ["one", "two"] },
            keys: [a as string[], b as string[]],
          },
        ],
      });
      expect(out).toEqual({ status: "done", value: { deleted: {}, updated: { [f.table]: 2 } } });
      const ok = await c.verify([
        {
          table: f.table,
          keys: [a as string[], b as string[]],
          expect: { [f.nullable]: null, [f.required]: ["one", "two"] },
        },
      ]);
      expect(ok).toEqual({ ok: true, remaining: [] });
      const bad = await c.verify([
        { table: f.table, keys: [a as string[]], expect: { [f.required]: "three" } },
        { table: f.table, keys: [b as string[]], gone: true },
      ]);
      expect(bad.ok).toBe(false);
      expect(bad.remaining).toEqual([
        { table: f.table, column: f.required, rows: 1 },
        { table: f.table, column: "*", rows: 1 },
      ]);
    });

    it("erases in one transaction: a failing statement leaves every row as it was", async () => {
      const [a, b] = (await q(`SELECT ${c.driver.id(f.pk)} AS k FROM ${t()} ORDER BY 1 DESC LIMIT 2`)).map(
        (r) => [r.k as string],
      );
      await expect(
        c.erase({
          changes: [
            { table: f.table, op: "delete", keys: [a as string[]] },
            { table: f.table, op: "update", set: { [f.required]: null }, keys: [b as string[]] },
          ],
        }),
      ).rejects.toThrow();
      expect((await c.verify([{ table: f.table, keys: [a as string[]], gone: true }])).ok).toBe(false);
      const plan = { changes: [{ table: f.table, op: "delete" as const, keys: [a as string[]] }] };
      expect((await c.erase(plan)).status).toBe("done");
      expect((await c.erase(plan)).status).toBe("done");
      expect((await c.verify([{ table: f.table, keys: [a as string[]], gone: true }])).ok).toBe(true);
    });
  });
}

let scratch: ScratchStores;
const scratchReady = (async () => undefined)();
async function stores(): Promise<ScratchStores> {
  await scratchReady;
  scratch ??= await createScratchStores({ postgres: true, mysql: true, redis: true, label: "loupe_conf" });
  return scratch;
}
afterAll(async () => {
  await scratch?.drop();
});

sqlConformance({
  name: "PostgreSQL",
  table: "customers",
  pk: "id",
  nullable: "phone",
  required: "first_name",
  async open() {
    const s = await stores();
    await loadSampleStore({ postgres: s.postgres, customers: CUSTOMERS, seed: 3, largeHistories: 0 });
    return {
      connector: new SqlConnector("commerce", "postgres", postgresDriver(s.postgres as string)),
      drop: async () => {},
    };
  },
});

sqlConformance({
  name: "PGlite",
  table: "customers",
  pk: "id",
  nullable: "phone",
  required: "first_name",
  async open() {
    const db = await PGlite.create();
    await loadSampleStore({ postgres: db, customers: CUSTOMERS, seed: 3, largeHistories: 0 });
    return { connector: new SqlConnector("commerce", "pglite", pgliteDriver(db)), drop: () => db.close() };
  },
});

sqlConformance({
  name: "MariaDB",
  table: "newsletter_subscriptions",
  pk: "id",
  nullable: "first_name",
  required: "source",
  async open() {
    const s = await stores();
    await loadSampleStore({ mysql: s.mysql, customers: CUSTOMERS * 3, seed: 3, largeHistories: 0 });
    return {
      connector: new SqlConnector("marketing", "mysql", mysqlDriver(s.mysql as string)),
      drop: async () => {},
    };
  },
});

describe("Redis connector conformance", () => {
  let c: StoreConnector;
  let prefix: string;
  beforeAll(async () => {
    const s = await stores();
    prefix = `${s.prefix}shop:`;
    await loadSampleStore({ redis: s.redis, prefix, customers: CUSTOMERS * 3, seed: 3, largeHistories: 0 });
    const map = parseDataMap(`organization: { name: T }
systems:
  - id: cache
    connector: redis
    connection: { env: R }
    keys:
      - { pattern: "session:{session_id}", type: hash, identity: { customer_id: customer_id }, fields: { ip: user.device.ip_address, city: user.location.imprecise } }
      - { pattern: "cart:{customer_id}", type: hash, fields: { "*": user.behavior.purchase_history } }
      - { pattern: "recently-viewed:{customer_id}", type: zset, fields: { "*": user.behavior.browsing_history } }
`);
    if (!map.ok) throw new Error(String(map.errors[0]));
    c = new RedisConnector("cache", s.redis as string, prefix, map.value.map.systems[0]?.keys ?? []);
    await c.open();
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  it("finds keys by their placeholder and by a hash field holding another identity", async () => {
    const r = (c as RedisConnector).redis;
    const [, keys] = await r.scan("0", "MATCH", `${prefix}session:*`, "COUNT", 100_000);
    let sessionKey = "";
    let customer = "";
    for (const k of keys) {
      const cid = await r.hget(k, "customer_id");
      if (cid) {
        sessionKey = k.slice(prefix.length);
        customer = cid;
        break;
      }
    }
    expect(customer).not.toBe("");
    const byId = await all(
      c.locate({
        table: "session:{session_id}",
        where: [{ column: "session_id", values: [sessionKey.slice(8), "nope*"] }],
        select: ["customer_id"],
      }),
    );
    expect(byId).toEqual([
      {
        key: [sessionKey],
        values: { $key: sessionKey, session_id: sessionKey.slice(8), customer_id: customer },
      },
    ]);
    const byField = await all(
      c.locate({
        table: "session:{session_id}",
        where: [{ column: "customer_id", values: [customer] }],
        select: ["customer_id"],
      }),
    );
    expect(byField.map((x) => x.key[0])).toContain(sessionKey);
    const want = [];
    for (const k of keys)
      if ((await r.hget(k, "customer_id")) === customer) want.push(k.slice(prefix.length));
    expect(byField.map((x) => x.key[0]).sort()).toEqual(want.sort());
    expect(
      await all(
        c.locate({
          table: "session:{session_id}",
          where: [{ column: "customer_id", values: ["*"] }],
          select: [],
        }),
      ),
    ).toEqual([]);
  });

  it("streams, masks hash fields, deletes in one MULTI and verifies", async () => {
    const r = (c as RedisConnector).redis;
    const [, keys] = await r.scan("0", "MATCH", `${prefix}session:*`, "COUNT", 100_000);
    const a = (keys[0] as string).slice(prefix.length);
    const b = (keys[1] as string).slice(prefix.length);
    const rows = [];
    for await (const batch of c.stream("session:{session_id}", [[a], [b], ["session:missing"]]))
      rows.push(...batch);
    expect(rows.map((x) => x.$key)).toEqual([a, b]);
    expect(rows[0]).toHaveProperty("ip");
    await c.erase({
      changes: [
        { table: "session:{session_id}", op: "update", set: { ip: null, city: "[redacted]" }, keys: [[a]] },
        { table: "session:{session_id}", op: "delete", keys: [[b]] },
      ],
    });
    expect(await r.hget(prefix + a, "ip")).toBeNull();
    expect(await r.hget(prefix + a, "city")).toBe("[redacted]");
    expect(await r.exists(prefix + b)).toBe(0);
    expect(
      (
        await c.verify([
          { table: "session:{session_id}", keys: [[b]], gone: true },
          { table: "session:{session_id}", keys: [[a]], expect: { ip: null, city: "[redacted]" } },
        ])
      ).ok,
    ).toBe(true);
    // Updating a key that is gone does not bring it back.
    await c.erase({
      changes: [{ table: "session:{session_id}", op: "update", set: { city: "x" }, keys: [[b]] }],
    });
    expect(await r.exists(prefix + b)).toBe(0);
    expect((await c.verify([{ table: "session:{session_id}", keys: [[a]], gone: true }])).remaining).toEqual([
      { table: "session:{session_id}", column: "*", rows: 1 },
    ]);
  });
});
