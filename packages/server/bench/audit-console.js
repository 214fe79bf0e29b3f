// Audit log and admin console benchmark on PostgreSQL: appendAudit one at a time and from concurrent
// callers, verifyAudit over a long chain, and the server-side render time of console pages (audit log
// first and a deep page, dashboard over many consent receipts, data map, users) through app.request.
//
//   npx tsc -b packages/server && node packages/server/bench/audit-console.js [--entries 100000] [--receipts 100000] [--out /tmp/bench-admin.md]
//
// Environment: LOUPE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), a server where the
// user may create databases; a throwaway database is created and dropped.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import pino from "pino";
import { consoleDb } from "../dist/admin/admin-tables.js";
import { createAdminUser } from "../dist/admin/admin-users.js";
import { createSession } from "../dist/admin/sessions.js";
import { createApp } from "../dist/app/create-app.js";
import { appendAudit } from "../dist/audit/append-audit.js";
import { auditEntryHash } from "../dist/audit/audit-hash.js";
import { verifyAudit } from "../dist/audit/verify-audit.js";
import { LedgerWriter } from "../dist/consent/ledger-writer.js";
import { openStore } from "../dist/store/open-store.js";

const { values: args } = parseArgs({
  options: {
    entries: { type: "string", default: "100000" },
    receipts: { type: "string", default: "100000" },
    out: { type: "string", default: "/tmp/bench-admin.md" },
  },
});
const ENTRIES = Number(args.entries);
const RECEIPTS = Number(args.receipts);
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

const seconds = (t) => (performance.now() - t) / 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
let store;
let app;
try {
  store = await openStore({ databaseUrl: url.toString(), poolSize: 20 });
  const db = consoleDb(store.db);

  // 1. appendAudit, one at a time, then 8 callers at once.
  let t = performance.now();
  for (let i = 0; i < 1000; i++)
    await appendAudit(db, {
      actor: "engine",
      action: "request.step",
      target: `request:r${i}`,
      data: { rows: i },
    });
  rows.push(["appendAudit, sequential", "1,000 entries", `${Math.round(1000 / seconds(t))} entries/s`]);
  t = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 250; i++)
        await appendAudit(db, { actor: "engine", action: "request.step", data: { w, i } });
    }),
  );
  rows.push([
    "appendAudit, 8 concurrent callers",
    "2,000 entries",
    `${Math.round(2000 / seconds(t))} entries/s`,
  ]);

  // 2. A long chain: the rest of ENTRIES computed here and inserted in bulk (same hash function), then verified.
  const tip = await db
    .selectFrom("audit_log")
    .select(["id", "hash"])
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  let id = Number(tip.id);
  let prev = tip.hash;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const at = new Date("2026-11-22T07:00:00.000Z");
  while (id < ENTRIES) {
    const batch = { id: [], at: [], actor: [], action: [], target: [], data: [], prev: [], hash: [] };
    for (let k = 0; k < 5000 && id < ENTRIES; k++) {
      id += 1;
      const e = {
        id,
        at: new Date(at.getTime() + id).toISOString(),
        actor: `staff:u${id % 7}`,
        action: "request.approve",
        target: `request:r${id}`,
        data: { step: "erase", rows: id % 50 },
        prev_hash: prev,
      };
      const hash = auditEntryHash(e);
      batch.id.push(id);
      batch.at.push(e.at);
      batch.actor.push(e.actor);
      batch.action.push(e.action);
      batch.target.push(e.target);
      batch.data.push(JSON.stringify(e.data));
      batch.prev.push(prev);
      batch.hash.push(hash);
      prev = hash;
    }
    await client.query(
      `insert into audit_log (id, at, actor, action, target, data, prev_hash, hash)
       select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[])`,
      [batch.id, batch.at, batch.actor, batch.action, batch.target, batch.data, batch.prev, batch.hash],
    );
  }
  await client.end();
  t = performance.now();
  const verified = await verifyAudit(db);
  if (!verified.ok || verified.count !== ENTRIES)
    throw new Error(`verification failed: ${JSON.stringify(verified)}`);
  const vs = seconds(t);
  rows.push([
    "verifyAudit",
    `${ENTRIES.toLocaleString("en")} entries`,
    `${vs.toFixed(2)} s (${Math.round(ENTRIES / vs).toLocaleString("en")} entries/s)`,
  ]);

  // 3. Consent receipts for the dashboard.
  const writer = new LedgerWriter(store.db, { delayMs: 1, maxBatch: 2000 });
  const purposes = ["functional", "analytics", "advertising", "social"];
  const pending = [];
  for (let i = 0; i < RECEIPTS; i++) {
    const granted = ["essential", ...purposes.filter((_, p) => (i >> p) & 1)];
    pending.push({
      visitor_id: `v_${(i % Math.ceil(RECEIPTS * 0.8)).toString(16).padStart(12, "0")}`,
      customer_id: null,
      granted,
      denied: purposes.filter((p) => !granted.includes(p)),
      action: "save",
      source: "banner",
      gpc: i % 9 === 0,
      dnt: false,
      regime: "opt-in",
      region: "FR",
      notice_version: "sha256:bench",
      config_hash: "bench",
      language: "en",
      ip_truncated: null,
      user_agent: null,
    });
  }
  for (let i = 0; i < pending.length; i += 2000)
    await writer.append(pending.slice(i, i + 2000), { requestHash: `b${i}` });
  await writer.close();

  // 4. Pages, rendered in-process.
  app = await createApp({ store, config: { mapPath: MAP }, logger: pino({ level: "silent" }) });
  const r = await createAdminUser(db, {
    email: "bench.admin@bench.example",
    role: "admin",
    password: "bench passphrase 123",
  });
  if (!r.ok) throw r.errors[0];
  const { token } = await createSession(db, r.value.id, new Date(), {
    idleMs: 3_600_000,
    absoluteMs: 3_600_000,
  });
  const cookie = `loupe_admin=${token}`;
  for (const [label, path] of [
    ["GET /admin/audit (newest 50 of the chain)", "/admin/audit"],
    ["GET /admin/audit?before= (a page in the middle)", `/admin/audit?before=${Math.floor(ENTRIES / 2)}`],
    [`GET /admin (dashboard over ${RECEIPTS.toLocaleString("en")} receipts)`, "/admin"],
    ["GET /admin/data-map", "/admin/data-map"],
    ["GET /admin/users", "/admin/users"],
  ]) {
    const times = [];
    for (let i = 0; i < 11; i++) {
      t = performance.now();
      const res = await app.request(path, { headers: { cookie } });
      await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      times.push(performance.now() - t);
    }
    rows.push([
      label,
      "11 requests",
      `median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
    ]);
  }
} finally {
  await app?.close();
  await store?.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

const table = [
  "| measure | size | result |",
  "|---|---|---|",
  ...rows.map((r) => `| ${r.join(" | ")} |`),
].join("\n");
const report = `# Audit log and admin console — 2026-11-22

Command: \`npx tsc -b packages/server && node packages/server/bench/audit-console.js --entries ${ENTRIES} --receipts ${RECEIPTS}\`
(PostgreSQL on 127.0.0.1, 2 shared cores, Node ${process.version}).

${table}
`;
writeFileSync(args.out, report);
console.log(report);
