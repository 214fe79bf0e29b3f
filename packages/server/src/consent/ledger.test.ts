import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/open-store.js";
import { TEST_STORES } from "../testing/test-stores.js";
import { LedgerWriter, type PendingReceipt } from "./ledger-writer.js";
import { GENESIS_HASH, receiptHash } from "./receipt-hash.js";
import { toChained } from "./receipt-rows.js";
import { verifyLedger } from "./verify-ledger.js";

const receipt = (n: number, over: Partial<PendingReceipt> = {}): PendingReceipt => ({
  visitor_id: `visitor_${String(n).padStart(6, "0")}`,
  customer_id: null,
  granted: ["essential", "analytics"],
  denied: ["advertising"],
  action: "save",
  source: "dialog",
  gpc: false,
  dnt: false,
  regime: "opt-in",
  region: "FR",
  notice_version: "sha256:000000000000",
  config_hash: "c".repeat(64),
  language: "fr",
  ip_truncated: "203.0.113.0/24",
  user_agent: "Mozilla/5.0 (X11; Linux x86_64)",
  ...over,
});

describe.each(TEST_STORES)("consent ledger on $name", (kind) => {
  let store: Store;
  let url: string | undefined;
  let dispose: () => Promise<void>;
  let writer: LedgerWriter;

  beforeAll(async () => {
    ({ store, url, dispose } = await kind.open());
    writer = new LedgerWriter(store.db, { delayMs: 2 });
  }, 60_000);
  afterAll(async () => {
    await writer?.close();
    await dispose?.();
  }, 60_000);

  it("chains receipts from the genesis hash, batching concurrent appends into few transactions", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => writer.append([receipt(i)], { requestHash: `r${i}` })),
    );
    const ids = results.map((r) => r.response.receipts[0]?.id).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(ids).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Group commit: the 200 appends share server times (one per transaction), far fewer than 200.
    const times = new Set(results.map((r) => r.response.receipts[0]?.serverTime));
    expect(times.size).toBeLessThan(20);
    const first = await store.db
      .selectFrom("consent_receipts")
      .selectAll()
      .where("id", "=", "1")
      .executeTakeFirstOrThrow();
    expect(first.prev_hash).toBe(GENESIS_HASH);
    expect(receiptHash(toChained(first))).toBe(first.hash);
    expect(first.granted).toEqual(["essential", "analytics"]);
    expect(await verifyLedger(store.db)).toEqual({ ok: true, count: 200 });
    // The first transaction reads the chain's end; later ones are sent in one round trip.
    expect(writer.stats.receipts).toBe(200);
    expect(writer.stats.fast).toBe(writer.stats.transactions - 1);
    expect(writer.stats.retried).toBe(0);
  });

  it("replays an idempotency key without writing, and refuses the key for a different request", async () => {
    const a = await writer.append([receipt(1000), receipt(1001)], { key: "key-1", requestHash: "h1" });
    const retried = writer.stats.retried;
    const [b, c] = await Promise.all([
      writer.append([receipt(1000), receipt(1001)], { key: "key-1", requestHash: "h1" }),
      writer.append([receipt(1000), receipt(1001)], { key: "key-1", requestHash: "h1" }),
    ]);
    expect(a.replayed).toBe(false);
    expect(b).toEqual({ response: a.response, replayed: true });
    expect(c).toEqual({ response: a.response, replayed: true });
    await expect(
      writer.append([receipt(1002)], { key: "key-1", requestHash: "other" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // Keys already stored are caught by the one-round-trip guard, which falls back to reading them.
    expect(writer.stats.retried).toBe(retried + 2);
    const rows = await store.db
      .selectFrom("consent_receipts")
      .select("id")
      .where("visitor_id", "in", ["visitor_001000", "visitor_001001", "visitor_001002"])
      .execute();
    expect(rows).toHaveLength(2);
    // Concurrent first uses of one key write once too.
    const both = await Promise.all([
      writer.append([receipt(2000)], { key: "key-2", requestHash: "h2" }),
      writer.append([receipt(2000)], { key: "key-2", requestHash: "h2" }),
    ]);
    expect(both[0].response).toEqual(both[1].response);
    const twice = await store.db
      .selectFrom("consent_receipts")
      .select("id")
      .where("visitor_id", "=", "visitor_002000")
      .execute();
    expect(twice).toHaveLength(1);
  });

  it("deletes idempotency keys older than a day, in batches and on a timer, and keeps newer ones", async () => {
    const aged = (prefix: string, count: number, hours: number) =>
      sql`
        insert into consent_idempotency (key, request_hash, response, created_at)
        select ${prefix} || i, 'h', '{"receipts":[]}'::jsonb, now() - make_interval(hours => ${hours})
        from generate_series(1, ${count}) as i`.execute(store.db);
    const keys = async (prefix: string) =>
      (
        await store.db
          .selectFrom("consent_idempotency")
          .select("key")
          .where("key", "like", `${prefix}%`)
          .execute()
      ).length;
    await aged("old-", 25, 25);
    await aged("recent-", 3, 23);
    expect(await writer.pruneKeys(10)).toBe(25);
    expect([await keys("old-"), await keys("recent-"), await keys("key-")]).toEqual([0, 3, 2]);
    expect(await writer.pruneKeys()).toBe(0);
    // A key used again after it was pruned is a new request.
    await aged("again-", 1, 30);
    await writer.pruneKeys();
    const again = await writer.append([receipt(3000)], { key: "again-1", requestHash: "h" });
    expect(again.replayed).toBe(false);

    await aged("timed-", 5, 48);
    const timed = new LedgerWriter(store.db, { pruneEveryMs: 20 });
    try {
      await expect.poll(() => keys("timed-"), { timeout: 5_000 }).toBe(0);
    } finally {
      await timed.close();
    }
    expect(await keys("recent-")).toBe(3);
  });

  it("forbids UPDATE, DELETE and TRUNCATE of receipts with a trigger", async () => {
    await expect(
      store.db.updateTable("consent_receipts").set({ action: "accept-all" }).where("id", "=", "1").execute(),
    ).rejects.toThrow(/append-only: UPDATE/);
    await expect(store.db.deleteFrom("consent_receipts").where("id", "=", "1").execute()).rejects.toThrow(
      /append-only: DELETE/,
    );
    await expect(sql`truncate consent_receipts`.execute(store.db)).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await verifyLedger(store.db)).ok).toBe(true);
  });

  it("names the first broken link when a superuser changes receipts behind the trigger", async () => {
    const before = await verifyLedger(store.db);
    expect(before.ok).toBe(true);
    const tamper = async (statement: string) => {
      const q = `alter table consent_receipts disable trigger consent_receipts_no_change; ${statement}; alter table consent_receipts enable trigger consent_receipts_no_change`;
      if (url) {
        // A separate superuser connection, as an attacker with database access would use.
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(q);
        await c.end();
      } else {
        for (const s of q.split("; ")) await sql.raw(s).execute(store.db);
      }
    };
    // 1. Change the content of receipt 57: its own hash no longer matches.
    await tamper(
      `update consent_receipts set granted = '{essential,analytics,advertising}', denied = '{}' where id = 57`,
    );
    expect(await verifyLedger(store.db, { pageSize: 10 })).toEqual({
      ok: false,
      brokenAt: 57,
      reason: "hash does not match the receipt's content: the receipt was changed",
    });
    // 2. Re-hash receipt 57 as a careful forger would: now the link from receipt 58 is broken.
    const row = await store.db
      .selectFrom("consent_receipts")
      .selectAll()
      .where("id", "=", "57")
      .executeTakeFirstOrThrow();
    await tamper(`update consent_receipts set hash = '${receiptHash(toChained(row))}' where id = 57`);
    const r = await verifyLedger(store.db, { pageSize: 10 });
    expect(r).toMatchObject({ ok: false, brokenAt: 58 });
    expect(r.ok === false && r.reason).toMatch(/prev_hash does not match the hash of receipt 57/);
    // 3. An earlier deletion is found first: ids must follow each other.
    await tamper("delete from consent_receipts where id = 12");
    expect(await verifyLedger(store.db, { pageSize: 10 })).toMatchObject({ ok: false, brokenAt: 13 });
  });
});

describe("two processes appending to one PostgreSQL ledger", () => {
  it("still build one valid chain (advisory lock)", async () => {
    const kind = TEST_STORES.find((k) => k.name === "postgres");
    if (!kind) throw new Error("no postgres store kind");
    const first = await kind.open();
    const second = await openStore({ databaseUrl: first.url, migrate: true });
    try {
      const a = new LedgerWriter(first.store.db, { delayMs: 1 });
      const b = new LedgerWriter(second.db, { delayMs: 1 });
      // Waves of concurrent appends through both writers, so that each keeps finding the chain moved.
      for (let wave = 0; wave < 10; wave++) {
        await Promise.all(
          Array.from({ length: 30 }, (_, j) => {
            const i = wave * 30 + j;
            return (i % 2 ? a : b).append([receipt(i), receipt(i + 10_000)], { requestHash: `x${i}` });
          }),
        );
      }
      await Promise.all([a.close(), b.close()]);
      expect(await verifyLedger(first.store.db)).toEqual({ ok: true, count: 600 });
      // Each writer saw the other move the chain's end and recovered.
      expect(a.stats.retried + b.stats.retried).toBeGreaterThan(0);
      expect(a.stats.receipts + b.stats.receipts).toBe(600);
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
