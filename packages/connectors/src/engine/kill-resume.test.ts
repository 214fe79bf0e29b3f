import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createScratchStores, type ScratchStores } from "@loupe/sample-store";
import { build } from "esbuild";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DirectShop, directSubjectRows, openDirectShop } from "../testing/direct-subject-rows.js";
import { loadSampleShop, type SampleShop } from "../testing/sample-shop.js";
import type { RequestResult } from "./execute-request.js";
import { erasureHash } from "./plan-changes.js";

const WORKER = fileURLToPath(new URL(`../../dist/erase-worker-${process.pid}.mjs`, import.meta.url));

let shop: SampleShop;
let direct: DirectShop;
let journalDb: ScratchStores;

beforeAll(async () => {
  // The worker runs as a real process: bundle it (workspace sources included, drivers left to node_modules).
  await build({
    entryPoints: [fileURLToPath(new URL("../testing/erase-worker.ts", import.meta.url))],
    outfile: WORKER,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    external: [
      "pg",
      "mysql2",
      "ioredis",
      "@electric-sql/pglite",
      "fflate",
      "csv-stringify",
      "yaml",
      "zod",
      "pg-copy-streams",
    ],
    logLevel: "error",
  });
  shop = await loadSampleShop(150, 11);
  direct = await openDirectShop(shop.env, `${shop.stores.prefix}shop:`);
  journalDb = await createScratchStores({ postgres: true, label: "loupe_journal" });
}, 60_000);

afterAll(async () => {
  rmSync(WORKER, { force: true });
  await direct?.close();
  await shop?.drop();
  await journalDb?.drop();
});

/** Runs the worker; with `killAt`, SIGKILLs it as soon as it reports that step. */
function runWorker(
  env: Record<string, string>,
  killAt?: string,
): Promise<{ out: string; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, ...shop.env, ...env, LOUPE_KILL_AT: killAt ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += String(d);
      if (killAt && out.includes(`AT ${killAt}\n`)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code && code !== 0) reject(new Error(`worker failed (${code}): ${err}`));
      else resolve({ out, signal });
    });
  });
}

async function customer(offset: number): Promise<{ id: number; email: string; phone: string }> {
  const { rows } = await direct.pg.query(
    `SELECT id, email, phone FROM customers c WHERE phone IS NOT NULL
       AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY id OFFSET $1 LIMIT 1`,
    [offset],
  );
  const r = rows[0] as { id: string; email: string; phone: string };
  return { id: Number(r.id), email: r.email, phone: r.phone };
}

describe("an erasure worker killed with SIGKILL and restarted", () => {
  for (const [offset, killAt] of [
    [2, "erase-plan"],
    [5, "erase:commerce"],
    [8, "erase:marketing"],
    [11, "suppress"],
    [14, "erase:commerce@applied"],
    [17, "erase:marketing@applied"],
  ] as const) {
    it(`finishes with every effect applied exactly once (killed after ${killAt})`, async () => {
      const me = await customer(offset);
      const other = await customer(offset + 1);
      const before = await directSubjectRows(direct, me.id);
      const otherBefore = await directSubjectRows(direct, other.id);
      const env = {
        LOUPE_JOURNAL_URL: journalDb.postgres as string,
        LOUPE_PREFIX: direct.prefix,
        LOUPE_REQUEST: `kill-${offset}`,
        LOUPE_EMAIL: me.email,
        LOUPE_PHONE: me.phone,
      };
      const killed = await runWorker(env, killAt);
      expect(killed.signal).toBe("SIGKILL");
      expect(killed.out).not.toContain("RESULT");
      const done = await runWorker(env);
      const line = done.out.split("\n").find((l) => l.startsWith("RESULT ")) as string;
      const result = JSON.parse(line.slice(7)) as RequestResult;
      expect(result.status).toBe("done");
      expect(result.resumed).toBe(true);
      expect(result.verification?.ok).toBe(true);
      // Steps finished before the kill are not run again (the plan is rewritten once more at the end, purged).
      const rerun = done.out
        .split("\n")
        .filter((l) => l.startsWith("STEP "))
        .map((l) => l.slice(5));
      if (killAt.endsWith("@applied")) expect(rerun[0]).toBe(killAt.replace("@applied", ""));
      else expect(rerun.slice(0, rerun.indexOf("result"))).not.toContain(killAt);
      expect(rerun.at(-1)).toBe("erase-plan");
      // Hashes are of the original values: hashed once, not twice.
      for (const o of before.get("commerce.orders")?.values() ?? []) {
        const { rows } = await direct.pg.query("SELECT email, total FROM orders WHERE id = $1", [o.id]);
        expect(rows[0]?.email).toBe(erasureHash(String(o.email), "loupe-erasure", 254));
        expect(String(rows[0]?.total)).toBe(String(o.total));
      }
      expect((await direct.pg.query("SELECT 1 FROM customers WHERE id = $1", [me.id])).rowCount).toBe(0);
      const [nl] = await direct.my.query(
        "SELECT count(*) AS n FROM newsletter_subscriptions WHERE email = ?",
        [me.email],
      );
      expect(Number((nl as { n: number }[])[0]?.n)).toBe(0);
      // Counts in the result match the rows the subject had.
      const orders = result.tables.find((t) => t.table === "orders");
      expect(orders?.masked).toBe(before.get("commerce.orders")?.size);
      const journal = new pg.Client({ connectionString: journalDb.postgres });
      await journal.connect();
      try {
        const s = await journal.query(
          "SELECT count(*)::int AS n FROM loupe_dsr_suppressions WHERE request_id = $1",
          [env.LOUPE_REQUEST],
        );
        expect(s.rows[0]?.n).toBe(2);
        const steps = await journal.query(
          "SELECT step, status FROM loupe_dsr_steps WHERE request_id = $1 ORDER BY step",
          [env.LOUPE_REQUEST],
        );
        expect(steps.rows.every((r) => r.status === "done")).toBe(true);
        expect(steps.rows.map((r) => r.step)).toEqual(
          expect.arrayContaining([
            "erase-plan",
            "erase:commerce",
            "erase:marketing",
            "verify",
            "suppress",
            "result",
          ]),
        );
      } finally {
        await journal.end();
      }
      expect(await directSubjectRows(direct, other.id)).toEqual(otherBefore);
    }, 60_000);
  }
});
