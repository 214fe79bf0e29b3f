#!/usr/bin/env node
// Measures the rights engine on the sample shop: access and erasure for typical customers and for the largest ones
// (p50/p95), the same rows fetched by hand-written SQL in the same run (the floor) and the ratio, 1,000 mixed
// requests end to end, and the peak memory of the largest customer's access.
// Usage: npm run bench:dsr [-- --customers 1000000 --subjects 100 --mixed 1000 --concurrency 4]
// Needs the packages built (npx tsc -b packages/connectors) and the local PostgreSQL, MariaDB and Redis.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { executeRequest, openEngineSession } from "@loupe/connectors";
import { createScratchStores, largeHistoryCustomers, loadSampleStore } from "@loupe/sample-store";
import pg from "pg";
import {
  directSubjectRows,
  openDirectShop,
} from "../packages/connectors/dist/testing/direct-subject-rows.js";
import { sampleMap } from "../packages/connectors/dist/testing/sample-shop.js";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "1000000" },
    subjects: { type: "string", default: "100" },
    mixed: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "4" },
    seed: { type: "string", default: "42" },
  },
});
const customers = Number(values.customers);
const subjects = Number(values.subjects);
const mixedCount = Number(values.mixed);
const concurrency = Number(values.concurrency);
const seed = Number(values.seed);

let rng = 12345;
const rand = () => {
  rng = (rng * 1103515245 + 12345) % 2147483648;
  return rng / 2147483648;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? Number.NaN;
};
const ms = (x) => `${x.toFixed(1)} ms`;
const log = (s) => process.stderr.write(`${s}\n`);

const stores = await createScratchStores({
  postgres: true,
  mysql: true,
  redis: true,
  label: "loupe_bench_dsr",
});
const journalStore = await createScratchStores({ postgres: true, label: "loupe_bench_journal" });
const lines = [];
// Connections to close before the stores can be dropped, also when the run is interrupted.
const closers = [];
const closeAll = () => Promise.allSettled(closers.splice(0).map((c) => c()));
for (const signal of ["SIGINT", "SIGTERM"])
  process.once(signal, () => {
    closeAll()
      .then(() => Promise.allSettled([stores.drop(), journalStore.drop()]))
      .then(() => process.exit(130));
  });
try {
  const prefix = `${stores.prefix}shop:`;
  log(`loading ${customers.toLocaleString("en")} customers…`);
  const load = await loadSampleStore({
    postgres: stores.postgres,
    mysql: stores.mysql,
    redis: stores.redis,
    prefix,
    customers,
    seed,
    onProgress: (done, of) => {
      if (done % 100_000 === 0) log(`  ${done}/${of}`);
    },
  });
  const env = {
    SHOP_COMMERCE_URL: stores.postgres,
    SHOP_MARKETING_URL: stores.mysql,
    SHOP_CACHE_URL: stores.redis,
  };
  const map = sampleMap(undefined, prefix);
  const session = await openEngineSession({ map, env });
  const journal = new pg.Pool({ connectionString: journalStore.postgres, max: concurrency + 1 });
  const direct = await openDirectShop(env, prefix);
  closers.push(
    () => session.close(),
    () => journal.end(),
    () => direct.close(),
  );
  const large = largeHistoryCustomers(customers, 3).map((i) => i + 1);
  const pick = (n, exclude) => {
    const out = new Set();
    while (out.size < n) {
      const id = 1 + Math.floor(rand() * customers);
      if (!exclude.has(id) && !large.includes(id)) out.add(id);
    }
    return [...out];
  };
  const used = new Set(large);
  const zip = join(tmpdir(), `loupe-bench-${process.pid}.zip`);
  let n = 0;
  const access = async (id) => {
    const t0 = performance.now();
    const r = await executeRequest({
      requestId: `bench-a-${n++}`,
      kind: "access",
      subject: { customerId: String(id) },
      map,
      env,
      session,
      journal,
      packagePath: zip,
    });
    if (r.status !== "done") throw new Error(`access failed: ${JSON.stringify(r.errors)}`);
    return {
      t: performance.now() - t0,
      rows: Object.values(r.package.rows ?? {}).reduce((a, b) => a + b, 0),
    };
  };
  const floor = async (id) => {
    const t0 = performance.now();
    const rows = await directSubjectRows(direct, id);
    return { t: performance.now() - t0, rows: [...rows.values()].reduce((a, m) => a + m.size, 0) };
  };
  const erase = async (id) => {
    const t0 = performance.now();
    const r = await executeRequest({
      requestId: `bench-e-${n++}`,
      kind: "erase",
      subject: { customerId: String(id) },
      map,
      env,
      session,
      journal,
    });
    if (r.status !== "done" || !r.verification?.ok)
      throw new Error(`erase failed: ${JSON.stringify(r.errors)}`);
    return performance.now() - t0;
  };
  const measure = async (label, ids, f) => {
    const times = [];
    const rows = [];
    for (const id of ids) {
      const x = await f(id);
      times.push(typeof x === "number" ? x : x.t);
      if (typeof x !== "number") rows.push(x.rows);
    }
    const line = `| ${label} | ${ids.length} | ${rows.length ? Math.round(quantile(rows, 0.5)) : "–"} | ${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.95))} |`;
    log(line);
    return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), line };
  };
  // Warm caches and connections once.
  await access(pick(1, used)[0]);
  const typical = pick(subjects, used);
  for (const id of typical) used.add(id);
  const largeRuns = Array.from({ length: subjects }, (_, i) => large[i % large.length]);
  const res = {};
  res.accessTypical = await measure("access, typical customer", typical, access);
  res.floorTypical = await measure("hand-written SQL fetch (floor), typical", typical, floor);
  res.accessLarge = await measure("access, largest customers (10,000+ page views)", largeRuns, access);
  res.floorLarge = await measure("hand-written SQL fetch (floor), largest", largeRuns, floor);
  // Peak memory of the largest customer's access.
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const one = await access(large[0]);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const eraseIds = pick(subjects, used);
  for (const id of eraseIds) used.add(id);
  res.eraseTypical = await measure("erase, typical customer", eraseIds, erase);
  res.eraseLarge = await measure("erase, largest customers", large, erase);
  // 1,000 mixed requests end to end.
  const kinds = [
    "access",
    "access",
    "access",
    "access",
    "access",
    "access",
    "plan",
    "plan",
    "erase",
    "correct",
    "restrict",
  ];
  const mixedIds = pick(mixedCount, used);
  const t0 = performance.now();
  let next = 0;
  const worker = async (w) => {
    for (;;) {
      const i = next++;
      if (i >= mixedIds.length) return;
      const kind = kinds[i % kinds.length];
      const r = await executeRequest({
        requestId: `bench-m-${i}`,
        kind,
        subject: { customerId: String(mixedIds[i]) },
        corrections: kind === "correct" ? { "user.name.last": "Corrected" } : undefined,
        map,
        env,
        session,
        journal,
        packagePath: kind === "access" ? `${zip}.${w}` : undefined,
      });
      if (r.status !== "done") throw new Error(`${kind} failed: ${JSON.stringify(r.errors)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const mixedS = (performance.now() - t0) / 1000;
  for (let w = 0; w < concurrency; w++) rmSync(`${zip}.${w}`, { force: true });
  rmSync(zip, { force: true });
  await closeAll();
  lines.push(
    `## Rights engine (\`npm run bench:dsr -- --customers ${customers}\`), 2026-11-22`,
    "",
    `Sample shop: ${customers.toLocaleString("en")} customers (seed ${seed}), ${Object.values(load.rows)
      .reduce((a, b) => a + b, 0)
      .toLocaleString(
        "en",
      )} rows and keys, loaded in ${(load.totalMs / 1000).toFixed(0)} s. PostgreSQL + MariaDB + Redis on this 2-core machine; journal in PostgreSQL.`,
    "",
    "| measure | subjects | rows (p50) | p50 | p95 |",
    "|---|---|---|---|---|",
    res.accessTypical.line,
    res.floorTypical.line,
    res.accessLarge.line,
    res.floorLarge.line,
    res.eraseTypical.line,
    res.eraseLarge.line,
    "",
    `- access / floor (p50): typical ${(res.accessTypical.p50 / res.floorTypical.p50).toFixed(2)}×, largest ${(res.accessLarge.p50 / res.floorLarge.p50).toFixed(2)}× (goal ≤ 2×); access includes writing the zip (JSON, CSV, HTML).`,
    `- ${mixedCount.toLocaleString("en")} mixed requests (access 55%, plan 18%, erase/correct/restrict 9% each), ${concurrency} concurrent: ${mixedS.toFixed(1)} s (goal ≤ 60 s).`,
    `- largest customer's access (${one.rows.toLocaleString("en")} rows): peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB, ${((peak - base) / 2 ** 20).toFixed(0)} MiB above the ${(base / 2 ** 20).toFixed(0)} MiB before it.`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await closeAll();
  await stores.drop();
  await journalStore.drop();
}
