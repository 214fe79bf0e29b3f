import type { PGlite } from "@electric-sql/pglite";
import mysql from "mysql2/promise";
import pg from "pg";
import type { Scalar } from "../connector/connector.js";

/** A query function bound to one connection (inside a transaction or not). */
export type SqlQuery = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * The little a SQL connector needs from a driver: parameterised queries, a transaction on one connection, and how
 * to write identifiers and placeholders in its dialect.
 */
export interface SqlDriver {
  dialect: "postgres" | "mysql";
  query: SqlQuery;
  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (query: SqlQuery) => Promise<T>): Promise<T>;
  /** Quotes an identifier with the driver's own escaping. */
  id(name: string): string;
  /** The placeholder of the n-th parameter (1-based). */
  param(n: number): string;
  close(): Promise<void>;
}

/**
 * Turns a driver value into a {@link Scalar}: dates become ISO 8601 strings, big integers decimal strings, buffers
 * base64, other objects JSON.
 *
 * @example
 * toScalar(new Date(0)); // "1970-01-01T00:00:00.000Z"
 */
export function toScalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString("base64");
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  return JSON.stringify(v);
}

/**
 * A PostgreSQL driver over a `pg.Pool` opened from a URL.
 *
 * @example
 * const d = postgresDriver("postgres://postgres@127.0.0.1:5432/shop");
 * await d.query("select 1 as one"); // [{ one: 1 }]
 */
export function postgresDriver(url: string, options: { max?: number } = {}): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => {});
  return {
    dialect: "postgres",
    query: async (sql, params = []) => (await pool.query(sql, params as unknown[])).rows,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(async (sql, params = []) => (await client.query(sql, params as unknown[])).rows);
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    id: (name) => pg.escapeIdentifier(name),
    param: (n) => `$${n}`,
    close: () => pool.end(),
  };
}

/**
 * A PostgreSQL-dialect driver over an embedded PGlite database. Closing the driver closes the database only when
 * it was opened here.
 *
 * @example
 * const d = pgliteDriver(await PGlite.create());
 */
export function pgliteDriver(db: PGlite, owned = false): SqlDriver {
  return {
    dialect: "postgres",
    query: async (sql, params = []) =>
      (await db.query<Record<string, unknown>>(sql, params as unknown[])).rows,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn(
          async (sql, params = []) =>
            (await tx.query<Record<string, unknown>>(sql, params as unknown[])).rows,
        ),
      ),
    id: (name) => pg.escapeIdentifier(name),
    param: (n) => `$${n}`,
    close: async () => {
      if (owned) await db.close();
    },
  };
}

/**
 * A MySQL/MariaDB driver over a `mysql2` pool opened from a URL, in UTC and strict mode.
 *
 * @example
 * const d = mysqlDriver("mysql://root@127.0.0.1:3306/marketing");
 */
export function mysqlDriver(url: string, options: { max?: number } = {}): SqlDriver {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: options.max ?? 4,
    timezone: "Z",
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: 10_000,
  });
  pool.on("connection", (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  const run = async (conn: mysql.Pool | mysql.PoolConnection, sql: string, params: readonly unknown[]) => {
    const [rows] = await conn.execute<mysql.RowDataPacket[]>(sql, params as never);
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  };
  return {
    dialect: "mysql",
    query: (sql, params = []) => run(pool, sql, params),
    async transaction(fn) {
      const conn = await pool.getConnection();
      try {
        await conn.beginTransaction();
        const out = await fn((sql, params = []) => run(conn, sql, params));
        await conn.commit();
        return out;
      } catch (e) {
        await conn.rollback().catch(() => {});
        throw e;
      } finally {
        conn.release();
      }
    },
    id: (name) => mysql.escapeId(name, true),
    param: () => "?",
    close: () => pool.end(),
  };
}
