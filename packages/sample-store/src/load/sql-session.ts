import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import mysql from "mysql2/promise";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import type { SqlDialect } from "../schema/render-ddl.js";

/** A PostgreSQL connection URL, or an embedded PGlite database. */
export type PostgresTarget = string | PGlite;
/** A MariaDB/MySQL connection URL, or a PGlite database (the tables then go into a schema of their own). */
export type MysqlTarget = string | PGlite;

/** One connection to one SQL store, with the few operations loading and discovery need. */
export interface SqlSession {
  kind: "postgres" | "pglite" | "mysql";
  dialect: SqlDialect;
  /** Runs one statement without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs a query and returns its rows as objects. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a query and returns its rows as arrays of values. */
  queryArrays(sql: string, params?: unknown[]): Promise<unknown[][]>;
  /** PostgreSQL family: loads COPY text into a table. */
  copyIn(target: string, text: string): Promise<void>;
  /** PostgreSQL family: streams `COPY (query) TO STDOUT` line by line. */
  copyOut(query: string, onLine: (line: string) => void): Promise<void>;
  /** MariaDB: streams a query's rows as arrays. */
  streamArrays(sql: string, onRow: (row: unknown[]) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * True when the value is a PGlite database rather than a URL.
 *
 * @example
 * isPglite("postgres://localhost/shop"); // false
 */
export function isPglite(value: unknown): value is PGlite {
  return (
    typeof value === "object" && value !== null && "exec" in value && "query" in value && "waitReady" in value
  );
}

/**
 * Opens a session on PostgreSQL (URL or an existing `pg.Client`) or PGlite. Sessions opened from a PGlite or a
 * client do not close them.
 *
 * @example
 * const s = await openPostgresSession("postgres://postgres@127.0.0.1:5432/shop");
 * await s.query("select 1 as one"); // [{ one: 1 }]
 * await s.close();
 */
export async function openPostgresSession(target: PostgresTarget | pg.Client): Promise<SqlSession> {
  if (isPglite(target)) return pgliteSession(target);
  let client: pg.Client;
  let owned = false;
  if (typeof target === "string") {
    client = new pg.Client({ connectionString: target });
    await client.connect();
    owned = true;
  } else client = target;
  return {
    kind: "postgres",
    dialect: "postgres",
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async queryArrays(sql, params = []) {
      return (await client.query({ text: sql, values: params, rowMode: "array" })).rows as unknown[][];
    },
    async copyIn(table, text) {
      const stream = client.query(copyFrom(`COPY ${table} FROM STDIN`));
      await pipeline(Readable.from([Buffer.from(text, "utf8")]), stream);
    },
    async copyOut(query, onLine) {
      const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
      let rest = "";
      await pipeline(
        stream,
        new Writable({
          decodeStrings: false,
          write(chunk: Buffer, _enc, cb) {
            const text = rest + chunk.toString("utf8");
            const lines = text.split("\n");
            rest = lines.pop() ?? "";
            for (const line of lines) onLine(line);
            cb();
          },
        }),
      );
      if (rest) onLine(rest);
    },
    async streamArrays() {
      throw new Error("streamArrays is for MariaDB sessions");
    },
    async close() {
      if (owned) await client.end();
    },
  };
}

function pgliteSession(db: PGlite): SqlSession {
  return {
    kind: "pglite",
    dialect: "postgres",
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async queryArrays(sql, params = []) {
      return (await db.query<unknown[]>(sql, params, { rowMode: "array" })).rows;
    },
    async copyIn(table, text) {
      await db.query(`COPY ${table} FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    },
    async copyOut(query, onLine) {
      const res = await db.query(`COPY (${query}) TO '/dev/blob'`);
      if (!res.blob) return;
      const text = await res.blob.text();
      for (const line of text.split("\n")) if (line) onLine(line);
    },
    async streamArrays() {
      throw new Error("streamArrays is for MariaDB sessions");
    },
    async close() {},
  };
}

/**
 * Opens a session on MariaDB or MySQL, in UTC and utf8mb4, with backslash escapes on (what the loader's literals use).
 *
 * @example
 * const s = await openMysqlSession("mysql://root@127.0.0.1:3306/shop");
 * await s.close();
 */
export async function openMysqlSession(target: string | mysql.Connection): Promise<SqlSession> {
  let conn: mysql.Connection;
  let owned = false;
  if (typeof target === "string") {
    conn = await mysql.createConnection({
      uri: target,
      timezone: "Z",
      charset: "utf8mb4",
      supportBigNumbers: true,
    });
    owned = true;
  } else conn = target;
  await conn.query("SET time_zone = '+00:00'");
  await conn.query("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'");
  return {
    kind: "mysql",
    dialect: "mysql",
    async exec(sql) {
      await conn.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const [rows] = await conn.query(sql, params);
      return rows as T[];
    },
    async queryArrays(sql, params = []) {
      const [rows] = await conn.query({ sql, values: params, rowsAsArray: true });
      return rows as unknown[][];
    },
    async copyIn() {
      throw new Error("COPY is for PostgreSQL sessions");
    },
    async copyOut() {
      throw new Error("COPY is for PostgreSQL sessions");
    },
    async streamArrays(sql, onRow) {
      // The callback API streams rows without buffering the whole result.
      const raw = (conn as unknown as { connection: import("mysql2").Connection }).connection;
      await new Promise<void>((resolve, reject) => {
        const q = raw.query({ sql, rowsAsArray: true });
        q.on("result", (row) => onRow(row as unknown as unknown[]));
        q.on("error", reject);
        q.on("end", () => resolve());
      });
    },
    async close() {
      if (owned) await conn.end();
    },
  };
}
