import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type LoupeApp } from "../app/create-app.js";
import { issueLinkToken } from "../identity/link-tokens.js";
import type { Store } from "../store/open-store.js";
import { isSuppressed } from "../suppression/record-suppression.js";
import { AURORA_MAP, TEST_STORES } from "../testing/test-stores.js";
import { prefTables, verifyPreferenceChain } from "./record-preferences.js";

describe.each(TEST_STORES)("preference receipts on $name", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: LoupeApp;

  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
    app = await createApp({
      store,
      config: { mapPath: AURORA_MAP, logLevel: "silent", rateLimit: { perSecond: 0, burst: 0 } },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it("keeps one unbroken hash chain under concurrent saves by different people", async () => {
    const people = Array.from({ length: 12 }, (_, i) => `person${i}@example.com`);
    const tokens = await Promise.all(
      people.map(async (email) => (await issueLinkToken(store.db, { purpose: "preferences", email })).token),
    );
    const answers = await Promise.all(
      tokens.map((t, i) =>
        app.request("/preferences/manage", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
          body: new URLSearchParams({ t, [i % 2 ? "channel:sms" : "channel:post"]: "no" }).toString(),
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(people.map(() => 303));
    const rows = await prefTables(store.db)
      .selectFrom("preference_receipts")
      .selectAll()
      .orderBy("id")
      .execute();
    expect(rows).toHaveLength(people.length);
    expect(rows[0]?.prev_hash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    for (const [i, email] of people.entries())
      expect(await isSuppressed(store.db, { email, channel: i % 2 ? "sms" : "post" })).toBe(true);
    await expect(
      prefTables(store.db).updateTable("preference_receipts").set({ source: "link" }).execute(),
    ).rejects.toThrow(/append-only/);
    expect(await verifyPreferenceChain(store.db)).toEqual({ ok: true, count: people.length });
    // A superuser who switches the guard off to rewrite history is caught by the chain.
    await sql`alter table preference_receipts disable trigger user`.execute(store.db);
    await sql`update preference_receipts set changes = '[{"key":"channel:sms","allowed":true}]' where id = ${rows[3]?.id}`.execute(
      store.db,
    );
    await sql`alter table preference_receipts enable trigger user`.execute(store.db);
    expect(await verifyPreferenceChain(store.db)).toEqual({
      ok: false,
      count: 3,
      brokenAt: Number(rows[3]?.id),
      reason: "its content does not match its hash",
    });
  });
});
