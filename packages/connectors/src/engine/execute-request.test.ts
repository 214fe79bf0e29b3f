import { PGlite } from "@electric-sql/pglite";
import { LoupeError } from "@loupe/core";
import {
  discoverMysql,
  discoverPostgres,
  discoverRedis,
  draftToYaml,
  SAMPLE_STORE_ANNOTATIONS,
} from "@loupe/sample-store";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSuppressed, restrictionsOf } from "../journal/journal.js";
import { type DirectShop, directSubjectRows, openDirectShop } from "../testing/direct-subject-rows.js";
import { loadSampleShop, type SampleShop, sampleMap } from "../testing/sample-shop.js";
import { type EngineSession, executeRequest, openEngineSession } from "./execute-request.js";
import { erasureHash } from "./plan-changes.js";

const PK: Record<string, string[]> = {
  "commerce.order_items": ["order_id", "line_no"],
  "commerce.customer_addresses": ["customer_id", "address_id"],
  "commerce.wishlist_items": ["customer_id", "product_id"],
  "marketing.sms_subscriptions": ["phone"],
  "marketing.sweepstakes_entries": ["sweepstakes_id", "email"],
};
const pkOf = (table: string) => PK[table] ?? (table.startsWith("cache.") ? ["$key"] : ["id"]);

/** Row keys per table, from an access package's data.json. */
function packageKeys(bytes: Uint8Array): Map<string, Set<string>> {
  const files = unzipSync(bytes);
  const data = JSON.parse(strFromU8(files["data.json"] as Uint8Array)) as {
    tables: Record<string, Record<string, unknown>[]>;
  };
  const out = new Map<string, Set<string>>();
  for (const [t, rows] of Object.entries(data.tables))
    out.set(t, new Set(rows.map((r) => JSON.stringify(pkOf(t).map((c) => String(r[c]))))));
  return out;
}

function directKeys(rows: Awaited<ReturnType<typeof directSubjectRows>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [t, m] of rows) if (m.size > 0) out.set(t, new Set(m.keys()));
  return out;
}

const asObject = (m: Map<string, Set<string>>) =>
  Object.fromEntries(
    [...m]
      .filter(([, s]) => s.size > 0)
      .map(([k, s]) => [k, [...s].sort()])
      .sort(),
  );

let shop: SampleShop;
let direct: DirectShop;
let journal: PGlite;
let session: EngineSession;
const logs: string[] = [];
const logger = {
  info: (o: Record<string, unknown>, m?: string) => logs.push(JSON.stringify(o) + (m ?? "")),
  warn: (o: Record<string, unknown>, m?: string) => logs.push(JSON.stringify(o) + (m ?? "")),
};

beforeAll(async () => {
  shop = await loadSampleShop(300);
  direct = await openDirectShop(shop.env, `${shop.stores.prefix}shop:`);
  journal = await PGlite.create();
  session = await openEngineSession({ map: shop.map, env: shop.env });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await direct?.close();
  await journal?.close();
  await shop?.drop();
});

/** Customers with data in many tables: orders, marketing rows and cache keys. */
async function richCustomers(n: number, skip = 0): Promise<number[]> {
  const { rows } = await direct.pg.query(
    `SELECT c.id FROM customers c WHERE c.phone IS NOT NULL
       AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)
       AND EXISTS (SELECT 1 FROM web_sessions s WHERE s.customer_id = c.id)
     ORDER BY c.id OFFSET $1 LIMIT $2`,
    [skip, n],
  );
  return rows.map((r) => Number(r.id));
}

describe("executeRequest on the sample shop (PostgreSQL + MariaDB + Redis)", () => {
  it("access finds every row of the subject in all three stores and nothing else", async () => {
    for (const id of await richCustomers(6)) {
      const { rows } = await direct.pg.query("SELECT email FROM customers WHERE id = $1", [id]);
      const r = await executeRequest({
        requestId: `access-${id}`,
        kind: "access",
        subject: { email: String(rows[0]?.email).toUpperCase() },
        map: shop.map,
        env: shop.env,
        session,
        journal,
      });
      expect(r.status).toBe("done");
      const got = asObject(packageKeys(r.package?.bytes as Uint8Array));
      const want = asObject(directKeys(await directSubjectRows(direct, id)));
      expect(got, `customer ${id}`).toEqual(want);
      const files = unzipSync(r.package?.bytes as Uint8Array);
      expect(Object.keys(files)).toContain("report.html");
      expect(Object.keys(files).filter((f) => f.endsWith(".csv")).length).toBe(Object.keys(want).length);
      const html = strFromU8(files["report.html"] as Uint8Array);
      expect(html).toContain("user.contact.email");
      expect(html).toContain("To confirm and deliver your order");
      expect(html).toContain("Payment processor");
    }
  }, 60_000);

  it("plan counts what erasure would do and changes nothing", async () => {
    const [id] = await richCustomers(1, 10);
    const before = await direct.pg.query("SELECT count(*)::int AS n FROM customers");
    const r = await executeRequest({
      requestId: `plan-${id}`,
      kind: "plan",
      subject: { customerId: String(id) },
      map: shop.map,
      env: shop.env,
      session,
    });
    const orders = r.tables.find((t) => t.table === "orders");
    const want = await directSubjectRows(direct, id as number);
    expect(orders?.rows).toBe(want.get("commerce.orders")?.size);
    expect(orders?.masked).toBe(orders?.rows);
    expect(orders?.keptFields.map((f) => f.field).sort()).toEqual([
      "shipping_fee",
      "subtotal",
      "tax",
      "total",
    ]);
    expect(r.tables.find((t) => t.table === "customers")?.deleted).toBe(1);
    expect(r.recipients.map((x) => x.id)).toContain("payment-processor");
    expect((await direct.pg.query("SELECT count(*)::int AS n FROM customers")).rows).toEqual(before.rows);
  }, 30_000);

  it("erase deletes and masks, keeps exactly the held fields, verifies, suppresses and leaves others untouched", async () => {
    const [id, other] = await richCustomers(2, 20);
    const mine = await directSubjectRows(direct, id as number);
    const theirsBefore = await directSubjectRows(direct, other as number);
    const me = [...(mine.get("commerce.customers")?.values() ?? [])][0] as Record<string, unknown>;
    const email = String(me.email);
    const phone = String(me.phone);
    const r = await executeRequest({
      requestId: `erase-${id}`,
      kind: "erase",
      subject: { email, phone },
      map: shop.map,
      env: shop.env,
      session,
      journal,
      logger,
      now: () => new Date("2026-01-01T00:00:00Z"),
    });
    expect(r.status).toBe("done");
    expect(r.verification?.ok).toBe(true);
    // Direct queries: nothing erasable is left.
    expect((await direct.pg.query("SELECT 1 FROM customers WHERE id = $1", [id])).rowCount).toBe(0);
    expect(
      (await direct.pg.query("SELECT 1 FROM customers WHERE lower(email) = $1", [email.toLowerCase()]))
        .rowCount,
    ).toBe(0);
    for (const t of ["orders", "appointments"])
      expect(
        (
          await direct.pg.query(`SELECT 1 FROM ${t} WHERE lower(email) = $1 OR phone = $2`, [
            email.toLowerCase(),
            phone,
          ])
        ).rowCount,
        t,
      ).toBe(0);
    const [mm] = await direct.my.query("SELECT count(*) AS n FROM newsletter_subscriptions WHERE email = ?", [
      email,
    ]);
    expect(Number((mm as { n: number }[])[0]?.n)).toBe(0);
    expect(
      await direct.redis.exists(
        `${direct.prefix}cart:${id}`,
        `${direct.prefix}recently-viewed:${id}`,
        `${direct.prefix}customer-sessions:${id}`,
      ),
    ).toBe(0);
    // Orders are kept with their held fields unchanged and the e-mail hashed (once).
    for (const o of mine.get("commerce.orders")?.values() ?? []) {
      const { rows } = await direct.pg.query("SELECT * FROM orders WHERE id = $1", [o.id]);
      const now = rows[0] as Record<string, unknown>;
      for (const f of [
        "order_number",
        "placed_at",
        "status",
        "subtotal",
        "tax",
        "shipping_fee",
        "total",
        "currency",
      ])
        expect(String(now[f]), f).toBe(String(o[f]));
      expect(now.email).toBe(erasureHash(String(o.email), "loupe-erasure", 254));
      expect(now.billing_name).toBe("Erased customer");
      expect(now.phone).toBeNull();
      expect(now.ip_address).toBeNull();
    }
    const orders = r.tables.find((t) => t.table === "orders");
    expect(orders?.keptFields.every((f) => /held for 7y/.test(f.reason))).toBe(true);
    // The other customer is untouched.
    expect(await directSubjectRows(direct, other as number)).toEqual(theirsBefore);
    // Suppression: the hashed e-mail and phone stay, in any spelling.
    expect(await isSuppressed(journal, { email: email.toUpperCase() })).toBe(true);
    expect(await isSuppressed(journal, { phone })).toBe(true);
    expect(await isSuppressed(journal, { email: "someone.else@example.com" })).toBe(false);
    // No personal data in the journal once the request is through, nor in the logs.
    const { rows: steps } = await journal.query<{ detail: unknown }>(
      "SELECT detail FROM loupe_dsr_steps WHERE request_id = $1",
      [`erase-${id}`],
    );
    const text = JSON.stringify(steps) + logs.join("\n");
    for (const v of [email, email.toLowerCase(), phone, String(me.first_name), String(me.last_name)])
      expect(text).not.toContain(v);
    // Running it again returns the recorded result and changes nothing.
    const again = await executeRequest({
      requestId: `erase-${id}`,
      kind: "erase",
      subject: { email, phone },
      map: shop.map,
      env: shop.env,
      session,
      journal,
    });
    expect(again.resumed).toBe(true);
    expect(again.tables).toEqual(r.tables);
  }, 60_000);

  it("correct updates the category in every store that holds it", async () => {
    const [id] = await richCustomers(1, 30);
    const r = await executeRequest({
      requestId: `correct-${id}`,
      kind: "correct",
      subject: { customerId: String(id) },
      corrections: { "user.contact.phone_number": "+14155550199", "user.name.last": "Corrected" },
      map: shop.map,
      env: shop.env,
      session,
      journal,
    });
    expect(r.status).toBe("done");
    const { rows } = await direct.pg.query("SELECT phone, last_name FROM customers WHERE id = $1", [id]);
    expect(rows[0]).toEqual({ phone: "+14155550199", last_name: "Corrected" });
    const { rows: o } = await direct.pg.query("SELECT DISTINCT phone FROM orders WHERE customer_id = $1", [
      id,
    ]);
    for (const x of o) expect(x.phone).toBe("+14155550199");
    expect(r.tables.find((t) => t.table === "customers")?.updated).toBe(1);
    expect(r.recipients.map((x) => x.id)).toContain("payment-processor");
    const bad = await executeRequest({
      requestId: `correct-bad-${id}`,
      kind: "correct",
      subject: { customerId: String(id) },
      corrections: { "user.unknown": "x" },
      map: shop.map,
      env: shop.env,
      session,
    });
    expect(bad.errors[0]?.message).toContain("user.unknown");
  }, 30_000);

  it("restrict and object write the annotated markers and are recorded", async () => {
    const yaml = SAMPLE_STORE_ANNOTATIONS.replace(
      "        erase: mask\n      sms_subscriptions:",
      "        erase: mask\n        restrict: { status: restricted }\n      sms_subscriptions:",
    );
    const map = sampleMap(yaml, direct.prefix);
    const [[row]] = (await direct.my.query(
      "SELECT email, customer_id FROM newsletter_subscriptions WHERE customer_id IS NOT NULL ORDER BY id LIMIT 1",
    )) as unknown as [Record<string, unknown>[]];
    const email = String(row?.email);
    const r = await executeRequest({
      requestId: "restrict-1",
      kind: "restrict",
      subject: { email },
      map,
      env: shop.env,
      journal,
    });
    expect(r.status).toBe("done");
    expect(r.tables.find((t) => t.table === "newsletter_subscriptions")?.updated).toBe(1);
    const [[n]] = (await direct.my.query("SELECT status FROM newsletter_subscriptions WHERE email = ?", [
      email,
    ])) as unknown as [Record<string, unknown>[]];
    expect(n?.status).toBe("restricted");
    expect(await restrictionsOf(journal, { email })).toEqual(["restrict"]);
    await executeRequest({
      requestId: "object-1",
      kind: "object",
      subject: { email },
      map,
      env: shop.env,
      journal,
    });
    expect(await restrictionsOf(journal, { email: email.toUpperCase() })).toEqual(["object", "restrict"]);
  }, 30_000);

  it("rejects a subject without identities and a missing connection variable, clearly", async () => {
    await expect(
      executeRequest({ requestId: "x", kind: "access", subject: {}, map: shop.map, env: shop.env, session }),
    ).rejects.toThrow(/e-mail address, a phone number or a customer id/);
    await expect(
      executeRequest({ requestId: "y", kind: "access", subject: { email: "a@b.c" }, map: shop.map, env: {} }),
    ).rejects.toThrow(/SHOP_COMMERCE_URL is not set/);
  });

  it("gives the same access result with the annotations discovery writes as with the shipped ones", async () => {
    const [commerce, marketing, cache] = await Promise.all([
      discoverPostgres(shop.env.SHOP_COMMERCE_URL as string, {
        systemId: "commerce",
        connectionEnv: "SHOP_COMMERCE_URL",
      }),
      discoverMysql(shop.env.SHOP_MARKETING_URL as string, {
        systemId: "marketing",
        connectionEnv: "SHOP_MARKETING_URL",
      }),
      discoverRedis(shop.env.SHOP_CACHE_URL as string, {
        prefix: direct.prefix,
        systemId: "cache",
        connectionEnv: "SHOP_CACHE_URL",
      }),
    ]);
    const discovered = sampleMap(
      draftToYaml([commerce.system, marketing.system, cache.system]),
      direct.prefix,
    );
    const ds = await openEngineSession({ map: discovered, env: shop.env });
    try {
      for (const id of await richCustomers(4, 40)) {
        const subject = { customerId: String(id) };
        const a = await executeRequest({
          requestId: `d-${id}`,
          kind: "access",
          subject,
          map: shop.map,
          env: shop.env,
          session,
        });
        const b = await executeRequest({
          requestId: `d2-${id}`,
          kind: "access",
          subject,
          map: discovered,
          env: shop.env,
          session: ds,
        });
        expect(asObject(packageKeys(b.package?.bytes as Uint8Array)), `customer ${id}`).toEqual(
          asObject(packageKeys(a.package?.bytes as Uint8Array)),
        );
      }
    } finally {
      await ds.close();
    }
  }, 60_000);

  it("never lets identity values or annotated names inject SQL, in either SQL store", async () => {
    const count = async () => [
      (await direct.pg.query("SELECT count(*)::int AS n FROM orders")).rows[0]?.n,
      Number(
        (
          (await direct.my.query("SELECT count(*) AS n FROM newsletter_subscriptions")) as unknown as [
            { n: number }[],
          ]
        )[0][0]?.n,
      ),
    ];
    const before = await count();
    for (const email of [
      "x' OR '1'='1",
      "a@b.c'); DROP TABLE orders; --",
      "\\' OR 1=1 -- @x.y",
      '" OR ""="',
    ]) {
      const r = await executeRequest({
        requestId: "inject",
        kind: "plan",
        subject: { email, customerId: "1 OR 1=1" },
        map: shop.map,
        env: shop.env,
        session,
      });
      expect(r.tables).toEqual([]);
    }
    const evil = [
      [
        "      orders:\n",
        '      "orders; DROP TABLE orders; --":\n        identity: { email: email }\n      orders:\n',
      ],
      [
        "          email: { category: user.contact.email, erase: hash }\n",
        '          "email = NULL; --": { category: user.contact.email, erase: hash }\n',
      ],
      [
        "      sms_subscriptions:\n",
        '      "sms`; DROP TABLE chats; --":\n        identity: { phone: phone }\n      sms_subscriptions:\n',
      ],
    ] as const;
    for (const [from, to] of evil) {
      const map = sampleMap(SAMPLE_STORE_ANNOTATIONS.replace(from, to), direct.prefix);
      const err = await openEngineSession({ map, env: shop.env }).then(
        async (s) => {
          await s.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LoupeError);
      expect((err as LoupeError).code).toBe("MAP_INVALID");
      expect((err as LoupeError).location?.path).toMatch(/^systems\[(commerce|marketing)\]/);
    }
    expect(await count()).toEqual(before);
    const [[chats]] = (await direct.my.query("SELECT count(*) AS n FROM chats")) as unknown as [
      { n: number }[],
    ];
    expect(Number(chats?.n)).toBeGreaterThan(0);
  }, 30_000);
});
