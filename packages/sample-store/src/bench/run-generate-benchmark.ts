import { type LoadReport, loadSampleStore, type StoreTiming } from "../load/load-sample-store.js";
import { createScratchStores } from "../load/scratch-stores.js";
import { COMMERCE_TABLES, MARKETING_TABLES } from "../schema/shop-schema.js";

export interface GenerateBenchmarkOptions {
  customers: number;
  /** Default 42. */
  seed?: number;
  /** Stores to load. Default all three. */
  stores?: readonly ("postgres" | "mysql" | "redis")[];
  /** Where to read LOUPE_TEST_PG_URL, LOUPE_TEST_MYSQL_URL and LOUPE_TEST_REDIS_URL. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Where lines go. Default `console.log`. */
  print?: (line: string) => void;
  /** Stops the load at the next chunk (the stores are still dropped). */
  signal?: AbortSignal;
  /** Stop cleanly on SIGINT and SIGTERM (dropping the stores). Default true. */
  handleSignals?: boolean;
}

export interface GenerateBenchmarkResult {
  report: LoadReport;
  /** Highest resident set size seen during the load, in MiB. */
  peakRssMiB: number;
  /** The printed table. */
  table: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Formats a load report as a plain-text table: rows per table grouped by store, then time per store.
 *
 * @example
 * console.log(formatLoadReport(report, 180));
 */
export function formatLoadReport(report: LoadReport, peakRssMiB?: number): string {
  const lines: string[] = [];
  const section = (title: string, names: string[], timing: StoreTiming | undefined) => {
    if (!timing) return;
    lines.push(`${title} (${timing.kind})`);
    for (const n of names) lines.push(`  ${n.padEnd(28)}${fmt(report.rows[n] ?? 0).padStart(14)}`);
    lines.push(`  ${"total".padEnd(28)}${fmt(timing.rows).padStart(14)}`);
  };
  lines.push(`sample shop: ${fmt(report.customers)} customers, seed ${report.seed}`);
  section(
    "commerce",
    COMMERCE_TABLES.map((t) => t.name),
    report.stores.postgres,
  );
  section(
    "marketing",
    MARKETING_TABLES.map((t) => t.name),
    report.stores.mysql,
  );
  section(
    "cache",
    Object.keys(report.rows).filter((k) => k.startsWith("redis:")),
    report.stores.redis,
  );
  lines.push("");
  lines.push(
    `${"store".padEnd(12)}${"rows".padStart(14)}${"schema".padStart(10)}${"load".padStart(10)}${"indexes".padStart(10)}${"total".padStart(10)}`,
  );
  for (const [name, t] of Object.entries(report.stores)) {
    if (!t) continue;
    lines.push(
      `${`${name}`.padEnd(12)}${fmt(t.rows).padStart(14)}${secs(t.schemaMs).padStart(10)}${secs(t.loadMs).padStart(10)}${secs(t.indexMs).padStart(10)}${secs(t.totalMs).padStart(10)}`,
    );
  }
  lines.push(`generation (in process): ${secs(report.generateMs)}; wall clock: ${secs(report.totalMs)}`);
  lines.push("Stores load concurrently and overlap with generation, so their times overlap.");
  if (peakRssMiB !== undefined) lines.push(`peak resident memory: ${fmt(peakRssMiB)} MiB`);
  return lines.join("\n");
}

/**
 * Loads the sample shop into throwaway stores (a new PostgreSQL database, a new MariaDB database and a Redis key
 * prefix, on the servers of the `LOUPE_TEST_*_URL` variables), prints rows per table and time per store, and
 * drops everything afterwards. Meant for `npm run bench:sample-store -- --customers 1000000`.
 *
 * @example
 * await runGenerateBenchmark({ customers: 100_000 });
 */
export async function runGenerateBenchmark(
  options: GenerateBenchmarkOptions,
): Promise<GenerateBenchmarkResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const want = new Set(options.stores ?? ["postgres", "mysql", "redis"]);
  const scratch = await createScratchStores({
    postgres: want.has("postgres"),
    mysql: want.has("mysql"),
    redis: want.has("redis"),
    label: "loupe_bench",
    ...(options.env ? { env: options.env } : {}),
  });
  let peak = process.memoryUsage().rss;
  let nextReport = 0.1;
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    print(`${sig}: stopping after the current chunk and dropping the stores…`);
    abort.abort(new Error(`interrupted by ${sig}`));
  };
  const handle = options.handleSignals ?? true;
  if (handle) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  options.signal?.addEventListener("abort", () => abort.abort(options.signal?.reason), { once: true });
  try {
    const report = await loadSampleStore({
      ...(scratch.postgres ? { postgres: scratch.postgres } : {}),
      ...(scratch.mysql ? { mysql: scratch.mysql } : {}),
      ...(scratch.redis ? { redis: scratch.redis } : {}),
      prefix: scratch.prefix,
      customers: options.customers,
      seed: options.seed ?? 42,
      signal: abort.signal,
      onProgress: (done, of) => {
        peak = Math.max(peak, process.memoryUsage().rss);
        if (of > 0 && done / of >= nextReport) {
          print(`  ${fmt(done)} / ${fmt(of)} customers`);
          nextReport += 0.1;
        }
      },
    });
    const peakRssMiB = peak / (1 << 20);
    const table = formatLoadReport(report, peakRssMiB);
    print(table);
    return { report, peakRssMiB, table };
  } finally {
    if (handle) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    await scratch.drop();
  }
}
