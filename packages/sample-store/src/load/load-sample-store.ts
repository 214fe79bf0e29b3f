import type { Redis } from "ioredis";
import { redisKind } from "../checksum/row-checksum.js";
import {
  generateSampleStore,
  type Row,
  resolveSampleStoreOptions,
  type SampleChunk,
  type SampleStoreOptions,
} from "../generate/generate-sample-store.js";
import { qualifiedName, renderDdl } from "../schema/render-ddl.js";
import { COMMERCE_TABLES, MARKETING_TABLES, type TableSpec } from "../schema/shop-schema.js";
import { copyLineFormatter, mysqlTupleFormatter } from "./format-values.js";
import { openRedis } from "./open-redis.js";
import {
  isPglite,
  type MysqlTarget,
  openMysqlSession,
  openPostgresSession,
  type PostgresTarget,
  type SqlSession,
} from "./sql-session.js";

/** Where the shop goes. Any store left out is skipped. */
export interface SampleStoreTargets {
  /** Commerce tables: a PostgreSQL URL or a PGlite database. */
  postgres?: PostgresTarget;
  /** Marketing and customer-service tables: a MariaDB/MySQL URL, or a PGlite database (schema `marketing`). */
  mysql?: MysqlTarget;
  /** The cache: a Redis URL. */
  redis?: string;
  /** Redis key prefix. Default `shop:`. */
  prefix?: string;
  /** PostgreSQL schemas: commerce defaults to `public`, marketing (when it goes to PGlite) to `marketing`. */
  schemas?: { commerce?: string; marketing?: string };
}

export interface LoadSampleStoreOptions extends SampleStoreOptions, SampleStoreTargets {
  /** Called after each chunk with the customers loaded so far. */
  onProgress?: (done: number, of: number) => void;
  /** Stops the load at the next chunk; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Time spent on one store. Stores load concurrently, so these overlap. */
export interface StoreTiming {
  kind: "postgres" | "pglite" | "mysql" | "redis";
  /** Creating tables. */
  schemaMs: number;
  /** Sending rows (or keys). */
  loadMs: number;
  /** PostgreSQL: adding keys, indexes and foreign keys after the load, then ANALYZE. */
  indexMs: number;
  totalMs: number;
  rows: number;
}

export interface LoadReport {
  customers: number;
  seed: number;
  /** Rows per table; Redis keys per kind as `redis:<kind>`. */
  rows: Record<string, number>;
  stores: { postgres?: StoreTiming; mysql?: StoreTiming; redis?: StoreTiming };
  /** Time spent generating rows (in this process, between writes). */
  generateMs: number;
  /** Wall-clock time of the whole load. */
  totalMs: number;
}

/**
 * The PostgreSQL schemas the commerce and marketing parts use for these targets.
 *
 * @example
 * resolveSchemas({}); // { commerce: "public", marketing: "marketing" }
 */
export function resolveSchemas(targets: SampleStoreTargets): { commerce: string; marketing: string } {
  return {
    commerce: targets.schemas?.commerce ?? "public",
    marketing: targets.schemas?.marketing ?? "marketing",
  };
}

const PG_FLUSH_CHARS = 1 << 20;
const MYSQL_STATEMENT_CHARS = 1 << 20;

class SqlLoader {
  readonly rows: Record<string, number> = {};
  readonly timing: StoreTiming;
  readonly #buffers = new Map<string, { lines: string[]; chars: number }>();
  readonly #formatters = new Map<string, (row: Row) => string>();

  constructor(
    readonly session: SqlSession,
    readonly tables: readonly TableSpec[],
    readonly schema: string | undefined,
  ) {
    this.timing = { kind: session.kind, schemaMs: 0, loadMs: 0, indexMs: 0, totalMs: 0, rows: 0 };
    for (const t of tables) {
      this.rows[t.name] = 0;
      this.#formatters.set(
        t.name,
        session.dialect === "postgres" ? copyLineFormatter(t) : mysqlTupleFormatter(t),
      );
    }
  }

  name(table: string): string {
    return qualifiedName(this.session.dialect, this.schema, table);
  }

  async create(): Promise<void> {
    const t0 = performance.now();
    const ddl = renderDdl(this.session.dialect, this.tables, this.schema);
    if (this.session.dialect === "postgres") {
      if (this.schema && this.schema !== "public")
        await this.session.exec(
          `CREATE SCHEMA IF NOT EXISTS ${qualifiedName("postgres", undefined, this.schema)}`,
        );
      if (this.session.kind === "postgres") await this.session.exec("SET synchronous_commit = off");
    }
    for (const sql of ddl.create) {
      try {
        await this.session.exec(sql);
      } catch (e) {
        const msg = (e as Error).message;
        if (/already exists/i.test(msg))
          throw new Error(
            `${msg}: the sample shop is already loaded here; drop it first with dropSampleStore()`,
          );
        throw e;
      }
    }
    this.timing.schemaMs += performance.now() - t0;
  }

  async write(chunk: SampleChunk): Promise<void> {
    const t0 = performance.now();
    if (this.session.dialect === "postgres") {
      for (const t of this.tables) {
        const rows = chunk.tables[t.name] ?? [];
        if (rows.length === 0) continue;
        const f = this.#formatters.get(t.name) as (row: Row) => string;
        let buf = this.#buffers.get(t.name);
        if (!buf) {
          buf = { lines: [], chars: 0 };
          this.#buffers.set(t.name, buf);
        }
        for (const row of rows) {
          const line = f(row);
          buf.lines.push(line);
          buf.chars += line.length + 1;
        }
        this.rows[t.name] = (this.rows[t.name] ?? 0) + rows.length;
        if (buf.chars >= PG_FLUSH_CHARS) {
          const text = `${buf.lines.join("\n")}\n`;
          buf.lines = [];
          buf.chars = 0;
          await this.session.copyIn(this.name(t.name), text);
        }
      }
    } else {
      // MariaDB checks foreign keys as rows arrive: parents first, one transaction per chunk.
      await this.session.exec("START TRANSACTION");
      for (const t of this.tables) {
        const rows = chunk.tables[t.name] ?? [];
        if (rows.length === 0) continue;
        const f = this.#formatters.get(t.name) as (row: Row) => string;
        const head = `INSERT INTO ${this.name(t.name)} (${t.columns.map((c) => `\`${c.name}\``).join(",")}) VALUES `;
        let sql = head;
        let first = true;
        for (const row of rows) {
          const tuple = f(row);
          if (!first && sql.length + tuple.length > MYSQL_STATEMENT_CHARS) {
            await this.session.exec(sql);
            sql = head;
            first = true;
          }
          sql += first ? tuple : `,${tuple}`;
          first = false;
        }
        if (!first) await this.session.exec(sql);
        this.rows[t.name] = (this.rows[t.name] ?? 0) + rows.length;
      }
      await this.session.exec("COMMIT");
    }
    this.timing.loadMs += performance.now() - t0;
  }

  async finish(): Promise<void> {
    const t0 = performance.now();
    if (this.session.dialect === "postgres") {
      for (const t of this.tables) {
        const buf = this.#buffers.get(t.name);
        if (buf && buf.lines.length > 0)
          await this.session.copyIn(this.name(t.name), `${buf.lines.join("\n")}\n`);
      }
      this.#buffers.clear();
      const t1 = performance.now();
      this.timing.loadMs += t1 - t0;
      if (this.session.kind === "postgres") await this.session.exec("SET maintenance_work_mem = '256MB'");
      for (const sql of renderDdl("postgres", this.tables, this.schema).afterLoad)
        await this.session.exec(sql);
      for (const t of this.tables) await this.session.exec(`ANALYZE ${this.name(t.name)}`);
      this.timing.indexMs += performance.now() - t1;
    }
    this.timing.rows = Object.values(this.rows).reduce((a, b) => a + b, 0);
    this.timing.totalMs = this.timing.schemaMs + this.timing.loadMs + this.timing.indexMs;
  }
}

class RedisLoader {
  readonly rows: Record<string, number> = {};
  readonly timing: StoreTiming = { kind: "redis", schemaMs: 0, loadMs: 0, indexMs: 0, totalMs: 0, rows: 0 };

  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {}

  async write(chunk: SampleChunk): Promise<void> {
    if (chunk.redis.length === 0) return;
    const t0 = performance.now();
    const p = this.redis.pipeline();
    for (const e of chunk.redis) {
      const key = this.prefix + e.key;
      if (e.type === "hash") p.hset(key, e.fields);
      else if (e.type === "set") p.sadd(key, ...e.members);
      else {
        const args: (string | number)[] = [];
        for (const [score, member] of e.members) args.push(score, member);
        p.zadd(key, ...args);
      }
      if (e.ttlSeconds) p.expire(key, e.ttlSeconds);
      const kind = `redis:${redisKind(e.key)}`;
      this.rows[kind] = (this.rows[kind] ?? 0) + 1;
    }
    const results = await p.exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
    this.timing.loadMs += performance.now() - t0;
  }

  finish(): void {
    this.timing.rows = Object.values(this.rows).reduce((a, b) => a + b, 0);
    this.timing.totalMs = this.timing.loadMs;
  }
}

/**
 * Creates the shop's tables and loads the generated data into the given stores: commerce into PostgreSQL (or
 * PGlite), marketing and customer service into MariaDB (or a PGlite schema), the cache into Redis. Rows go in by
 * COPY (PostgreSQL, after which keys, indexes and foreign keys are added) and by batched multi-row INSERTs in one
 * transaction per chunk (MariaDB); generation streams, so memory stays bounded. The database must exist and must
 * not hold the shop's tables yet.
 *
 * @example
 * const report = await loadSampleStore({
 *   postgres: "postgres://postgres@127.0.0.1:5432/shop_test",
 *   mysql: "mysql://root@127.0.0.1:3306/shop_test",
 *   redis: "redis://127.0.0.1:6379",
 *   prefix: "shop-test:",
 *   customers: 1000,
 *   seed: 42,
 * });
 * report.rows.customers; // 1000
 */
export async function loadSampleStore(options: LoadSampleStoreOptions): Promise<LoadReport> {
  const start = performance.now();
  const resolved = resolveSampleStoreOptions(options);
  const schemas = resolveSchemas(options);
  const opened: { close(): Promise<void> | void }[] = [];
  let commerce: SqlLoader | undefined;
  let marketing: SqlLoader | undefined;
  let cache: RedisLoader | undefined;
  try {
    if (options.postgres !== undefined) {
      const s = await openPostgresSession(options.postgres);
      opened.push(s);
      commerce = new SqlLoader(s, COMMERCE_TABLES, schemas.commerce);
    }
    if (options.mysql !== undefined) {
      const s = isPglite(options.mysql)
        ? await openPostgresSession(options.mysql)
        : await openMysqlSession(options.mysql);
      opened.push(s);
      marketing = new SqlLoader(
        s,
        MARKETING_TABLES,
        s.dialect === "postgres" ? schemas.marketing : undefined,
      );
    }
    if (options.redis !== undefined) {
      const r = await openRedis(options.redis);
      opened.push({ close: () => r.disconnect() });
      cache = new RedisLoader(r, options.prefix ?? "shop:");
    }
    // Two sessions on one PGlite run one after the other anyway; elsewhere the stores load concurrently.
    const samePglite = isPglite(options.postgres) && options.postgres === options.mysql;
    if (samePglite) {
      await commerce?.create();
      await marketing?.create();
    } else await Promise.all([commerce?.create(), marketing?.create()]);

    let generateMs = 0;
    let pending: Promise<unknown> | null = null;
    let done = 0;
    const it = generateSampleStore(options)[Symbol.iterator]();
    for (;;) {
      const g0 = performance.now();
      const next = it.next();
      generateMs += performance.now() - g0;
      if (pending) await pending;
      if (next.done) break;
      options.signal?.throwIfAborted();
      const chunk = next.value;
      const writes = samePglite
        ? (async () => {
            await commerce?.write(chunk);
            await marketing?.write(chunk);
            await cache?.write(chunk);
          })()
        : Promise.all([commerce?.write(chunk), marketing?.write(chunk), cache?.write(chunk)]);
      done += chunk.customers;
      const reported = done;
      pending = writes.then(() => options.onProgress?.(reported, resolved.customers));
      // Keep an unobserved rejection from crashing the process while the next chunk is generated.
      pending.catch(() => {});
    }
    if (samePglite) {
      await commerce?.finish();
      await marketing?.finish();
    } else await Promise.all([commerce?.finish(), marketing?.finish()]);
    cache?.finish();

    const rows: Record<string, number> = { ...commerce?.rows, ...marketing?.rows, ...cache?.rows };
    const stores: LoadReport["stores"] = {};
    if (commerce) stores.postgres = commerce.timing;
    if (marketing) stores.mysql = marketing.timing;
    if (cache) stores.redis = cache.timing;
    return {
      customers: resolved.customers,
      seed: resolved.seed,
      rows,
      stores,
      generateMs,
      totalMs: performance.now() - start,
    };
  } finally {
    for (const o of opened) await o.close();
  }
}
