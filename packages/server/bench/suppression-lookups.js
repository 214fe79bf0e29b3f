// Suppression list benchmark: lookups per second for a batch of 100,000 addresses against 1,000,000
// entries on PostgreSQL — through checkSuppressions (what a bulk send or the check-batch API runs), through
// the admin API route POST /api/v1/suppressions/check-batch (in-process, 1,000 per request), and one at a
// time through isSuppressed. Half of the batch is on the list; every answer is checked.
//
//   npm run build && node packages/server/bench/suppression-lookups.js [--entries 1000000] [--batch 100000] [--out /tmp/bench-suppression.md]
//
// Environment: LOUPE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), a server where the
// user may create databases; a throwaway database is created and dropped.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import pino from "pino";
import { createApp } from "../dist/app/create-app.js";
import { sha256 } from "../dist/config/load-config.js";
import { openStore } from "../dist/store/open-store.js";
import { checkSuppressions, isSuppressed } from "../dist/suppression/record-suppression.js";
import {
  hashIdentifier,
  suppressionHashKey,
  useSuppressionKey,
} from "../dist/suppression/suppression-key.js";

const { values: args } = parseArgs({
  options: {
    entries: { type: "string", default: "1000000" },
    batch: { type: "string", default: "100000" },
    single: { type: "string", default: "5000" },
    out: { type: "string", default: "/tmp/bench-suppression.md" },
  },
});
const ENTRIES = Number(args.entries);
const BATCH = Number(args.batch);
const SINGLE = Number(args.single);
const ADMIN_URL = process.env.LOUPE_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MAP = fileURLToPath(new URL("../../../examples/aurora/loupe.yaml", import.meta.url));

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
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;

const email = (i) => `customer${i}@bench.example`;
const seconds = (t) => (performance.now() - t) / 1000;
const rows = [];
let store;
try {
  store = await openStore({ databaseUrl: url.toString(), poolSize: 20 });
  await useSuppressionKey(store.db, undefined);
  const key = await suppressionHashKey(store.db, true);

  // 1. The list: ENTRIES e-mail suppressions (even customer numbers), mostly channel email and scope all,
  //    every 10th for all channels, every 7th for one topic only.
  let t = performance.now();
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const CHUNK = 50_000;
  for (let start = 0; start < ENTRIES; start += CHUNK) {
    const hashes = [];
    const channels = [];
    const scopes = [];
    for (let i = start; i < Math.min(ENTRIES, start + CHUNK); i++) {
      hashes.push(hashIdentifier(key, "email", email(2 * i)).toString("hex"));
      channels.push(i % 10 === 0 ? "all" : "email");
      scopes.push(i % 7 === 0 ? "topic:sales" : "all");
    }
    await client.query(
      `insert into suppressions (key_kind, key_hash, channel, scope, source, received_at, effective_at)
       select 'email', decode(h, 'hex'), c, s, 'link', now(), now() from unnest($1::text[], $2::text[], $3::text[]) as u(h, c, s)`,
      [hashes, channels, scopes],
    );
  }
  await client.query("analyze suppressions");
  const size = (await client.query("select pg_size_pretty(pg_total_relation_size('suppressions')) as s"))
    .rows[0].s;
  await client.end();
  const loadSeconds = seconds(t);
  console.log(`loaded ${ENTRIES} entries in ${loadSeconds.toFixed(1)} s (${size})`);

  // 2. The batch: BATCH addresses, half on the list (even numbers), in mixed case, for channel email and
  //    scope all. Expected: suppressed unless the entry is topic-only.
  const queries = [];
  const expected = [];
  for (let n = 0; n < BATCH; n++) {
    const i = Math.floor((n * 7919) % ENTRIES); // spread over the whole list
    const customer = n % 2 === 0 ? 2 * i : 2 * i + 1;
    queries.push({ email: n % 3 === 0 ? email(customer).toUpperCase() : email(customer), channel: "email" });
    expected.push(customer % 2 === 0 && i % 7 !== 0);
  }
  const check = (answers, from = 0) => {
    for (let k = 0; k < answers.length; k++)
      if (answers[k] !== expected[from + k]) throw new Error(`wrong answer for query ${from + k}`);
  };

  const runs = [];
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    const answers = await checkSuppressions(store.db, queries);
    runs.push(seconds(t));
    check(answers);
  }
  runs.sort((a, b) => a - b);
  const batchSeconds = runs[1];
  rows.push([
    `checkSuppressions, one call for ${BATCH.toLocaleString("en")} addresses (median of 3)`,
    batchSeconds,
    BATCH / batchSeconds,
  ]);

  // 3. The admin API route, in-process: 1,000 addresses per request.
  const KEY = "bench-admin-key-0123456789abcdef";
  const app = await createApp({
    store,
    logger: pino({ level: "silent" }),
    config: { mapPath: MAP, apiKeyHash: sha256(KEY), rateLimit: { perSecond: 0, burst: 0 } },
  });
  try {
    t = performance.now();
    for (let from = 0; from < BATCH; from += 1000) {
      const items = queries.slice(from, from + 1000);
      const res = await app.request("/api/v1/suppressions/check-batch", {
        method: "POST",
        headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
        body: JSON.stringify({ items }),
      });
      if (res.status !== 200) throw new Error(`check-batch answered ${res.status}: ${await res.text()}`);
      check((await res.json()).results, from);
    }
    const apiSeconds = seconds(t);
    rows.push([
      `POST /api/v1/suppressions/check-batch, 1,000 per request, ${BATCH.toLocaleString("en")} addresses`,
      apiSeconds,
      BATCH / apiSeconds,
    ]);
  } finally {
    await app.close();
  }

  // 4. One at a time (a send loop that asks per recipient), sequential and 16 concurrent callers.
  t = performance.now();
  for (let n = 0; n < SINGLE; n++) {
    if ((await isSuppressed(store.db, queries[n])) !== expected[n]) throw new Error(`wrong answer for ${n}`);
  }
  const singleSeconds = seconds(t);
  rows.push([
    `isSuppressed, one at a time, ${SINGLE.toLocaleString("en")} addresses`,
    singleSeconds,
    SINGLE / singleSeconds,
  ]);
  t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let n = next++; n < SINGLE * 4; n = next++) {
        if ((await isSuppressed(store.db, queries[n])) !== expected[n])
          throw new Error(`wrong answer for ${n}`);
      }
    }),
  );
  const concurrentSeconds = seconds(t);
  rows.push([
    `isSuppressed, 16 concurrent callers, ${(SINGLE * 4).toLocaleString("en")} addresses`,
    concurrentSeconds,
    (SINGLE * 4) / concurrentSeconds,
  ]);

  const pgVersion = (await admin.query("show server_version")).rows[0].server_version;
  const table = rows
    .map(([what, s, rate]) => `| ${what} | ${s.toFixed(2)} s | ${Math.round(rate).toLocaleString("en")} |`)
    .join("\n");
  const report = `# Suppression lookups — 2026-11-22

Command: \`npm run build && node packages/server/bench/suppression-lookups.js\`
(PostgreSQL ${pgVersion} on 127.0.0.1, Node ${process.version}, a shared 2-core machine).

The list holds ${ENTRIES.toLocaleString("en")} e-mail suppressions (HMAC-SHA256 keys in a \`bytea\` unique
index, ${size} with indexes; loaded in ${loadSeconds.toFixed(1)} s). The batch has
${BATCH.toLocaleString("en")} addresses, half of them on the list, a third in upper case (normalised
before hashing); every answer is checked against the expected one. Times include normalisation, hashing
and validation.

| lookup | time | lookups per second |
|---|---|---|
${table}
`;
  writeFileSync(args.out, report);
  console.log(report);
} finally {
  await store?.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
