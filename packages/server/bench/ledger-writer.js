// The consent ledger writer alone, without HTTP: `--appenders` concurrent loops each append `--batch`
// receipts (with a fresh idempotency key) and wait for the commit, for `--duration` seconds, against
// PostgreSQL. Prints receipts per second and append latency. Shows what the ledger itself sustains, apart
// from the HTTP layer that consent-writes.js includes.
//
//   npm run build && node packages/server/bench/ledger-writer.js [--batch 10] [--appenders 64] [--duration 6]
//       [--max-batch 2000] [--concurrency 2] [--delay 2]
//
// CPU time is reported too (this process, and the PostgreSQL backends serving its database, read from
// /proc when PostgreSQL runs on this machine): on a machine shared with other work it varies far less than
// the throughput does.
//
// Environment: LOUPE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), a server where the
// user may create databases; a throwaway database is created and dropped.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { LedgerWriter } from "../dist/consent/ledger-writer.js";
import { openStore } from "../dist/store/open-store.js";

const { values: args } = parseArgs({
  options: {
    batch: { type: "string", default: "10" },
    appenders: { type: "string", default: "64" },
    duration: { type: "string", default: "6" },
    "max-batch": { type: "string", default: "2000" },
    concurrency: { type: "string", default: "2" },
    delay: { type: "string", default: "2" },
  },
});
const BATCH = Number(args.batch);
const APPENDERS = Number(args.appenders);
const DURATION = Math.min(30, Number(args.duration));
const ADMIN_URL = process.env.LOUPE_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const name = `loupe_bench_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
try {
  await admin.connect();
} catch (err) {
  console.error(
    `PostgreSQL is not reachable at ${ADMIN_URL} (${err.message}); start it or set LOUPE_BENCH_PG_URL`,
  );
  process.exit(1);
}
await admin.query(`create database ${name}`);
try {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), migrate: true, poolSize: 4 });
  const writer = new LedgerWriter(store.db, {
    delayMs: Number(args.delay),
    maxBatch: Number(args["max-batch"]),
    concurrency: Number(args.concurrency),
  });
  /** One receipt as the consent API builds it from a dialog choice. */
  const receipt = () => ({
    visitor_id: `v_${randomUUID()}`,
    customer_id: null,
    granted: ["essential", "analytics"],
    denied: ["functional", "advertising", "social"],
    action: "save",
    source: "dialog",
    gpc: false,
    dnt: false,
    regime: "opt-in",
    region: "FR",
    notice_version: "sha256:abcdef012345",
    config_hash: "c".repeat(64),
    language: "en",
    ip_truncated: "203.0.113.0/24",
    user_agent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36",
  });
  /** CPU seconds (user + system) of the PostgreSQL backends connected to the bench database, if readable. */
  const backendCpu = async () => {
    const { rows } = await admin.query("select pid from pg_stat_activity where datname = $1", [name]);
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        return undefined;
      }
    }
    return ticks / 100;
  };
  // Open every pooled connection before measuring.
  await Promise.all(
    Array.from({ length: 4 }, () => store.db.selectFrom("consent_receipts").select("id").limit(1).execute()),
  );
  const pgBefore = await backendCpu();
  const cpuBefore = process.cpuUsage();
  const latencies = [];
  let written = 0;
  const end = performance.now() + DURATION * 1000;
  await Promise.all(
    Array.from({ length: APPENDERS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await writer.append(Array.from({ length: BATCH }, receipt), {
          key: randomUUID(),
          requestHash: "bench",
        });
        latencies.push(performance.now() - t);
        written += BATCH;
      }
    }),
  );
  await writer.close();
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = await backendCpu();
  await store.close();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))].toFixed(1);
  console.log(
    `ledger writer alone: ${APPENDERS} appenders × ${BATCH} receipts, ${DURATION} s: ${(written / DURATION).toFixed(0)} receipts/s, ` +
      `append p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ${writer.stats.transactions} transactions (load average ${loadavg()[0].toFixed(1)})`,
  );
  const perK = (seconds) => ((seconds * 1000 * 1000) / written).toFixed(1);
  console.log(
    `CPU per 1,000 receipts: this process ${perK((cpu.user + cpu.system) / 1e6)} ms, PostgreSQL backends ${
      pgBefore === undefined || pgAfter === undefined ? "not readable" : `${perK(pgAfter - pgBefore)} ms`
    }`,
  );
} finally {
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
}
