import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../consent/verify-ledger.js";
import { openStore } from "../store/open-store.js";
import { buildServer, type ServerProcess, startServerProcess } from "../testing/server-process.js";
import { AURORA_MAP, createTestDatabase } from "../testing/test-stores.js";

interface Sent {
  key: string;
  body: string;
  visitorIds: string[];
  acked?: { receipts: { id: number; hash: string }[] };
}

/** Sends consent writes from `loops` concurrent clients until `stop()` is called or the server dies. */
function load(url: string, shown: { version: string; configHash: string }, loops: number, tag: string) {
  const sent: Sent[] = [];
  let running = true;
  const done = Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      for (let n = 0; running; n++) {
        const size = 1 + (n % 3);
        const visitorIds = Array.from({ length: size }, (_, i) => `v_${tag}_${loop}_${n}_${i}`);
        const body = JSON.stringify({
          receipts: visitorIds.map((visitorId) => ({
            visitorId,
            action: "save",
            source: "dialog",
            granted: ["analytics"],
            noticeVersion: shown.version,
            configHash: shown.configHash,
          })),
        });
        const s: Sent = { key: `${tag}-${loop}-${n}`, body, visitorIds };
        sent.push(s);
        try {
          const res = await fetch(`${url}/api/v1/consent`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Idempotency-Key": s.key },
            body,
          });
          if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}`);
          s.acked = await res.json();
        } catch {
          return; // the server is gone
        }
      }
    }),
  );
  return {
    sent,
    stop: async () => {
      running = false;
      await done;
    },
    done,
  };
}

describe("durability on PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const children: ServerProcess[] = [];

  beforeAll(async () => {
    buildServer();
    database = await createTestDatabase("loupe_server_durability");
  }, 120_000);
  afterAll(async () => {
    for (const c of children)
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    await database?.drop();
  });

  const start = async () => {
    const p = await startServerProcess({
      DATABASE_URL: database.url,
      LOUPE_MAP: AURORA_MAP,
      LOUPE_RATE_LIMIT: "0",
      LOUPE_DB_POOL: "4",
    });
    children.push(p);
    return p;
  };

  it("keeps every acknowledged receipt through SIGKILL, replays keys without duplicates, and several processes keep one chain", async () => {
    const first = await start();
    const config = await (await fetch(`${first.url}/api/v1/consent/config`)).json();
    const shown = { version: config.notice.version, configHash: config.configHash };

    // 1. Load, then SIGKILL the server in the middle of it.
    const run = load(first.url, shown, 24, "a");
    const until = Date.now() + 5_000;
    while (run.sent.filter((s) => s.acked).length < 300 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    await run.stop();

    const acked = run.sent.filter((s) => s.acked);
    const inDoubt = run.sent.filter((s) => !s.acked);
    expect(acked.length).toBeGreaterThanOrEqual(20);
    expect(inDoubt.length).toBeGreaterThan(0); // requests were in flight when it died

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const count = async () =>
        Number((await client.query("select count(*) as n from consent_receipts")).rows[0].n);
      const rows = await count();
      const ackedReceipts = acked.flatMap((s) => s.acked?.receipts ?? []);
      expect(ackedReceipts.length).toBeLessThanOrEqual(rows);
      const stored = await client.query(
        "select id::int as id, hash, visitor_id from consent_receipts where id = any($1::bigint[])",
        [ackedReceipts.map((r) => r.id)],
      );
      expect(stored.rows).toHaveLength(ackedReceipts.length);
      const byId = new Map(stored.rows.map((r) => [r.id as number, r]));
      for (const s of acked) {
        s.acked?.receipts.forEach((r, i) => {
          expect(byId.get(r.id)).toEqual({ id: r.id, hash: r.hash, visitor_id: s.visitorIds[i] });
        });
      }

      // 2. Restart; replay acknowledged and in-doubt keys: nothing is written twice.
      const second = await start();
      for (const s of [...acked.slice(0, 20), ...inDoubt.slice(0, 20)]) {
        const res = await fetch(`${second.url}/api/v1/consent`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": s.key },
          body: s.body,
        });
        expect(res.status).toBe(201);
        const body = await res.json();
        if (s.acked) {
          expect(res.headers.get("idempotent-replayed")).toBe("true");
          expect(body).toEqual(s.acked);
        }
        // Replay again: always the same answer now.
        const again = await fetch(`${second.url}/api/v1/consent`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": s.key },
          body: s.body,
        });
        expect(await again.json()).toEqual(body);
      }
      const perVisitor = await client.query(
        "select visitor_id, count(*)::int as n from consent_receipts where visitor_id like 'v_a_%' group by visitor_id having count(*) > 1",
      );
      expect(perVisitor.rows).toEqual([]);

      // 3. Two processes writing at once still build one valid chain.
      const third = await start();
      const loads = [load(second.url, shown, 8, "b"), load(third.url, shown, 8, "c")];
      const enough = () => loads.every((l) => l.sent.filter((s) => s.acked).length >= 30);
      const deadline = Date.now() + 20_000;
      while (!enough() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await Promise.all(loads.map((l) => l.stop()));
      expect(enough()).toBe(true);
      second.child.kill("SIGTERM");
      third.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
      expect(await third.exited).toBe(0);
      const total = await count();
      const store = await openStore({ databaseUrl: database.url, migrate: false });
      try {
        expect(await verifyLedger(store.db)).toEqual({ ok: true, count: total });
      } finally {
        await store.close();
      }
    } finally {
      await client.end();
    }
  }, 150_000);
});
