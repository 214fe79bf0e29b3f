// Consent writes side by side: Loupe's ledger (POST /api/v1/consent) and c15t's consent API
// (`@c15t/backend`, POST /api/c15t/subjects), each in its own process on its own throwaway PostgreSQL
// database, driven by the same autocannon load from a third process (same connections, same duration, one
// consent per request with the same content: analytics granted in the preferences dialog, the rest
// refused, a fresh visitor id per request). Two cases in one run: empty ledger, then with `--preload`
// consents written straight into each product's own tables. Every case is bounded in time; the databases
// are dropped at the end.
//
//   npm run build && node packages/server/bench/c15t-writes.js [--duration 10] [--connections 64] [--preload 1000000]
//
// Environment: LOUPE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), a server where the
// user may create databases. C15T_DB_POOL (default 10, pg's default) sets c15t's pool; Loupe runs with
// LOUPE_DB_POOL=4 as in consent-writes.js. Both log at their default level, info (LOUPE_LOG_LEVEL,
// C15T_LOG_LEVEL); the log lines are read and dropped. "rows written" counts the rows each server added
// during the case: the 2xx answers plus the requests still in flight when the load stopped.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { preloadLoupe } from "./loupe-preload.js";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "64" },
    preload: { type: "string", default: "1000000" },
  },
});
const DURATION = Math.min(20, Number(args.duration));
const CONNECTIONS = Number(args.connections);
const PRELOAD = Number(args.preload);
const ADMIN_URL = process.env.LOUPE_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const LOUPE_MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const C15T_MAIN = fileURLToPath(new URL("./c15t-server.js", import.meta.url));
const LOAD = fileURLToPath(new URL("./side-by-side-load.js", import.meta.url));
const MAP = fileURLToPath(new URL("../../../examples/aurora/loupe.yaml", import.meta.url));

const admin = new pg.Client({ connectionString: ADMIN_URL });
try {
  await admin.connect();
} catch (err) {
  console.error(
    `PostgreSQL is not reachable at ${ADMIN_URL} (${err.message}); start it or set LOUPE_BENCH_PG_URL`,
  );
  process.exit(1);
}
const suffix = randomBytes(4).toString("hex");
const databases = { loupe: `loupe_bench_${suffix}`, c15t: `c15t_bench_${suffix}` };
const urlOf = (name) => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

const results = [];
const servers = [];
let duplicates;
try {
  for (const name of Object.values(databases)) await admin.query(`create database ${name}`);
  const loupe = await startServer("Loupe", LOUPE_MAIN, {
    DATABASE_URL: urlOf(databases.loupe),
    LOUPE_MAP: MAP,
    PORT: "0",
    LOUPE_RATE_LIMIT: "0",
    LOUPE_LOG_LEVEL: process.env.LOUPE_LOG_LEVEL ?? "info",
    LOUPE_DB_POOL: "4",
  });
  servers.push(loupe);
  const c15t = await startServer("c15t", C15T_MAIN, {
    DATABASE_URL: urlOf(databases.c15t),
    PORT: "0",
    C15T_DB_POOL: process.env.C15T_DB_POOL ?? "10",
    C15T_LOG_LEVEL: process.env.C15T_LOG_LEVEL ?? "info",
  });
  servers.push(c15t);

  const config = await (await fetch(`${loupe.url}/api/v1/consent/config`)).json();
  const shown = { version: config.notice.version, configHash: config.configHash };
  const targets = {
    loupe: { url: `${loupe.url}/api/v1/consent`, bodyFor: "loupe", shown },
    c15t: { url: `${c15t.url}/api/c15t/subjects`, bodyFor: "c15t" },
  };

  for (const product of ["loupe", "c15t"]) results.push(await runCase("empty", product, targets[product]));

  const t0 = performance.now();
  const loupeRows = await preloadLoupe(urlOf(databases.loupe), PRELOAD);
  const t1 = performance.now();
  const c15tRows = await preloadC15t(urlOf(databases.c15t), PRELOAD);
  const t2 = performance.now();
  console.error(
    `preloaded ${loupeRows.toLocaleString("en")} Loupe receipts in ${((t1 - t0) / 1000).toFixed(1)} s, ` +
      `${c15tRows.toLocaleString("en")} c15t consents in ${((t2 - t1) / 1000).toFixed(1)} s`,
  );

  for (const product of ["loupe", "c15t"])
    results.push(await runCase("preloaded", product, targets[product]));

  // c15t looks a new consent up by (subjectId, domainId, policyId, givenAt), and its migration indexes none
  // of these: every write scans the consent table. Once more with the index it lacks.
  const t3 = performance.now();
  await onDatabase("c15t", (db) => db.query(`create index consent_subject_idx on consent ("subjectId")`));
  console.error(`indexed consent("subjectId") in ${((performance.now() - t3) / 1000).toFixed(1)} s`);
  results.push(await runCase("preloaded+index", "c15t", targets.c15t));

  duplicates = await onDatabase("c15t", async (db) => {
    const count = async (sql) => Number((await db.query(sql)).rows[0].n);
    return {
      domains: await count(`select count(*) as n from domain where name = 'aurora.example'`),
      policies: await count(`select count(*) as n from "consentPolicy" where type = 'cookie_banner'`),
      purposes: await count(`select count(*) as n from "consentPurpose"`),
    };
  });

  for (const r of results) r.stored = r.storedAfter - r.storedBefore;
} finally {
  for (const s of servers) {
    s.child.kill("SIGTERM");
    const killer = setTimeout(() => s.child.kill("SIGKILL"), 10_000);
    await s.exited;
    clearTimeout(killer);
  }
  for (const name of Object.values(databases))
    await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

const k = (n) => `${(n / 1e6).toLocaleString("en")}M`;
console.log(
  `\nConsent writes side by side: ${CONNECTIONS} connections, ${DURATION} s per case, one consent per request, ` +
    `PostgreSQL on loopback, each server one Node.js process (Loupe: pool 4, group commit, hash chain; ` +
    `c15t ${C15T_VERSION()}: pool ${process.env.C15T_DB_POOL ?? "10"}; log level Loupe ` +
    `${process.env.LOUPE_LOG_LEVEL ?? "info"}, c15t ${process.env.C15T_LOG_LEVEL ?? "info"})\n`,
);
const header = [
  "case",
  "server",
  "consents/s",
  "p50 ms",
  "p99 ms",
  "2xx",
  "rows written",
  "non-2xx",
  "errors",
];
const rows = results.map((r) => [
  {
    empty: "empty ledger",
    preloaded: `${k(PRELOAD)} preloaded`,
    "preloaded+index": `${k(PRELOAD)} preloaded`,
  }[r.case],
  r.product === "loupe"
    ? "Loupe"
    : r.case === "preloaded+index"
      ? 'c15t + index on consent("subjectId")'
      : "c15t",
  r.perSecond.toFixed(0),
  r.p50.toFixed(1),
  r.p99.toFixed(1),
  String(r.ok),
  String(r.stored),
  String(r.non2xx),
  String(r.errors),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) =>
  `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
console.log(line(header));
console.log(
  `|${widths.map((w, i) => (i < 2 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`,
);
for (const r of rows) console.log(line(r));
if (duplicates) {
  console.log(
    `\nc15t rows that should be unique, after the run: ${duplicates.domains} domain rows named aurora.example, ` +
      `${duplicates.policies} cookie_banner policies, ${duplicates.purposes} purposes (2 codes were granted in every request)`,
  );
}

function C15T_VERSION() {
  const main = createRequire(import.meta.url).resolve("@c15t/backend"); // …/@c15t/backend/dist/core.cjs
  const pkg = JSON.parse(readFileSync(join(dirname(main), "..", "package.json"), "utf8"));
  return `@c15t/backend ${pkg.version}`;
}

/** Starts a server as a child process and waits (≤ 30 s) for its `"msg":"listening"` JSON line. */
function startServer(label, main, env) {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let tail = "";
  const keepTail = (chunk) => {
    tail = (tail + chunk).slice(-4000); // request log lines are read and dropped
  };
  child.stderr.on("data", keepTail);
  return new Promise((resolve, reject) => {
    let out = "";
    let listening = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${label} did not start in 30 s:\n${out}${tail}`));
    }, 30_000);
    child.stdout.on("data", (chunk) => {
      if (listening) return keepTail(chunk);
      out += chunk;
      const found = out.split("\n").find((l) => l.includes('"msg":"listening"'));
      if (found) {
        listening = true;
        clearTimeout(timer);
        resolve({ child, exited, url: JSON.parse(found).url, tail: () => tail });
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}):\n${out}${tail}`));
    });
  });
}

/** Runs `fn` with a client of a product's database. */
async function onDatabase(product, fn) {
  const client = new pg.Client({ connectionString: urlOf(databases[product]) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Rows in the table each product writes one of per consent. */
function storedRows(product) {
  const table = product === "loupe" ? "consent_receipts" : "consent";
  return onDatabase(product, async (db) =>
    Number((await db.query(`select count(*)::bigint as n from ${table}`)).rows[0].n),
  );
}

/** One autocannon run in its own process, killed if it outlives the case by 20 s. */
async function runCase(caseName, product, target) {
  const storedBefore = await storedRows(product);
  const options = {
    url: target.url,
    connections: CONNECTIONS,
    duration: DURATION,
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "loupe-bench" },
    bodyFor: target.bodyFor,
    shown: target.shown,
  };
  const out = await new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [LOAD, JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const killer = setTimeout(() => p.kill("SIGKILL"), (DURATION + 20) * 1000);
    let text = "";
    p.stdout.on("data", (c) => {
      text += c;
    });
    p.once("close", (code) => {
      clearTimeout(killer);
      code === 0 ? resolve(text) : reject(new Error(`autocannon exited ${code}`));
    });
  });
  const r = JSON.parse(out);
  // Let the server finish what it accepted before counting rows.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const result = {
    case: caseName,
    product,
    perSecond: r["2xx"] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    storedBefore,
    storedAfter: await storedRows(product),
  };
  console.error(
    `${caseName}, ${product}: ${result.perSecond.toFixed(0)} consents/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
      `${result.non2xx} non-2xx, ${result.errors} errors`,
  );
  return result;
}

/**
 * Writes `total` consents (and their subjects) straight into c15t's tables with INSERT … SELECT
 * generate_series, shaped like the ones its API writes: the same domain, policy and purposes.
 */
async function preloadC15t(databaseUrl, total) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const refs = (
      await client.query(
        `select (select id from domain where name = 'aurora.example' order by "createdAt" limit 1) as domain,
                (select id from "consentPolicy" where type = 'cookie_banner' and "isActive"
                  order by "createdAt" limit 1) as policy,
                json_build_object('json', json_build_array(
                  (select id from "consentPurpose" where code = 'necessary' order by "createdAt" limit 1),
                  (select id from "consentPurpose" where code = 'measurement' order by "createdAt" limit 1))) as purposes`,
      )
    ).rows[0];
    if (!refs.domain || !refs.policy)
      throw new Error("c15t preload: no domain or policy yet (the empty case wrote none)");
    await client.query("begin");
    await client.query(
      `insert into subject (id, "identityProvider", "createdAt", "updatedAt")
       select 'sub_preload' || g, 'anonymous', now(), now() from generate_series(1, $1) g`,
      [total],
    );
    await client.query(
      `insert into consent (id, "subjectId", "domainId", "policyId", "purposeIds", "userAgent", "givenAt",
         jurisdiction, "uiSource", "consentAction")
       select 'cns_preload' || g, 'sub_preload' || g, $2, $3, $4::json, 'loupe-bench',
              now() - make_interval(secs => g), 'GDPR', 'dialog', 'custom'
       from generate_series(1, $1) g`,
      [total, refs.domain, refs.policy, JSON.stringify(refs.purposes)],
    );
    await client.query("commit");
    await client.query("vacuum analyze subject");
    await client.query("vacuum analyze consent");
  } finally {
    await client.end();
  }
  return total;
}
