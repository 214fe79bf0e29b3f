/**
 * A deletion whose worker is killed with SIGKILL in the middle of its execution completes after a restart, with
 * the deadline state it had. Two server processes in turn (built `dist/main.js`) on one throwaway PostgreSQL
 * store; the rights engine erases from the sample shop in throwaway PostgreSQL, MariaDB and Redis stores.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { computeDeadlines } from "@loupe/core";
import { createScratchStores, loadSampleStore, type ScratchStores } from "@loupe/sample-store";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, type ServerProcess, startServerProcess } from "../testing/server-process.js";
import { AURORA_MAP, createTestDatabase } from "../testing/test-stores.js";

const API_KEY = "rights-durability-key-0123456789";
const BUILT = fileURLToPath(new URL("../../dist/privacy-centre/mount-rights.js", import.meta.url));

describe("rights request through SIGKILL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let shop: ScratchStores;
  let dir: string;
  let env: Record<string, string>;
  const children: ServerProcess[] = [];
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    buildServer();
    if (!existsSync(BUILT))
      throw new Error("packages/server did not build: run `npx tsc -b packages/server` and fix its errors");
    database = await createTestDatabase("loupe_rights_durability");
    shop = await createScratchStores({
      postgres: true,
      mysql: true,
      redis: true,
      label: "loupe_rights_kill",
    });
    const prefix = `${shop.prefix}shop:`;
    await loadSampleStore({
      postgres: shop.postgres,
      mysql: shop.mysql,
      redis: shop.redis,
      prefix,
      customers: 10,
      seed: 5,
    });
    dir = await mkdtemp(join(tmpdir(), "loupe-rights-kill-"));
    const mapPath = join(dir, "loupe.yaml");
    await writeFile(
      mapPath,
      (await readFile(AURORA_MAP, "utf8")).replace('prefix: "shop:"', `prefix: ${JSON.stringify(prefix)}`),
    );
    env = {
      DATABASE_URL: database.url,
      LOUPE_MAP: mapPath,
      LOUPE_API_KEY: API_KEY,
      LOUPE_DB_POOL: "4",
      LOUPE_LOG_LEVEL: "info",
      SHOP_COMMERCE_URL: shop.postgres as string,
      SHOP_MARKETING_URL: shop.mysql as string,
      SHOP_CACHE_URL: shop.redis as string,
    };
  }, 180_000);
  afterAll(async () => {
    for (const c of children)
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    for (const c of clients) await c.end().catch(() => {});
    await database?.drop();
    await shop?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const client = async (url: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    return c;
  };
  const until = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it("completes after a restart, answered on time against the deadline it had", async () => {
    const store = await client(database.url);
    const shopDb = await client(shop.postgres as string);
    const who = (
      await shopDb.query<{ email: string; phone: string }>(
        "select c.email, c.phone from customers c where c.email is not null and c.phone is not null and exists (select 1 from orders o where o.customer_id = c.id) order by c.id limit 1",
      )
    ).rows[0] as { email: string; phone: string };

    const first = await startServerProcess(env, 40_000);
    children.push(first);
    const form = await fetch(`${first.url}/privacy-centre/requests/new/delete`);
    const cookie = form.headers.get("set-cookie")?.split(";")[0] ?? "";
    const csrf = /name="_csrf" value="([0-9a-f]{64})"/.exec(await form.text())?.[1] ?? "";
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${first.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: first.url, cookie },
        body: new URLSearchParams({ _csrf: csrf, lang: "en", ...fields }).toString(),
      });
    const sent = await post("/privacy-centre/requests/new/delete", {
      email: who.email,
      residence: "us-ca",
      phone: who.phone,
      confirm: "yes",
    });
    expect(sent.status).toBe(200);
    const id = /name="request" value="(req_[\w-]{22})"/.exec(await sent.text())?.[1] as string;
    const code = await until("the code e-mail", async () => {
      const r = await store.query<{ text_body: string }>(
        "select text_body from mail_outbox where kind = 'rights.code' and to_address = $1",
        [who.email],
      );
      return /code: (\d{8})/.exec(r.rows[0]?.text_body ?? "")?.[1];
    });

    // Hold the customer's row so that the erasure stops in the middle of its transaction, then verify.
    await shopDb.query("begin");
    await shopDb.query("select id from customers where email = $1 for update", [who.email]);
    expect((await post("/privacy-centre/verify", { request: id, code })).status).toBe(200);
    await until("the execution to start", async () => {
      const r = await store.query(
        "select 1 from rights_events where request_id = $1 and type = 'execution_started'",
        [id],
      );
      return r.rowCount ? true : undefined;
    });
    await until("the engine to wait on the lock", async () => {
      const r = await shopDb.query("select 1 from pg_locks where not granted");
      return r.rowCount ? true : undefined;
    });
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    await shopDb.query("rollback");
    const killed = (
      await store.query<{ status: string; due_on: string; received_at: Date }>(
        "select status, due_on, received_at from rights_requests where id = $1",
        [id],
      )
    ).rows[0];
    expect(killed?.status).toBe("in_progress");
    const deadlines = computeDeadlines({
      kind: "delete",
      jurisdictions: ["us-ca"],
      receivedAt: killed?.received_at as Date,
    });
    expect(deadlines.ok && deadlines.value.dueOn).toBe(killed?.due_on);

    const second = await startServerProcess(env, 40_000);
    children.push(second);
    const status = await until(
      "the request to complete",
      async () => {
        const r = await store.query<{ status: string }>("select status from rights_requests where id = $1", [
          id,
        ]);
        const s = r.rows[0]?.status;
        return s === "completed" || s === "partially_completed" ? s : undefined;
      },
      60_000,
    );
    expect(status).toBe("partially_completed");
    const view = (await (
      await fetch(`${second.url}/api/v1/rights/requests/${id}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      })
    ).json()) as {
      dueOn: string;
      deadlineState: string;
      status: string;
      events: { type: string }[];
      result: { items: { action: string; table?: string }[] };
    };
    expect(view.dueOn).toBe(killed?.due_on);
    expect(view.deadlineState).toBe("answered-on-time");
    expect(view.result.items.some((i) => i.action === "erased" && i.table === "customers")).toBe(true);
    expect(view.events.filter((e) => e.type === "partially_completed")).toHaveLength(1);
    const left = await shopDb.query("select 1 from customers where email = $1", [who.email]);
    expect(left.rowCount).toBe(0);
    expect(second.output()).not.toContain(who.email);
  }, 120_000);
});
