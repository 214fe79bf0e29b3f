import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobQueue, startJobQueue } from "../jobs/job-queue.js";
import { openStore, type Store } from "../store/open-store.js";
import { createTestDatabase, TEST_STORES } from "../testing/test-stores.js";
import { listSuppressionChanges, suppressionCsv } from "./list-suppression-changes.js";
import { checkSuppressions, isSuppressed, liftSuppression, recordSuppression } from "./record-suppression.js";
import { useSuppressionKey } from "./suppression-key.js";

const logger = pino({ level: "silent" });

describe.each(TEST_STORES)("suppression list on $name", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let queue: JobQueue;
  const ctx = () => ({ db: store.db, queue });

  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
    queue = await startJobQueue({ store, logger });
  }, 60_000);
  afterAll(async () => {
    await queue?.stop();
    await dispose?.();
  });

  it("answers false on an empty list and still validates the question", async () => {
    expect(await isSuppressed(store.db, { email: "nobody@example.com", channel: "email" })).toBe(false);
    await expect(isSuppressed(store.db, { phone: "555-0100", channel: "sms" })).rejects.toMatchObject({
      code: "INVALID_REQUEST",
      location: { path: "phone" },
    });
    await expect(isSuppressed(store.db, { channel: "email" })).rejects.toMatchObject({
      code: "INVALID_REQUEST",
      location: { path: "email" },
    });
  });

  it("matches normalised identifiers by channel and scope", async () => {
    await recordSuppression(ctx(), {
      email: " Ada@Example.com ",
      channel: "email",
      scope: "all",
      source: "one-click",
    });
    await recordSuppression(ctx(), {
      phone: "+1 (415) 555-0100",
      channel: "sms",
      scope: "topic:new-arrivals",
      source: "preference-centre",
    });
    await recordSuppression(ctx(), {
      address: "12 Main Street, Springfield",
      channel: "all",
      scope: "all",
      source: "postal",
    });

    expect(await isSuppressed(store.db, { email: "ada@example.com", channel: "email" })).toBe(true);
    expect(
      await isSuppressed(store.db, { email: "ADA@EXAMPLE.COM", channel: "email", scope: "topic:sales" }),
    ).toBe(true);
    expect(await isSuppressed(store.db, { email: "ada@example.com", channel: "sms" })).toBe(false);
    expect(await isSuppressed(store.db, { email: "grace@example.com", channel: "email" })).toBe(false);

    expect(
      await isSuppressed(store.db, { phone: "+14155550100", channel: "sms", scope: "topic:new-arrivals" }),
    ).toBe(true);
    expect(await isSuppressed(store.db, { phone: "+14155550100", channel: "sms" })).toBe(false); // only one topic
    expect(
      await isSuppressed(store.db, { phone: "+14155550100", channel: "sms", scope: "topic:sales" }),
    ).toBe(false);
    expect(
      await isSuppressed(store.db, { phone: "+14155550100", channel: "phone", scope: "topic:new-arrivals" }),
    ).toBe(false);

    for (const channel of ["post", "email", "phone"] as const)
      expect(await isSuppressed(store.db, { address: "12 main st springfield", channel })).toBe(true);
    // Any one identifier suppressed is enough.
    expect(
      await isSuppressed(store.db, {
        email: "grace@example.com",
        address: "12 Main St., Springfield",
        channel: "post",
      }),
    ).toBe(true);

    expect(
      await checkSuppressions(store.db, [
        { email: "ada@example.com", channel: "email" },
        { email: "grace@example.com", channel: "email" },
        { phone: "0014155550100", channel: "sms", scope: "topic:new-arrivals" },
      ]),
    ).toEqual([true, false, true]);
    await expect(
      checkSuppressions(store.db, [
        { email: "ada@example.com", channel: "email" },
        { email: "bad", channel: "email" },
      ]),
    ).rejects.toMatchObject({ location: { path: "items[1].email" } });
  });

  it("keeps only keyed hashes, lifts, re-suppresses, and exports changes after a cursor", async () => {
    const rows = await sql`select * from suppressions`.execute(store.db);
    const dump = JSON.stringify(rows.rows, (_k, v) =>
      v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v,
    );
    for (const clear of ["ada@example.com", "14155550100", "main st", "springfield"])
      expect(dump.toLowerCase()).not.toContain(clear);

    const start = await listSuppressionChanges(store.db);
    expect(start.entries.length).toBeGreaterThanOrEqual(3);
    const cursor = start.cursor;

    // Repeating an active suppression changes nothing.
    await recordSuppression(ctx(), {
      email: "ada@example.com",
      channel: "email",
      scope: "all",
      source: "link",
    });
    expect((await listSuppressionChanges(store.db, { after: cursor })).entries).toEqual([]);

    expect(await liftSuppression(ctx(), { email: "ada@example.com", channel: "email", scope: "all" })).toBe(
      true,
    );
    expect(await liftSuppression(ctx(), { email: "ada@example.com", channel: "email", scope: "all" })).toBe(
      false,
    );
    expect(await isSuppressed(store.db, { email: "ada@example.com", channel: "email" })).toBe(false);
    const lifted = await listSuppressionChanges(store.db, { after: cursor });
    expect(lifted.entries).toHaveLength(1);
    expect(lifted.entries[0]).toMatchObject({
      keyKind: "email",
      channel: "email",
      scope: "all",
      source: "one-click",
    });
    expect(lifted.entries[0]?.liftedAt).not.toBeNull();
    expect(lifted.entries[0]?.keyHash).toMatch(/^[0-9a-f]{64}$/);

    const received = new Date("2026-11-20T10:00:00Z");
    await recordSuppression(ctx(), {
      email: "ada@example.com",
      channel: "email",
      scope: "all",
      source: "phone-call",
      receivedAt: received,
    });
    expect(await isSuppressed(store.db, { email: "ada@example.com", channel: "email" })).toBe(true);
    const again = await listSuppressionChanges(store.db, { after: lifted.cursor });
    expect(again.entries).toEqual([
      expect.objectContaining({ source: "phone-call", receivedAt: received.toISOString(), liftedAt: null }),
    ]);

    // Paging: one at a time reaches the same entries.
    const paged: string[] = [];
    let after = "0";
    for (;;) {
      const page = await listSuppressionChanges(store.db, { after, limit: 1 });
      paged.push(...page.entries.map((e) => e.change));
      if (!page.next) break;
      after = page.next;
    }
    expect(paged).toEqual((await listSuppressionChanges(store.db)).entries.map((e) => e.change));

    let csv = "";
    for await (const chunk of suppressionCsv(store.db, { pageSize: 2 })) csv += chunk;
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("key_kind,key_hash,channel,scope,source,received_at,effective_at,lifted_at,change");
    expect(lines).toHaveLength(paged.length + 1);
    expect(lines.at(-1)).toMatch(
      /^email,[0-9a-f]{64},email,all,phone-call,2026-11-20T10:00:00.000Z,[^,]+,,\d+$/,
    );
  });

  it("emits a webhook event per change, with the subject derived from the hash", async () => {
    const events = await store.db
      .selectFrom("webhook_events")
      .select(["type", "subject", "data"])
      .orderBy("seq")
      .execute();
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === "suppression.created").length).toBe(4);
    expect(types.filter((t) => t === "suppression.lifted").length).toBe(1);
    const created = events.find((e) => e.type === "suppression.created");
    expect(created?.subject).toMatch(/^suppression:[0-9a-f]{64}$/);
    expect(created?.data).toMatchObject({
      email: "ada@example.com",
      channel: "email",
      scope: "all",
      source: "one-click",
    });
  });

  it("refuses invalid entries with the field named and writes nothing", async () => {
    const before = (await listSuppressionChanges(store.db)).entries.length;
    const bad = [
      [{ email: "x@example.com", channel: "fax", scope: "all", source: "link" }, "channel"],
      [{ email: "x@example.com", channel: "email", scope: "topic:Bad Topic", source: "link" }, "scope"],
      [{ email: "x@example.com", channel: "email", scope: "all", source: "rumour" }, "source"],
      [{ channel: "email", scope: "all", source: "link" }, "email"],
      [{ email: "x@example.com", phone: "12", channel: "all", scope: "all", source: "link" }, "phone"],
    ] as const;
    for (const [entry, path] of bad) {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
      await expect(recordSuppression(ctx(), entry as any)).rejects.toMatchObject({
        code: "INVALID_REQUEST",
        location: { path },
      });
    }
    expect((await listSuppressionChanges(store.db)).entries).toHaveLength(before);
  });
});

describe("suppression key", () => {
  it("keeps the fingerprint of LOUPE_SUPPRESSION_KEY and refuses another key or none", async () => {
    const database = await createTestDatabase("loupe_suppression_key");
    const store = await openStore({ databaseUrl: database.url });
    try {
      const secret = "s".repeat(40);
      await useSuppressionKey(store.db, secret);
      const queue = await startJobQueue({ store, logger });
      await recordSuppression(
        { db: store.db, queue },
        { email: "a@example.com", channel: "email", scope: "all", source: "link" },
      );
      await queue.stop();
      const row = await store.db.selectFrom("suppression_key").selectAll().executeTakeFirstOrThrow();
      expect(row.stored_key).toBeNull();
      expect(Buffer.from(row.fingerprint ?? []).toString("utf8")).not.toContain(secret);
      await expect(useSuppressionKey(store.db, "t".repeat(40))).rejects.toMatchObject({
        code: "USAGE",
        message: expect.stringContaining("LOUPE_SUPPRESSION_KEY: it is not the key"),
      });
      await expect(useSuppressionKey(store.db, undefined)).rejects.toMatchObject({
        code: "USAGE",
        message: expect.stringContaining("missing environment variable LOUPE_SUPPRESSION_KEY"),
      });
      await useSuppressionKey(store.db, secret);
      expect(await isSuppressed(store.db, { email: "A@example.com", channel: "email" })).toBe(true);
    } finally {
      await useSuppressionKey(store.db, undefined).catch(() => {});
      await store.close();
      await database.drop();
    }
  }, 30_000);

  it("generates and keeps a key when none is configured, and refuses one configured later", async () => {
    const database = await createTestDatabase("loupe_suppression_key");
    const store = await openStore({ databaseUrl: database.url });
    try {
      await useSuppressionKey(store.db, undefined);
      const row = await store.db.selectFrom("suppression_key").selectAll().executeTakeFirstOrThrow();
      expect(Buffer.from(row.stored_key ?? [])).toHaveLength(32);
      await expect(useSuppressionKey(store.db, "k".repeat(40))).rejects.toMatchObject({
        code: "USAGE",
        message: expect.stringContaining("built with a generated key"),
      });
    } finally {
      await useSuppressionKey(store.db, undefined).catch(() => {});
      await store.close();
      await database.drop();
    }
  }, 30_000);
});
