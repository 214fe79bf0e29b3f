import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import pg from "pg";
import { globEscape, openRedis, redactUrl } from "./open-redis.js";

/** Default server addresses, overridable by environment variables. */
export const DEFAULT_TEST_URLS = {
  postgres: "postgres://postgres@127.0.0.1:5432/postgres",
  mysql: "mysql://root@127.0.0.1:3306/",
  redis: "redis://127.0.0.1:6379",
} as const;

const HOW_TO_START = {
  postgres:
    "start it (Debian: `pg_ctlcluster <version> main start`) or point LOUPE_TEST_PG_URL at a server where you may create databases",
  mysql:
    "start it (Debian: `start-stop-daemon --start --background --exec /usr/sbin/mariadbd`) or point LOUPE_TEST_MYSQL_URL at a server where you may create databases",
  redis: "start it (`redis-server --daemonize yes`) or point LOUPE_TEST_REDIS_URL at a server",
} as const;

/** Throwaway databases (and a Redis key prefix) created for one test run or benchmark. */
export interface ScratchStores {
  /** The random suffix shared by every name. */
  suffix: string;
  /** URL of a new, empty PostgreSQL database, when asked for. */
  postgres?: string;
  /** URL of a new, empty MariaDB database, when asked for. */
  mysql?: string;
  /** Redis URL, when asked for; keys go under {@link ScratchStores.prefix}. */
  redis?: string;
  prefix: string;
  /** Drops the databases and the keys under the prefix. */
  drop(): Promise<void>;
}

export interface ScratchStoreOptions {
  postgres?: boolean;
  mysql?: boolean;
  redis?: boolean;
  /** Prefix of database names. Default `loupe_shop`. */
  label?: string;
  /** Where to read LOUPE_TEST_PG_URL, LOUPE_TEST_MYSQL_URL and LOUPE_TEST_REDIS_URL from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function unavailable(server: keyof typeof HOW_TO_START, url: string, e: unknown): Error {
  const name = server === "postgres" ? "PostgreSQL" : server === "mysql" ? "MariaDB/MySQL" : "Redis";
  const err = e as Error & { cause?: unknown };
  const reason = (err.cause instanceof Error ? err.cause.message : err.message) || String(e);
  return new Error(`${name} is not reachable at ${redactUrl(url)} (${reason}); ${HOW_TO_START[server]}`);
}

/**
 * Creates throwaway stores with a random suffix: a PostgreSQL database, a MariaDB database and a Redis key prefix,
 * on the servers named by `LOUPE_TEST_PG_URL`, `LOUPE_TEST_MYSQL_URL` and `LOUPE_TEST_REDIS_URL` (defaults: the
 * standard local ports). A server that cannot be reached fails with a message naming it and saying how to start
 * it. Existing databases are never touched; `drop()` removes only what was created here.
 *
 * @example
 * const stores = await createScratchStores({ postgres: true, mysql: true, redis: true });
 * try {
 *   await loadSampleStore({ ...stores, customers: 1000, seed: 42 });
 * } finally {
 *   await stores.drop();
 * }
 */
export async function createScratchStores(options: ScratchStoreOptions = {}): Promise<ScratchStores> {
  const env = options.env ?? process.env;
  const suffix = randomBytes(5).toString("hex");
  const label = options.label ?? "loupe_shop";
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(label))
    throw new Error("label must be lower-case letters, digits and _");
  const dbName = `${label}_${suffix}`;
  const out: ScratchStores = { suffix, prefix: `loupe-test-${suffix}:`, drop: async () => {} };
  const drops: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    const errors: unknown[] = [];
    for (const d of drops.reverse()) await d().catch((e) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  };
  try {
    if (options.postgres) {
      const admin = env.LOUPE_TEST_PG_URL || DEFAULT_TEST_URLS.postgres;
      const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
      } catch (e) {
        throw unavailable("postgres", admin, e);
      }
      try {
        await client.query(`CREATE DATABASE "${dbName}"`);
      } finally {
        await client.end();
      }
      out.postgres = withDatabase(admin, dbName);
      drops.push(async () => {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
        } finally {
          await c.end();
        }
      });
    }
    if (options.mysql) {
      const admin = env.LOUPE_TEST_MYSQL_URL || DEFAULT_TEST_URLS.mysql;
      let conn: mysql.Connection;
      try {
        conn = await mysql.createConnection({ uri: admin, connectTimeout: 5000 });
      } catch (e) {
        throw unavailable("mysql", admin, e);
      }
      try {
        await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      } finally {
        await conn.end();
      }
      out.mysql = withDatabase(admin, dbName);
      drops.push(async () => {
        const c = await mysql.createConnection({ uri: admin });
        try {
          await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
        } finally {
          await c.end();
        }
      });
    }
    if (options.redis) {
      const url = env.LOUPE_TEST_REDIS_URL || DEFAULT_TEST_URLS.redis;
      let r: Awaited<ReturnType<typeof openRedis>>;
      try {
        r = await openRedis(url);
      } catch (e) {
        throw unavailable("redis", url, e);
      }
      r.disconnect();
      out.redis = url;
      const prefix = out.prefix;
      drops.push(async () => {
        const redis = await openRedis(url);
        try {
          let cursor = "0";
          do {
            const [next, keys] = await redis.scan(cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", 1000);
            cursor = next;
            if (keys.length > 0) await redis.unlink(...keys);
          } while (cursor !== "0");
        } finally {
          redis.disconnect();
        }
      });
    }
  } catch (e) {
    await cleanup().catch(() => {});
    throw e;
  }
  out.drop = cleanup;
  return out;
}
