// Consent write benchmark: receipts per second and latency of POST /api/v1/consent against PostgreSQL,
// with an empty ledger and with 1,000,000 receipts preloaded. The server runs as one child process, the
// load (autocannon) as another, on loopback. Each case is bounded in time.
//
//   npm run build && node packages/server/bench/consent-writes.js [--duration 10] [--connections 64] [--preload 1000000]
//
// Environment: LOUPE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), a server where the
// user may create databases; a throwaway database is created and dropped.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { openStore, verifyLedger } from "../dist/index.js";
import { preloadLoupe } from "./loupe-preload.js";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "64" },
    preload: { type: "string", default: "1000000" },
    keep: { type: "boolean", default: false },
  },
});
const DURATION = Math.min(30, Number(args.duration));
const CONNECTIONS = Number(args.connections);
const PRELOAD = Number(args.preload);
const ADMIN_URL = process.env.LOUPE_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const LOAD = fileURLToPath(new URL("./load.js", import.meta.url));
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
const DATABASE_URL = url.toString();

const results = [];
let verified;
let verifySeconds = 0;
try {
  const server = await startServer();
  try {
    const config = await (await fetch(`${server.url}/api/v1/consent/config`)).json();
    const shown = { version: config.notice.version, configHash: config.configHash };

    results.push(await runCase(server, "empty ledger", 1, shown));
    results.push(await runCase(server, "empty ledger", 10, shown));
    results.push(await runCase(server, "empty ledger", 10, shown, 1000));

    const t0 = performance.now();
    const preloaded = await preloadLoupe(DATABASE_URL, PRELOAD);
    const preloadSeconds = (performance.now() - t0) / 1000;
    console.error(`preloaded ${preloaded.toLocaleString("en")} receipts in ${preloadSeconds.toFixed(1)} s`);

    results.push(await runCase(server, `${(PRELOAD / 1e6).toLocaleString("en")}M preloaded`, 1, shown));
    results.push(await runCase(server, `${(PRELOAD / 1e6).toLocaleString("en")}M preloaded`, 10, shown));
    results.push(
      await runCase(server, `${(PRELOAD / 1e6).toLocaleString("en")}M preloaded`, 10, shown, 1000),
    );
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  const store = await openStore({ databaseUrl: DATABASE_URL, migrate: false });
  const t1 = performance.now();
  verified = await verifyLedger(store.db);
  verifySeconds = (performance.now() - t1) / 1000;
  await store.close();
} finally {
  if (!args.keep) await admin.query(`drop database ${name} with (force)`);
  else console.log(`kept database ${name}`);
  await admin.end();
}

console.log(
  `\nConsent writes, POST /api/v1/consent, ${CONNECTIONS} connections, ${DURATION} s per case, PostgreSQL on loopback\n`,
);
const header = [
  "case",
  "receipts/request",
  "requests/s",
  "receipts/s",
  "p50 ms",
  "p99 ms",
  "non-2xx",
  "errors",
  "server CPU ms / 1k receipts",
  "load avg",
];
const rows = results.map((r) => [
  r.name,
  String(r.batch),
  r.requests.toFixed(0),
  (r.requests * r.batch).toFixed(0),
  r.p50.toFixed(1),
  r.p99.toFixed(1),
  String(r.non2xx),
  String(r.errors),
  r.cpuPerK === undefined ? "n/a" : r.cpuPerK.toFixed(1),
  r.load.toFixed(1),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
console.log(line(header));
console.log(
  `|${widths.map((w, i) => (i === 0 ? ":" : "-").padEnd(w + 1, "-") + (i === 0 ? "-" : ":")).join("|")}|`,
);
for (const r of rows) console.log(line(r));
console.log(
  `\nverifyLedger: ${verified.ok ? `ok, ${verified.count.toLocaleString("en")} receipts` : `BROKEN at ${verified.brokenAt}: ${verified.reason}`} in ${verifySeconds.toFixed(1)} s`,
);

/** Starts the built server as a child process and waits for its "listening" line. */
function startServer() {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL,
      LOUPE_MAP: MAP,
      PORT: "0",
      LOUPE_RATE_LIMIT: "0",
      LOUPE_LOG_LEVEL: process.env.LOUPE_LOG_LEVEL ?? "info",
      LOUPE_DB_POOL: "4",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    let out = "";
    let listening = false;
    child.stdout.on("data", (chunk) => {
      if (listening) return; // request log lines are read and dropped
      out += chunk;
      const line = out.split("\n").find((l) => l.includes('"msg":"listening"'));
      if (line) {
        listening = true;
        resolve({ child, exited, url: JSON.parse(line).url });
      }
    });
    exited.then((code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

/** One bounded autocannon run in its own process; every request carries a fresh visitor id and idempotency key. */
async function runCase(server, caseName, batch, shown, rate) {
  const body = JSON.stringify({
    receipts: Array.from({ length: batch }, (_, i) => ({
      visitorId: `v_[<id>]_${i}`,
      action: "save",
      source: "dialog",
      granted: ["analytics"],
      noticeVersion: shown.version,
      configHash: shown.configHash,
      language: "en",
    })),
  });
  const options = {
    url: `${server.url}/api/v1/consent`,
    connections: CONNECTIONS,
    duration: DURATION,
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": "bench-[<id>]",
      "user-agent": "loupe-bench",
    },
    body,
    ...(rate ? { overallRate: rate } : {}),
  };
  const cpuBefore = cpuSeconds(server.child.pid);
  const out = await new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [LOAD, JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    p.stdout.on("data", (c) => {
      text += c;
    });
    p.once("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`autocannon exited ${code}`))));
  });
  const cpuAfter = cpuSeconds(server.child.pid);
  const r = JSON.parse(out);
  const result = {
    name: rate ? `${caseName}, ${rate * batch} receipts/s offered` : `${caseName}, as fast as possible`,
    batch,
    requests: r["2xx"] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    // CPU time of the server process per 1,000 receipts answered: far steadier than throughput on a shared machine.
    cpuPerK:
      cpuBefore === undefined || cpuAfter === undefined || r["2xx"] === 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1e6) / (r["2xx"] * batch),
    load: loadavg()[0],
    errors: r.errors + r.timeouts,
  };
  console.error(
    `${caseName}, ${batch}/request: ${(result.requests * batch).toFixed(0)} receipts/s, p99 ${result.p99} ms`,
  );
  return result;
}

/** User + system CPU seconds of a process, from /proc (undefined where there is none). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
