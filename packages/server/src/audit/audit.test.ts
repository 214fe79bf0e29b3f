import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../store/open-store.js";
import { TEST_STORES } from "../testing/test-stores.js";
import { appendAudit, checkAuditInput } from "./append-audit.js";
import { auditEntryHash } from "./audit-hash.js";
import { listAudit } from "./list-audit.js";
import { toChainedAudit, verifyAudit } from "./verify-audit.js";

describe.each(TEST_STORES)("audit log on $name", (kind) => {
  let store: Store;
  let url: string | undefined;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, url, dispose } = await kind.open());
  });
  afterAll(async () => dispose());

  const tamper = async (statement: string) => {
    const q = `alter table audit_log disable trigger audit_log_no_change; ${statement}; alter table audit_log enable trigger audit_log_no_change`;
    if (url) {
      // A separate superuser connection, as someone with direct database access would use.
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(q);
      await c.end();
    } else {
      for (const s of q.split("; ")) await sql.raw(s).execute(store.db);
    }
  };

  it("chains entries, reads them back newest first and verifies", async () => {
    const first = await appendAudit(store.db, { actor: "system", action: "audit.start" });
    expect(first).toMatchObject({ id: 1, prev_hash: "0".repeat(64), target: null, data: {} });
    for (let i = 0; i < 29; i++) {
      await appendAudit(store.db, {
        actor: `staff:user-${i % 3}`,
        action: "request.approve",
        target: `request:r_${i}`,
        data: { zeta: i, alpha: `h${i}`, ok: i % 2 === 0, none: null },
      });
    }
    const page = await listAudit(store.db, { limit: 10 });
    expect(page.total).toBe(30);
    expect(page.entries.map((e) => e.id)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
    expect(page.nextBefore).toBe(21);
    const older = await listAudit(store.db, { limit: 25, before: page.nextBefore });
    expect(older.entries.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(older.nextBefore).toBeUndefined();
    // Every stored entry's hash covers its content as read back (key order of jsonb does not matter).
    for (const e of [...page.entries, ...older.entries]) expect(auditEntryHash(e)).toBe(e.hash);
    expect(await verifyAudit(store.db, { pageSize: 7 })).toEqual({ ok: true, count: 30 });
  });

  it("writes inside the caller's transaction and nothing when it rolls back", async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor: "engine", action: "request.step", target: "request:r_x" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await listAudit(store.db, { limit: 1 })).total).toBe(30);
  });

  it("refuses personal data before writing anything", async () => {
    await expect(
      appendAudit(store.db, { actor: "system", action: "x", data: { to: "a@b.example" } }),
    ).rejects.toThrow(/e-mail/);
    expect((await listAudit(store.db, { limit: 1 })).total).toBe(30);
  });

  it("keeps one valid chain under concurrent appends", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit(store.db, { actor: "engine", action: "request.step", data: { n: i } }),
      ),
    );
    expect(await verifyAudit(store.db)).toEqual({ ok: true, count: 50 });
  });

  it("refuses updates, deletes and truncation", async () => {
    await expect(sql`update audit_log set actor = 'system' where id = 3`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where id = 3`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it("names the first broken entry when someone changes rows behind the trigger", async () => {
    // 1. Change the content of entry 17: its own hash no longer matches.
    await tamper(`update audit_log set target = 'request:r_other' where id = 17`);
    expect(await verifyAudit(store.db, { pageSize: 10 })).toEqual({
      ok: false,
      brokenAt: 17,
      count: 16,
      reason: "hash does not match the entry's content: the entry was changed",
    });
    // 2. Re-hash entry 17 as a careful forger would: now the link from entry 18 is broken.
    const row = await store.db
      .withTables<{ audit_log: import("./audit-tables.js").AuditLogTable }>()
      .selectFrom("audit_log")
      .selectAll()
      .where("id", "=", "17")
      .executeTakeFirstOrThrow();
    await tamper(`update audit_log set hash = '${auditEntryHash(toChainedAudit(row))}' where id = 17`);
    const r = await verifyAudit(store.db, { pageSize: 10 });
    expect(r).toMatchObject({ ok: false, brokenAt: 18 });
    expect(r.ok === false && r.reason).toMatch(/prev_hash does not match the hash of entry 17/);
    // 3. An earlier deletion is found first.
    await tamper("delete from audit_log where id = 5");
    expect(await verifyAudit(store.db, { pageSize: 10 })).toMatchObject({
      ok: false,
      brokenAt: 6,
      reason: "entry 5 is missing: the chain jumps from 4 to 6",
    });
  });
});

describe("audit input rules", () => {
  it("accepts ids, hashes, counts and flags", () => {
    expect(
      checkAuditInput({
        actor: "staff:6f1e-9a",
        action: "user.role",
        target: "user:6f1e",
        data: { role: "viewer", n: 3 },
      }),
    ).toEqual({
      role: "viewer",
      n: 3,
    });
  });

  it.each([
    [{ actor: "Staff Member", action: "x" }, "actor"],
    [{ actor: "system", action: "Approve Request" }, "action"],
    [{ actor: "system", action: "x", target: "ana@shop.example" }, "target"],
    [{ actor: "system", action: "x", data: { to: "ana@shop.example" } }, "data.to"],
    [{ actor: "system", action: "x", data: { amount: 1.5 } }, "data.amount"],
    [{ actor: "system", action: "x", data: { nested: { a: 1 } as unknown as string } }, "data.nested"],
    [{ actor: "system", action: "x", data: { "bad key": 1 } }, "data.bad key"],
  ])("refuses %j (%s)", (input, path) => {
    expect(() => checkAuditInput(input)).toThrow(
      expect.objectContaining({ code: "INTERNAL", location: { path } }),
    );
  });
});
