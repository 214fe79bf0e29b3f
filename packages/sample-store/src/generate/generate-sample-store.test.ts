import { describe, expect, it } from "vitest";
import { sampleStoreChecksums } from "../checksum/checksum-generated.js";
import { COMMERCE_TABLES, MARKETING_TABLES, SHOP_TABLES } from "../schema/shop-schema.js";
import {
  generateSampleStore,
  largeHistoryCustomers,
  type Row,
  resolveSampleStoreOptions,
  type SampleStoreOptions,
} from "./generate-sample-store.js";
import { emailLocal, person } from "./people.js";

function collect(options: SampleStoreOptions) {
  const tables: Record<string, Row[]> = {};
  for (const t of SHOP_TABLES) tables[t.name] = [];
  let redis = 0;
  for (const chunk of generateSampleStore(options)) {
    for (const t of SHOP_TABLES) (tables[t.name] as Row[]).push(...(chunk.tables[t.name] ?? []));
    redis += chunk.redis.length;
  }
  const col = (table: string, name: string) => {
    const spec = SHOP_TABLES.find((t) => t.name === table);
    const k = spec?.columns.findIndex((c) => c.name === name) ?? -1;
    if (k < 0) throw new Error(`no column ${table}.${name}`);
    return (row: Row) => row[k];
  };
  return { tables, redis, col };
}

describe("generateSampleStore", () => {
  const shop = collect({ customers: 1000, seed: 42 });
  const rows = (t: string) => shop.tables[t] as Row[];

  it("gives every row the columns of its table and unique primary keys", () => {
    const problems: string[] = [];
    for (const t of SHOP_TABLES) {
      const pk = t.primaryKey.map((c) => t.columns.findIndex((x) => x.name === c));
      const seen = new Set<string>();
      for (const row of rows(t.name)) {
        if (row.length !== t.columns.length) problems.push(`${t.name}: ${row.length} values`);
        t.columns.forEach((c, k) => {
          const v = row[k];
          if (!c.nullable && v === null) problems.push(`${t.name}.${c.name} is null`);
          if (
            (c.type === "varchar" || c.type === "char") &&
            typeof v === "string" &&
            v.length > (c.length ?? 0)
          )
            problems.push(`${t.name}.${c.name} too long: ${v}`);
        });
        const key = pk.map((k) => String(row[k])).join("|");
        if (seen.has(key)) problems.push(`${t.name} duplicate key ${key}`);
        seen.add(key);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(rows("customers")).toHaveLength(1000);
    expect(rows("products")).toHaveLength(360);
  });

  it("keeps every foreign key pointing at an existing row", () => {
    for (const t of SHOP_TABLES) {
      for (const fk of t.foreignKeys) {
        const parent = SHOP_TABLES.find((p) => p.name === fk.table);
        if (!parent) throw new Error(fk.table);
        const pi = fk.refColumns.map((c) => parent.columns.findIndex((x) => x.name === c));
        const keys = new Set(rows(parent.name).map((r) => pi.map((k) => String(r[k])).join("|")));
        const ci = fk.columns.map((c) => t.columns.findIndex((x) => x.name === c));
        const dangling = rows(t.name).filter(
          (r) => !ci.some((k) => r[k] === null) && !keys.has(ci.map((k) => String(r[k])).join("|")),
        );
        expect(dangling.length, `${t.name}(${fk.columns}) → ${fk.table}`).toBe(0);
      }
    }
  });

  it("shares addresses between customers", () => {
    const addressOf = shop.col("customer_addresses", "address_id");
    const counts = new Map<unknown, number>();
    for (const r of rows("customer_addresses")) counts.set(addressOf(r), (counts.get(addressOf(r)) ?? 0) + 1);
    const shared = [...counts.values()].filter((n) => n > 1).length;
    expect(shared).toBeGreaterThan(20);
  });

  it("has guest orders known only by an e-mail address, some typed with capitals", () => {
    const customerId = shop.col("orders", "customer_id");
    const email = shop.col("orders", "email");
    const accounts = new Set(rows("customers").map(shop.col("customers", "email")));
    const guests = rows("orders").filter((r) => customerId(r) === null);
    const strangers = guests.filter((r) => !accounts.has(String(email(r)).toLowerCase()));
    const beforeSignUp = guests.filter((r) => accounts.has(String(email(r)).toLowerCase()));
    expect(strangers.length).toBeGreaterThan(100);
    expect(beforeSignUp.length).toBeGreaterThan(50);
    expect(guests.some((r) => /[A-Z]/.test(String(email(r))))).toBe(true);
  });

  it("has SMS subscribers known only by phone, some of them not customers", () => {
    const phones = rows("sms_subscriptions").map(shop.col("sms_subscriptions", "phone"));
    expect(phones.every((p) => /^\+1\d{3}555\d{4}$/.test(String(p)))).toBe(true);
    const customerPhones = new Set(rows("customers").map(shop.col("customers", "phone")));
    expect(phones.filter((p) => !customerPhones.has(p)).length).toBeGreaterThan(10);
    expect(phones.filter((p) => customerPhones.has(p)).length).toBeGreaterThan(50);
  });

  it("soft-deletes a few customers", () => {
    const deleted = rows("customers").filter((r) => shop.col("customers", "deleted_at")(r) !== null);
    expect(deleted.length).toBeGreaterThan(5);
    expect(deleted.length).toBeLessThan(60);
  });

  it("gives a few customers 10,000 or more page views", () => {
    const bySession = new Map<unknown, unknown>();
    for (const s of rows("web_sessions"))
      bySession.set(shop.col("web_sessions", "id")(s), shop.col("web_sessions", "customer_id")(s));
    const cookieOwner = new Map<unknown, number>();
    for (const s of rows("web_sessions")) {
      const owner = shop.col("web_sessions", "customer_id")(s);
      if (owner !== null) cookieOwner.set(shop.col("web_sessions", "cookie_id")(s), owner as number);
    }
    const perCustomer = new Map<number, number>();
    for (const v of rows("page_views")) {
      const owner = cookieOwner.get(shop.col("page_views", "cookie_id")(v));
      if (owner !== undefined) perCustomer.set(owner, (perCustomer.get(owner) ?? 0) + 1);
    }
    const large = [...perCustomer].filter(([, n]) => n >= 10_000).map(([id]) => id);
    expect(large.sort((a, b) => a - b)).toEqual(largeHistoryCustomers(1000, 3).map((i) => i + 1));
  });

  it("covers every touchpoint", () => {
    for (const t of SHOP_TABLES) expect(rows(t.name).length, t.name).toBeGreaterThan(0);
    expect(shop.redis).toBeGreaterThan(100);
    const friends = rows("referral_recipients").map(shop.col("referral_recipients", "friend_email"));
    expect(friends.some((e) => String(e).endsWith("@example.org"))).toBe(true);
    const handles = rows("social_mentions").map(shop.col("social_mentions", "handle"));
    expect(handles.every((h) => String(h).startsWith("@"))).toBe(true);
    const recordings = rows("consultant_calls")
      .map(shop.col("consultant_calls", "recording_ref"))
      .filter(Boolean);
    expect(recordings[0]).toMatch(/^s3:\/\/aurora-call-recordings\/\d{4}\/\d{2}\/\d{2}\/call-\d+\.wav$/);
  });

  it("is deterministic, whatever the chunk size, and depends on the seed", () => {
    const a = sampleStoreChecksums({ customers: 300, seed: 7, largeHistories: 1 });
    const b = sampleStoreChecksums({ customers: 300, seed: 7, largeHistories: 1, chunkSize: 37 });
    const c = sampleStoreChecksums({ customers: 300, seed: 8, largeHistories: 1 });
    expect(b).toEqual(a);
    expect(c.customers?.checksum).not.toBe(a.customers?.checksum);
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining(
        [...COMMERCE_TABLES, ...MARKETING_TABLES].map((t) => t.name).concat("redis:session"),
      ),
    );
  });

  it("keeps the first customers the same when more are generated", () => {
    const small = collect({ customers: 50, seed: 3, largeHistories: 0 });
    const big = collect({ customers: 80, seed: 3, largeHistories: 0 });
    expect(big.tables.customers?.slice(0, 50)).toEqual(small.tables.customers);
  });

  it("stays within a bounded chunk size", () => {
    let max = 0;
    for (const chunk of generateSampleStore({
      customers: 3000,
      seed: 1,
      largeHistories: 0,
      chunkSize: 500,
    })) {
      const n = Object.values(chunk.tables).reduce((a, r) => a + r.length, 0);
      max = Math.max(max, n);
    }
    expect(max).toBeLessThan(500 * 80);
  });

  it("rejects bad options", () => {
    expect(() => resolveSampleStoreOptions({ customers: -1, seed: 1 })).toThrow(RangeError);
    expect(() => resolveSampleStoreOptions({ customers: 10, seed: 1.5 })).toThrow(RangeError);
    expect(() => resolveSampleStoreOptions({ customers: 10, seed: 1, now: "yesterday" })).toThrow(RangeError);
    expect(resolveSampleStoreOptions({ customers: 2, seed: 1 }).largeHistories).toBe(2);
  });
});

describe("person", () => {
  it("is stable and makes reserved-domain e-mail addresses", () => {
    const p = person(42, "customer", 0);
    expect(person(42, "customer", 0)).toEqual(p);
    expect(p.email).toMatch(/^[a-z]+\.[a-z]+1@example\.com$/);
    expect(person(42, "guest", 0).email).toMatch(/@example\.net$/);
    expect(emailLocal("Łukasz O'Brien-Müller")).toBe("lukaszobrienmuller");
  });

  it("gives distinct phone numbers to distinct people", () => {
    const phones = new Set<string>();
    for (let i = 0; i < 20_000; i++) phones.add(person(5, "customer", i).phone);
    for (let i = 0; i < 5_000; i++) phones.add(person(5, "sms", i).phone);
    expect(phones.size).toBe(25_000);
  });
});
